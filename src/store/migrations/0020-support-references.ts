import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * Short support references (`domain/support-reference.ts`): what a customer's `SP-7K3Q-9XF2`
 * stands for, for 30 days. Kept by the hash of the code, as every other code is, so the table
 * cannot be read back into working references; the primary key makes each one unique.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('support_references')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('subscription_id', 'text', (c) => c.references('subscriptions.id').onDelete('set null'))
    .addColumn('device_id', 'text', (c) => c.references('devices.id').onDelete('set null'))
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .execute();
  // Expired references are swept by their expiry.
  await db.schema
    .createIndex('support_references_expires_at')
    .on('support_references')
    .column('expires_at')
    .execute();
}
