import type { Db, Store } from '../../store/database.ts';
import type { InstallerFiles } from '../../store/installer-files.ts';
import type { MailPort } from './mail-port.ts';
import type { Clock, Random } from './ports.ts';
import type { DeviceLookup } from '../devices/device-lookup.ts';
import type { LastSeenWriter } from '../devices/last-seen.ts';
import type { Notifier } from './notifier.ts';
import type { LicenceKeySealer } from '../licences/key-sealer.ts';
import type { SupportContact } from '../../domain/support-reference.ts';
import { DEFAULT_SUPPORT_CONTACT } from '../../domain/support-reference.ts';

/**
 * What the use cases need, passed explicitly: no hidden globals. Built whole by `compose.ts`
 * and frozen there: nothing is added or swapped after the server starts.
 */
export interface Deps {
  readonly db: Db;
  readonly store: Store;
  readonly clock: Clock;
  readonly random: Random;
  readonly notifier: Notifier;
  readonly settings: Readonly<Settings>;
  /** Queues emails in the database (the outbox), inside the caller's transaction. */
  readonly mail: MailPort;
  /** Batches check-ins' "last seen" writes. */
  readonly lastSeen: LastSeenWriter;
  /** Authenticates the device requests that arrive together in one query. */
  readonly deviceLookup: DeviceLookup;
  /** Where uploaded installers are kept. */
  readonly installerFiles: InstallerFiles;
  /** Encrypts webhook secrets at rest (AES-256-GCM); derived from the auth secret (app/webhooks/secrets.ts). */
  readonly webhookKey: Uint8Array;
  /** Seals the licence-signing keys under the service's secret, and keeps the opened ones. */
  readonly licenceKeys: LicenceKeySealer;
}

export interface Settings {
  publicUrl: string;
  deliveryWindowMs: number;
  connectCodeTtlMs: number;
  /** Connect codes an account may create per hour. */
  connectCodesPerHour: number;
  /** Failed connect-code redemptions allowed per client address per window (see `connectDevice`). */
  connectFailuresPerWindow: number;
  connectFailureWindowMs: number;
  /** Unknown enrolment keys allowed per client address per window (see `enrollDevice`). */
  enrollFailuresPerWindow: number;
  enrollFailureWindowMs: number;
  /**
   * Failed sign-ins allowed per window from one client address against one account, and failed
   * activation codes per account. What one guesser gets; see `signIn` for the whole design.
   */
  guessFailuresPerWindow: number;
  /**
   * Failed sign-ins allowed per window against one account from all addresses together: what
   * protects an account from guessers on many addresses. Above `guessFailuresPerWindow`, so that
   * a guesser on one address cannot lock the owner out.
   */
  accountGuessFailuresPerWindow: number;
  /**
   * Failed sign-ins (to any accounts) and, separately, failed activation codes allowed per window
   * from one client address: high, because a whole office or carrier NAT may share one address.
   */
  addressGuessFailuresPerWindow: number;
  guessFailureWindowMs: number;
  /**
   * How precisely a device's "last seen" is kept: a check-in writes it only when the stored one is
   * older than this, so that most check-ins only read (the hot path of millions of devices).
   */
  lastSeenResolutionMs: number;
  /** Without SMTP, mail stays in the outbox and each account reads its own at /v1/me/mailbox. */
  localMailbox: boolean;
  /** How long an emailed download link works. */
  downloadLinkTtlMs: number;
  /** Download links an account may send per hour, and one address may receive per day. */
  downloadLinksPerAccountPerHour: number;
  downloadLinksPerRecipientPerDay: number;
  /** One-time codes a download link's page may hand out per hour, and how long each works. */
  linkCodesPerLinkPerHour: number;
  linkCodeTtlMs: number;
  /** The largest installer an operator may upload. */
  maxInstallerBytes: number;
  /** Webhook endpoints may be http and private, loopback or link-local addresses (tests, closed networks). */
  webhookAllowPrivate: boolean;
  /** How long one webhook attempt may take, and how long a rotated secret keeps signing beside the new one. */
  webhookTimeoutMs: number;
  webhookSecretOverlapMs: number;
  /** Who is emailed when a webhook endpoint is disabled for failing; null: it is only logged. */
  operatorEmail: string | null;
  /** How long before a silent device's seats free its owner is emailed (at most half the product's `inactiveAfter`). */
  silentDeviceWarningMs: number;
  /** How long a device's offline licence is valid (SEATPOST_LICENCE_TTL): it must check in before. */
  licenceTtlMs: number;
  /** How old the licence-signing key gets before a new one replaces it. */
  licenceKeyRotationMs: number;
  /** RFC 8628: how long a device code and its user code live, and the polling interval given out. */
  deviceCodeTtlMs: number;
  deviceFlowIntervalMs: number;
  /** Device authorization requests one client address may make per hour. */
  deviceAuthorizationsPerAddressPerHour: number;
  /** Where customers reach customer service (SEATPOST_SUPPORT_CONTACT): an email address or an https URL. */
  supportContact: SupportContact;
  /** Support references an account may make per hour. */
  supportReferencesPerHour: number;
}

export const DEFAULT_SETTINGS: Omit<Settings, 'publicUrl' | 'deliveryWindowMs' | 'localMailbox'> = {
  connectCodeTtlMs: 10 * 60_000,
  connectCodesPerHour: 120,
  connectFailuresPerWindow: 10,
  connectFailureWindowMs: 15 * 60_000,
  enrollFailuresPerWindow: 100,
  enrollFailureWindowMs: 15 * 60_000,
  guessFailuresPerWindow: 20,
  accountGuessFailuresPerWindow: 50,
  addressGuessFailuresPerWindow: 200,
  guessFailureWindowMs: 15 * 60_000,
  lastSeenResolutionMs: 5 * 60_000,
  downloadLinkTtlMs: 7 * 86_400_000,
  downloadLinksPerAccountPerHour: 10,
  downloadLinksPerRecipientPerDay: 5,
  linkCodesPerLinkPerHour: 20,
  // Longer than a plain connect code's: the installer has to download and install first.
  linkCodeTtlMs: 60 * 60_000,
  maxInstallerBytes: 2 * 1024 ** 3,
  webhookAllowPrivate: false,
  webhookTimeoutMs: 10_000,
  webhookSecretOverlapMs: 24 * 3_600_000,
  operatorEmail: null,
  silentDeviceWarningMs: 14 * 86_400_000,
  licenceTtlMs: 30 * 86_400_000,
  licenceKeyRotationMs: 30 * 86_400_000,
  deviceCodeTtlMs: 10 * 60_000,
  deviceFlowIntervalMs: 5_000,
  deviceAuthorizationsPerAddressPerHour: 120,
  supportContact: DEFAULT_SUPPORT_CONTACT,
  supportReferencesPerHour: 30,
};
