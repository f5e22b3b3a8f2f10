import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * The vendor's staff: better-auth accounts given a role (`support`, `admin`) by the operator, and
 * the staff audit: who did what to whose things, when, and the reason they gave. The audit keeps
 * the staff member's address, so an entry outlives the account that made it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('staff')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('user.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('staff_audit')
    .addColumn('id', t.serial, (c) =>
      t.dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('staff_account_id', 'text', (c) => c.references('user.id').onDelete('set null'))
    .addColumn('staff_email', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('organization_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  // A customer's page shows what staff did for them; an organization's likewise.
  await db.schema
    .createIndex('staff_audit_account')
    .on('staff_audit')
    .columns(['account_id', 'id'])
    .execute();
  await db.schema
    .createIndex('staff_audit_organization')
    .on('staff_audit')
    .columns(['organization_id', 'id'])
    .execute();
}
