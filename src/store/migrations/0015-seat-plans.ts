import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * Seat plans (issue 15): a delivery that replaces another device's seat, reserves that wait on a
 * device for its current subscription to end, revocations the device acknowledges, and device
 * events that carry more than deliveries (`kind`; `delivery_id` then names the revocation or the
 * reserve, since SQLite cannot relax its NOT NULL without rebuilding the table).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('deliveries').addColumn('replaces_device_id', 'text').execute();
  await db.schema
    .alterTable('device_events')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('delivery'))
    .execute();
  await db.schema
    .createTable('reserves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('app', 'text', (c) => c.notNull())
    .addColumn('sender_account_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('started_at', t.timestamp)
    .addColumn('activation_id', 'text')
    .execute();
  // At most one reserve waits per app and device: the last line of defence behind the locks.
  await db.schema
    .createIndex('reserves_one_waiting')
    .on('reserves')
    .columns(['device_id', 'app'])
    .unique()
    .where(sql.ref('status'), '=', 'waiting')
    .execute();
  await db.schema.createIndex('reserves_subscription').on('reserves').column('subscription_id').execute();
  await db.schema
    .createTable('revocations')
    // The ended activation's id: one revocation per activation.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('app', 'text', (c) => c.notNull())
    .addColumn('ended_because', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('acked_at', t.timestamp)
    .execute();
  await db.schema.createIndex('revocations_device').on('revocations').column('device_id').execute();
}
