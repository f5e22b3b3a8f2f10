import type { Selectable } from 'kysely';
import type { InstalledApp } from '../domain/model.ts';
import type { Db } from './database.ts';
import type { DeviceTable } from './schema.ts';

/**
 * What sending needs of a listed device, and no more: a fleet's pre-flight lists thousands, and
 * parsing timestamps nobody reads cost more than the query. Listed devices are connected.
 */
export interface SendableDevice {
  id: string;
  accountId: string | null;
  organizationId: string | null;
  name: string;
  platform: string;
  region: string | null;
  disconnectedAt: null;
  /** The product's app on the device: one entry, or none when it is not installed. */
  apps: InstalledApp[];
}

const SENDABLE_COLUMNS = [
  'devices.id',
  'devices.account_id',
  'devices.organization_id',
  'devices.name',
  'devices.platform',
  'devices.region',
  'device_apps.version',
] as const;

/**
 * Connected devices with one app's version joined in: the pre-flight and the send read a fleet
 * of thousands in one query, instead of listing it and then fetching its apps by id. Callers
 * say whose devices and in which order.
 */
export function sendableDevices(db: Db, app: string) {
  return db
    .selectFrom('devices')
    .leftJoin('device_apps', (j) =>
      j.onRef('device_apps.device_id', '=', 'devices.id').on('device_apps.app', '=', app),
    )
    .select(SENDABLE_COLUMNS)
    .where('devices.disconnected_at', 'is', null);
}

export function toSendable(
  r: Pick<
    Selectable<DeviceTable>,
    'id' | 'account_id' | 'organization_id' | 'name' | 'platform' | 'region'
  > & {
    version: string | null;
  },
  app: string,
): SendableDevice {
  return {
    id: r.id,
    accountId: r.account_id,
    organizationId: r.organization_id,
    name: r.name,
    platform: r.platform,
    region: r.region,
    disconnectedAt: null,
    apps: r.version === null ? [] : [{ app, version: r.version }],
  };
}

/** The account's own devices that sending may reach, in the portal's order. */
export async function listOwnedSendableDevices(
  db: Db,
  accountId: string,
  app: string,
): Promise<SendableDevice[]> {
  const rows = await sendableDevices(db, app)
    .where('devices.account_id', '=', accountId)
    .where('devices.organization_id', 'is', null)
    .orderBy('devices.connected_at')
    .orderBy('devices.id')
    .execute();
  return rows.map((r) => toSendable(r, app));
}
