import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

/** Business customers: organizations, their members and invitations, managed devices, the audit log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('user.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['organization_id', 'account_id'])
    .execute();
  await db.schema.createIndex('memberships_account').on('memberships').column('account_id').execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('accepted_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('invitations_org')
    .on('invitations')
    .columns(['organization_id', 'email'])
    .execute();

  await db.schema.alterTable('devices').addColumn('group_name', 'text').execute();
  await db.schema.createIndex('devices_organization').on('devices').column('organization_id').execute();
  await db.schema.alterTable('connect_codes').addColumn('organization_id', 'text').execute();
  await db.schema
    .createIndex('subscriptions_organization')
    .on('subscriptions')
    .column('organization_id')
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', t.serial, (c) =>
      t.dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    )
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('actor_account_id', 'text')
    .addColumn('actor_email', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_org').on('audit_log').columns(['organization_id', 'id']).execute();
}
