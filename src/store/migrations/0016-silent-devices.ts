import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * Silent devices (issue 15, item 5). A product's `inactiveAfter` ("90d"; null: never). One row
 * per warning sent: unique per device, product and silence (the last sign of life it is about),
 * so that two nodes that both find a warning due write it, and queue its email, once. Its token
 * (stored hashed) is the email's one-click "Keep this device". `device_keeps`: the owner's last
 * "Keep", which restarts the device's silence without pretending that it checked in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('products').addColumn('inactive_after', 'text').execute();
  await db.schema
    .createTable('inactivity_warnings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('product_id', 'text', (c) => c.notNull())
    .addColumn('silent_since', t.timestamp, (c) => c.notNull())
    .addColumn('ends_at', t.timestamp, (c) => c.notNull())
    .addColumn('warned_at', t.timestamp, (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('closed_at', t.timestamp)
    .addColumn('outcome', 'text')
    .execute();
  await db.schema
    .createIndex('inactivity_warnings_once')
    .on('inactivity_warnings')
    .columns(['device_id', 'product_id', 'silent_since'])
    .unique()
    .execute();
  await db.schema
    .createIndex('inactivity_warnings_open_by_end')
    .on('inactivity_warnings')
    .column('ends_at')
    .where(sql.ref('closed_at'), 'is', null)
    .execute();
  await db.schema
    .createTable('device_keeps')
    .addColumn('device_id', 'text', (c) => c.primaryKey())
    .addColumn('kept_at', t.timestamp, (c) => c.notNull())
    .execute();
}
