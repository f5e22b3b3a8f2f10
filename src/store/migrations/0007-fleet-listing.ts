import type { Kysely } from 'kysely';

/**
 * A customer's devices in the order the portal lists them, straight from an index: the pre-flight
 * of a fleet of thousands read them all and then sorted them, every time. It replaces the index
 * on the account alone, which is its prefix.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('devices_account_listing')
    .on('devices')
    .columns(['account_id', 'connected_at', 'id'])
    .execute();
  await db.schema.dropIndex('devices_account').execute();
}
