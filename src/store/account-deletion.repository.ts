import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * A deleted account's row stays, as a tombstone with no personal data, so that what refers to
 * it (audit entries, ended activations, seat history) stays whole; its address is freed for a
 * new sign-up, and no one can sign in to it (its credentials are deleted).
 */
export async function anonymizeAccount(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('user')
    .set({
      email: `deleted-${id}@deleted.invalid`,
      name: 'Deleted account',
      country: null,
      language: null,
      emailVerified: false,
      updatedAt: at,
    })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('account').where('userId', '=', id).execute();
  await db.deleteFrom('twoFactor').where('userId', '=', id).execute();
}

/** The account's audit entries stay, without its address, client address, or its address in their details. */
export async function scrubAudit(db: Db, id: string, email: string): Promise<void> {
  await db
    .updateTable('audit_log')
    .set({ actor_email: null, ip: null })
    .where('actor_account_id', '=', id)
    .execute();
  await db
    .updateTable('audit_log')
    .set({ detail: sql<string>`replace(detail, ${email}, '(deleted account)')` })
    .where('detail', 'like', `%${email.replace(/[%_]/g, '')}%`)
    .execute();
}

/** The subscriptions the account held go back to their activation codes; its memberships end. */
export async function releaseHoldings(db: Db, id: string, at: Date): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set({ owner_account_id: null, updated_at: at })
    .where('owner_account_id', '=', id)
    .execute();
  await db.deleteFrom('memberships').where('account_id', '=', id).execute();
}

/** Mail to the address that is still waiting, or kept for the demo's mailbox. */
export async function deleteMailTo(db: Db, email: string): Promise<void> {
  await db.deleteFrom('mail_outbox').where('to_address', '=', email.toLowerCase()).execute();
}
