import type { ColumnType, Generated } from 'kysely';

// As in schema.ts (not imported from it, so that the two files do not import each other).
type Timestamp = ColumnType<Date | string, Date, Date>;

/** An organization's enrolment key (migration 0017); the key itself is stored only as its SHA-256. */
export interface EnrollmentKeyTable {
  id: string;
  organization_id: string;
  name: string;
  group_name: string | null;
  key_hash: string;
  /** The key's last characters, so that an admin can tell keys apart without the key being stored. */
  key_hint: string;
  /** The account that made the key: enrolments with it are audited under this account. */
  created_by: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  max_uses: number | null;
  uses: Generated<number>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
