import type { ColumnType } from 'kysely';

// As in schema.ts (not imported from it, so that the two files do not import each other).
type Timestamp = ColumnType<Date | string, Date, Date>;

/** A warning that a silent device's activations of a product will end (migration 0016). */
export interface InactivityWarningTable {
  id: string;
  device_id: string;
  product_id: string;
  /** The device's last sign of life the warning is about. */
  silent_since: Timestamp;
  /** The date the email promised; moved later (never sooner) if the product's `inactiveAfter` grows. */
  ends_at: Timestamp;
  warned_at: Timestamp;
  /** The "Keep this device" link's token, hashed; it works until `ends_at`. */
  token_hash: string;
  /** The account's language when it was sent: the email's and the keep page's. */
  language: string;
  closed_at: Timestamp | null;
  /** `InactivityOutcome` once closed. */
  outcome: string | null;
}

/** The owner's last "Keep this device". */
export interface DeviceKeepTable {
  device_id: string;
  kept_at: Timestamp;
}
