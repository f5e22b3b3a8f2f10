import type { ColumnType } from 'kysely';

// As in schema.ts (not imported from it, so that the two files do not import each other).
type Timestamp = ColumnType<Date | string, Date, Date>;
type Int = ColumnType<number, number, number>;

/** What makes a device the same device (migration 0014): its key, its hardware hint, a merge. */
export interface DeviceIdentityTable {
  device_id: string;
  /** `account:<id>` or `organization:<id>`: a key is unique within it. */
  scope: string;
  /** base64url of the raw 32-byte Ed25519 public key. */
  public_key: string | null;
  hardware_id: string | null;
  /** Set on a duplicate merged into another device. */
  merged_into: string | null;
  merged_at: Timestamp | null;
  /** The account that merged it. */
  merged_by: string | null;
  created_at: Timestamp;
}

/** A lost device's token, hashed: refused with its own code, each attempt recorded. */
export interface RefusedTokenTable {
  token_hash: string;
  device_id: string;
  /** When the device was reported lost. */
  refused_since: Timestamp;
  attempts: Int;
  last_attempt_at: Timestamp | null;
  last_attempt_address: string | null;
}
