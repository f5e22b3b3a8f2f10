import type { Db } from './database.ts';
import { oneOf, toDate, toDateOrNull } from './dialect.ts';
import type { SilenceHolding } from './silent-devices.repository.ts';

/**
 * The console's reads about an organization's managed devices that the devices' pages do not
 * carry: which of them hold a product that frees silent devices' seats (the console's silent
 * notice), and the names of devices named by id elsewhere (look-alikes may be on another page).
 */

/** A managed device holding a product with `inactiveAfter`, with the name the console shows. */
export interface NamedSilenceHolding extends SilenceHolding {
  deviceName: string;
}

export async function silenceHoldingsOfOrganization(
  db: Db,
  organizationId: string,
): Promise<NamedSilenceHolding[]> {
  const rows = await db
    .selectFrom('activations')
    .innerJoin('subscriptions', 'subscriptions.id', 'activations.subscription_id')
    .innerJoin('products', 'products.id', 'subscriptions.product_id')
    .innerJoin('devices', 'devices.id', 'activations.device_id')
    .leftJoin('device_keeps', 'device_keeps.device_id', 'devices.id')
    .select([
      'devices.id as device_id',
      'devices.name as device_name',
      'devices.last_seen_at',
      'device_keeps.kept_at',
      'products.id as product_id',
      'products.name as product_name',
      'products.inactive_after',
    ])
    .where('devices.organization_id', '=', organizationId)
    .where('devices.disconnected_at', 'is', null)
    .where('activations.ended_at', 'is', null)
    .where('products.inactive_after', 'is not', null)
    .orderBy('devices.id')
    .orderBy('products.id')
    .execute();
  return rows.map((r) => ({
    deviceId: r.device_id,
    deviceName: r.device_name,
    lastSeenAt: toDate(r.last_seen_at),
    keptAt: toDateOrNull(r.kept_at),
    product: { id: r.product_id, name: r.product_name, inactiveAfter: r.inactive_after! },
  }));
}

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
