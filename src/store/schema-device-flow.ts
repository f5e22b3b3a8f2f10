import type { ColumnType } from 'kysely';

// As in schema.ts (not imported from it, so that the two files do not import each other).
type Timestamp = ColumnType<Date | string, Date, Date>;

/** A device authorization request (RFC 8628): both codes hashed; see migration 0018. */
export interface DeviceAuthorizationTable {
  id: string;
  device_code_hash: string;
  user_code_hash: string;
  client_id: string;
  /** The device's own hints, shown to the person who approves it. */
  device_name: string | null;
  platform: string | null;
  /** `DEVICE_AUTHORIZATION_STATUSES`; expiry is derived from `expires_at`. */
  status: string;
  interval_ms: number;
  last_polled_at: Timestamp | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  decided_at: Timestamp | null;
  /** Who approved or denied it, and the organization an approved device joins (null: the account). */
  account_id: string | null;
  organization_id: string | null;
  /** The device made when the code was exchanged for a token. */
  device_id: string | null;
}
