import type { ColumnType } from 'kysely';

// As in schema.ts (not imported from it, so that the two files do not import each other).
type Timestamp = ColumnType<Date | string, Date, Date>;

/** A subscription issued to an address no verified account holds yet (migration 0021). */
export interface OwnerClaimTable {
  subscription_id: string;
  /** Lower case. */
  email: string;
  created_at: Timestamp;
}

/** better-auth's one-time values (reset tokens among them): only what telling an expired link from a used one needs. */
export interface VerificationTable {
  id: string;
  identifier: string;
  /** For a reset token, the account's id. */
  value: string;
  expiresAt: Timestamp;
}

/** better-auth's credentials (the password hash among them): only what deleting an account needs. */
export interface AuthAccountTable {
  id: string;
  userId: string;
}

/** better-auth's two-factor secrets and recovery codes: only what deleting an account needs. */
export interface TwoFactorTable {
  id: string;
  userId: string;
}

/** The tables above, as `Database` (schema.ts) includes them. */
export interface AccountTables {
  owner_claims: OwnerClaimTable;
  verification: VerificationTable;
  account: AuthAccountTable;
  twoFactor: TwoFactorTable;
}
