import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * Enrolment keys (issue 16): an organization admin's reusable key that enrols devices as the
 * organization's managed devices. Only the key's SHA-256 is stored (unique: looked up by it).
 * `uses` is counted by one conditional update (`uses < max_uses`) in the enrolment's
 * transaction, so that racing enrolments never pass the limit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('enrollment_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('group_name', 'text')
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_hint', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp)
    .addColumn('max_uses', 'integer')
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_used_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('enrollment_keys_organization')
    .on('enrollment_keys')
    .columns(['organization_id', 'created_at'])
    .execute();
}
