import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * Device authorization requests (RFC 8628, issue 16): one row per code a device asked for. Both
 * codes are stored hashed. `interval_ms` grows with every `slow_down`; `last_polled_at` is what
 * the next poll is measured against. Once approved, the approver (and the organization the
 * device joins) are kept; once exchanged, the device that was made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('device_authorizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('device_name', 'text')
    .addColumn('platform', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('interval_ms', 'integer', (c) => c.notNull())
    .addColumn('last_polled_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .addColumn('decided_at', t.timestamp)
    .addColumn('account_id', 'text')
    .addColumn('organization_id', 'text')
    .addColumn('device_id', 'text')
    .execute();
}
