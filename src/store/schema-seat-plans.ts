import type { ColumnType } from 'kysely';

// As in schema.ts (not imported from it, so that the two files do not import each other).
type Timestamp = ColumnType<Date | string, Date, Date>;

/** A subscription waiting on a device as a reserve until the app's current one ends (issue 15). */
export interface ReserveTable {
  id: string;
  subscription_id: string;
  device_id: string;
  app: string;
  sender_account_id: string;
  channel: string;
  /** `ReserveStatus`. */
  status: string;
  /** Why it could not start (a reason code), once `failed`. */
  reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  started_at: Timestamp | null;
  /** The activation it became. */
  activation_id: string | null;
}

/** An activation that ended under a running app, which the device is told of and acknowledges. */
export interface RevocationTable {
  /** The ended activation's id. */
  id: string;
  device_id: string;
  subscription_id: string;
  app: string;
  /** `ActivationEndReason`. */
  ended_because: string;
  created_at: Timestamp;
  acked_at: Timestamp | null;
}
