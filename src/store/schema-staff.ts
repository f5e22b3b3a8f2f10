import type { ColumnType, Generated } from 'kysely';

// As in schema.ts (not imported from it, so that the two files do not import each other).
type Timestamp = ColumnType<Date | string, Date, Date>;

/** The vendor's staff (migration 0022): an account and its role (`domain/staff.ts`). */
export interface StaffTable {
  account_id: string;
  role: string;
  created_at: Timestamp;
}

/** What staff did to a customer's things, and why: the staff audit (migration 0022). */
export interface StaffAuditTable {
  id: Generated<number>;
  staff_account_id: string | null;
  /** Kept as it was: the entry still names the person after their account is gone. */
  staff_email: string;
  action: string;
  target_type: string;
  target_id: string | null;
  /** The customer's account, or the organization, the action was for. */
  account_id: string | null;
  organization_id: string | null;
  reason: string;
  /** JSON object with what changed. */
  detail: string;
  created_at: Timestamp;
}

/** The staff tables, for `Database` in schema.ts. */
export interface StaffTables {
  staff: StaffTable;
  staff_audit: StaffAuditTable;
}
