import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Scale-out: a fingerprint of each device's installed apps, so that a check-in compares what the
 * app reports without reading `device_apps` (the hot path reads one row); and an index that lets
 * the background expiry job find overdue open deliveries without scanning.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('apps_fingerprint', 'text').execute();
  await db.schema
    .createIndex('deliveries_open_by_expiry')
    .on('deliveries')
    .column('expires_at')
    .where(sql.ref('status'), 'in', ['pending', 'delivered', 'action_required'])
    .execute();
}
