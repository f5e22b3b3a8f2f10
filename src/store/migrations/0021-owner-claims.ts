import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * Subscriptions issued to an address (`ownerEmail`) that no verified account holds yet: they
 * wait here, and attach to the account that proves the address (app/accounts/owner-claims.ts).
 * One claim per subscription; looked up by the address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('owner_claims')
    .addColumn('subscription_id', 'text', (c) =>
      c.primaryKey().references('subscriptions.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('owner_claims_email').on('owner_claims').column('email').execute();
}
