import type { ColumnType, Generated } from 'kysely';
import type { WebhookAttemptTable, WebhookEndpointTable, WebhookMessageTable } from './schema-webhooks.ts';
import type { DeviceKeepTable, InactivityWarningTable } from './schema-silent-devices.ts';
import type { DeviceIdentityTable, RefusedTokenTable } from './schema-seat-life.ts';
import type { SupportTables } from './schema-support.ts';
import type { StaffTables } from './schema-staff.ts';
import type { EnrollmentKeyTable } from './schema-enrollment.ts';
import type { DeviceAuthorizationTable } from './schema-device-flow.ts';
import type { AccountTables } from './schema-accounts.ts';
import type { ReserveTable, RevocationTable } from './schema-seat-plans.ts';

/** A timestamp: PostgreSQL returns a Date, SQLite the ISO string we stored. Always written as a Date. */
export type Timestamp = ColumnType<Date | string, Date, Date>;
/** A flag: PostgreSQL returns a boolean, SQLite 0/1. */
export type Flag = ColumnType<boolean | number, boolean, boolean>;
/** An integer counted by PostgreSQL as bigint may come back as a string; repositories normalize. */
export type Int = ColumnType<number, number, number>;

/** better-auth's user table: our accounts, with the fields we add. */
export interface UserTable {
  id: string;
  email: string;
  name: string;
  emailVerified: Flag;
  country: string | null;
  language: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** better-auth's session table: only what a long-lived stream re-checks (see stream-access.repository.ts). */
export interface SessionTable {
  id: string;
  userId: string;
  expiresAt: Timestamp;
}

export interface ProductTable {
  id: string;
  name: string;
  app: string;
  app_versions: string;
  /** JSON array of ISO 3166 alpha-2 codes. */
  regions: string;
  business: Flag;
  per_user_service: Flag;
  created_at: Timestamp;
  /** `"90d"`-style (domain/inactivity.ts); null: devices never lose their seats for being silent. */
  inactive_after: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SubscriptionTable {
  id: string;
  product_id: string;
  kind: string;
  renewal: string;
  unit: string;
  seats: number;
  starts_at: Timestamp;
  expires_at: Timestamp;
  state: string;
  activation_code_hash: string;
  /** The code's last characters, so a customer can tell codes apart without the code being stored. */
  activation_code_hint: string;
  owner_account_id: string | null;
  organization_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeviceTable {
  id: string;
  account_id: string | null;
  organization_id: string | null;
  name: string;
  platform: string;
  region: string | null;
  token_hash: string | null;
  /** A label an organization's admin gives managed devices, to filter and send by. */
  group_name: string | null;
  /** `appsFingerprint()` of its installed apps (null until first written). */
  apps_fingerprint: string | null;
  connected_at: Timestamp;
  disconnected_at: Timestamp | null;
  last_seen_at: Timestamp;
}

export interface DeviceAppTable {
  device_id: string;
  app: string;
  version: string;
}

export interface ActivationTable {
  id: string;
  device_id: string;
  app: string;
  subscription_id: string;
  delivery_id: string | null;
  started_at: Timestamp;
  ended_at: Timestamp | null;
  /** `ActivationEndReason` once ended (null for rows ended before it was recorded). */
  ended_because: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeliveryTable {
  id: string;
  subscription_id: string;
  device_id: string;
  sender_account_id: string;
  channel: string;
  status: string;
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  expires_at: Timestamp;
  delivered_at: Timestamp | null;
  action_required_at: Timestamp | null;
  finished_at: Timestamp | null;
  /** The send that made it: one request's deliveries, undone together (migration 0019). */
  send_id: string | null;
  /** A replace-send: the device whose seat it takes over when it completes (migration 0015). */
  replaces_device_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DeviceEventTable {
  id: Generated<number>;
  device_id: string;
  /** For kind `revocation` the revocation's id, for `reserve` the reserve's (migration 0015). */
  delivery_id: string;
  status: string;
  created_at: Timestamp;
  /** `DeviceEventKind`. */
  kind: ColumnType<string, string | undefined, string>;
}

export interface ConnectCodeTable {
  code_hash: string;
  account_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  device_id: string | null;
  /** Set for an organization's code: the device joins the organization, managed by it. */
  organization_id: string | null;
  /** Set for a code from a download link: connecting applies this subscription when the rules allow. */
  subscription_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IdempotencyKeyTable {
  account_id: string;
  key: string;
  request_hash: string;
  response: string;
  created_at: Timestamp;
}

export interface RateLimitTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

export interface OrganizationTable {
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface MembershipTable {
  organization_id: string;
  account_id: string;
  role: string;
  created_at: Timestamp;
}

export interface InvitationTable {
  id: string;
  organization_id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  organization_id: string;
  actor_account_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  /** JSON object with what changed. */
  detail: string;
  ip: string | null;
  created_at: Timestamp;
}

export interface MailOutboxTable {
  id: string;
  message_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  created_at: Timestamp;
  attempts: number;
  next_attempt_at: Timestamp;
  sent_at: Timestamp | null;
  transport: string | null;
  last_error: string | null;
  /** The account that caused the message, when one did (a download link); null for invitations. */
  sender_account_id: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A release of a product's app for one platform: an uploaded file or the vendor's own URL. */
export interface InstallerTable {
  id: string;
  product_id: string;
  platform: string;
  version: string;
  file_name: string;
  size: ColumnType<number | string | null, number | null, number | null>;
  /** Hex SHA-256 of the file, as `sha256sum` prints it. */
  sha256: string;
  storage_key: string | null;
  external_url: string | null;
  created_at: Timestamp;
}

/** An emailed download link: its token is stored only hashed; it names one subscription. */
export interface DownloadLinkTable {
  id: string;
  token_hash: string;
  subscription_id: string;
  account_id: string;
  email: string;
  /** The account's language when it was sent: the email's and the download page's. */
  language: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** One row, rewritten by the readiness write probe. */
export interface HealthProbeTable {
  id: number;
  probed_at: Timestamp;
}

/** A key that signs offline licences; the private key only encrypted (see app/licences/licence-keys.ts). */
export interface LicenceKeyTable {
  /** The key's `kid`: its JWK thumbprint. */
  id: string;
  /** The newest signs; unique, so that two nodes adding the next one agree on it. */
  generation: Int;
  public_jwk: string;
  /** `v1.<iv>.<tag>.<ciphertext>` (base64url) of the PKCS#8 key: AES-256-GCM, the kid as AAD. */
  private_key: string;
  created_at: Timestamp;
}

export interface Database extends AccountTables, SupportTables, StaffTables {
  installers: InstallerTable;
  download_links: DownloadLinkTable;
  mail_outbox: MailOutboxTable;
  organizations: OrganizationTable;
  memberships: MembershipTable;
  invitations: InvitationTable;
  audit_log: AuditLogTable;
  user: UserTable;
  session: SessionTable;
  products: ProductTable;
  subscriptions: SubscriptionTable;
  devices: DeviceTable;
  device_apps: DeviceAppTable;
  activations: ActivationTable;
  deliveries: DeliveryTable;
  device_events: DeviceEventTable;
  connect_codes: ConnectCodeTable;
  idempotency_keys: IdempotencyKeyTable;
  rate_limits: RateLimitTable;
  health_probe: HealthProbeTable;
  licence_keys: LicenceKeyTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_messages: WebhookMessageTable;
  webhook_attempts: WebhookAttemptTable;
  inactivity_warnings: InactivityWarningTable;
  device_keeps: DeviceKeepTable;
  device_identities: DeviceIdentityTable;
  refused_tokens: RefusedTokenTable;
  enrollment_keys: EnrollmentKeyTable;
  device_authorizations: DeviceAuthorizationTable;
  reserves: ReserveTable;
  revocations: RevocationTable;
}
