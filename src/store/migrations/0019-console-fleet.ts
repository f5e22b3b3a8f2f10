import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * The console at fleet scale. Managed devices are paged by keyset on each sort the console
 * offers, so every page is one short index range, whatever the fleet's size: the key
 * expressions here are the ones `managed-devices.repository.ts` orders by, character for
 * character (an expression index is used only for the same expression). A send gets an id,
 * so that the whole of it can be undone; a subscription's deliveries are listed newest first.
 * An invitation can be revoked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  const managed = sql`where organization_id is not null and disconnected_at is null`;
  await sql`create index devices_org_by_name on devices (organization_id, lower(name), id) ${managed}`.execute(
    db,
  );
  await sql`create index devices_org_by_seen on devices (organization_id, last_seen_at, id) ${managed}`.execute(
    db,
  );
  await sql`create index devices_org_by_group on devices (organization_id, lower(coalesce(group_name, '')), lower(name), id) ${managed}`.execute(
    db,
  );

  await db.schema.alterTable('deliveries').addColumn('send_id', 'text').execute();
  await sql`create index deliveries_send on deliveries (send_id) where send_id is not null`.execute(db);
  await db.schema
    .createIndex('deliveries_subscription_listing')
    .on('deliveries')
    .columns(['subscription_id', 'created_at', 'id'])
    .execute();

  await db.schema.alterTable('invitations').addColumn('revoked_at', t.timestamp).execute();
}
