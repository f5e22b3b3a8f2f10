import type { Db } from './database.ts';
import { oneOf, toDate } from './dialect.ts';

/**
 * The console's reads about an organization's managed devices that the devices' pages do not
 * carry: the names of devices named by id elsewhere (look-alikes may be on another page).
 */

/** The organization's connected devices among `ids`, as the console names them. */
export async function namedOrganizationDevices(
  db: Db,
  organizationId: string,
  ids: readonly string[],
): Promise<{ id: string; name: string; platform: string; connectedAt: Date; lastSeenAt: Date }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'name', 'platform', 'connected_at', 'last_seen_at'])
    .where('organization_id', '=', organizationId)
    .where('disconnected_at', 'is', null)
    .where(oneOf(db, 'id', ids))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    platform: r.platform,
    connectedAt: toDate(r.connected_at),
    lastSeenAt: toDate(r.last_seen_at),
  }));
}
