import type { ColumnType } from 'kysely';

// As in schema.ts (not imported from it, so that the two files do not import each other).
type Timestamp = ColumnType<Date | string, Date, Date>;

/** A short support reference (`domain/support-reference.ts`), kept by the hash of its code. */
export interface SupportReferenceTable {
  code_hash: string;
  account_id: string;
  subscription_id: string | null;
  device_id: string | null;
  /** JSON array of reason or error codes. */
  reasons: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** The support tables, for `Database` in schema.ts. */
export interface SupportTables {
  support_references: SupportReferenceTable;
}
