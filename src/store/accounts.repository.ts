import type { Db } from './database.ts';

/** The account that holds a proven address, if any (addresses are kept in lower case). */
export async function findVerifiedAccountIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('user')
    .select(['id', 'emailVerified'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row && row.emailVerified ? row.id : undefined;
}

/** Whether the account's address is proven. */
export async function isAccountVerified(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('user').select('emailVerified').where('id', '=', id).executeTakeFirst();
  return !!row?.emailVerified;
}

/** A subscription issued to `email` waits for the account that proves it. */
export async function insertOwnerClaim(
  db: Db,
  subscriptionId: string,
  email: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('owner_claims')
    .values({ subscription_id: subscriptionId, email: email.toLowerCase(), created_at: at })
    .execute();
}

/**
 * The subscriptions waiting for `email` become the account's, unless someone added them by
 * activation code meanwhile (or they belong to an organization); the claims are spent either
 * way. Returns how many attached.
 */
export async function attachOwnerClaims(db: Db, accountId: string, email: string, at: Date): Promise<number> {
  const address = email.toLowerCase();
  const waiting = db.selectFrom('owner_claims').select('subscription_id').where('email', '=', address);
  const r = await db
    .updateTable('subscriptions')
    .set({ owner_account_id: accountId, updated_at: at })
    .where('id', 'in', waiting)
    .where('owner_account_id', 'is', null)
    .where('organization_id', 'is', null)
    .executeTakeFirst();
  await db.deleteFrom('owner_claims').where('email', '=', address).execute();
  return Number(r.numUpdatedRows);
}

/** A password-reset token better-auth still holds: until when, and for which account. */
export async function findResetToken(
  db: Db,
  token: string,
): Promise<{ expiresAt: Date; accountId: string } | undefined> {
  const row = await db
    .selectFrom('verification')
    .select(['expiresAt', 'value'])
    .where('identifier', '=', `reset-password:${token}`)
    .executeTakeFirst();
  return row && { expiresAt: new Date(row.expiresAt), accountId: row.value };
}

/** The demo's account starts with its address proven. */
export async function markEmailVerified(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('user').set({ emailVerified: true, updatedAt: at }).where('id', '=', id).execute();
}

/** The account's language, as chosen on the sign-in page. */
export async function setAccountLanguage(db: Db, id: string, language: string, at: Date): Promise<void> {
  await db.updateTable('user').set({ language, updatedAt: at }).where('id', '=', id).execute();
}

/** The account a half-finished two-factor sign-in belongs to (better-auth's `2fa-…` value), if it is still open. */
export async function findTwoFactorChallenge(db: Db, identifier: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('verification')
    .select('value')
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  return row?.value;
}
