import type { SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { StoredDevice } from './devices.repository.ts';
import type { SendableDevice } from './sendable-devices.repository.ts';
import { DEVICE_COLUMNS, rowToDevice } from './devices.repository.ts';
import { sendableDevices, toSendable } from './sendable-devices.repository.ts';

export interface DeviceFilter {
  platform?: string;
  group?: string;
  /** A part of the name, case-insensitive. */
  name?: string;
}

/** The organization's managed devices that are still connected, filtered. */
export async function listOrganizationDevices(
  db: Db,
  organizationId: string,
  filter: DeviceFilter = {},
): Promise<StoredDevice[]> {
  let q = db
    .selectFrom('devices')
    .select(DEVICE_COLUMNS)
    .where('organization_id', '=', organizationId)
    .where('disconnected_at', 'is', null);
  if (filter.platform) q = q.where('platform', '=', filter.platform);
  if (filter.group) q = q.where('group_name', '=', filter.group);
  if (filter.name) {
    // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not (for ASCII).
    const pattern = `%${escapeLike(filter.name.toLowerCase())}%`;
    q = q.where(sql<SqlBool>`lower(${sql.ref('name')}) like ${pattern} escape ${LIKE_ESCAPE}`);
  }
  const rows = await q.orderBy('name').orderBy('id').execute();
  return rows.map(rowToDevice);
}

/** The organization's connected managed devices with one app's version: the console's pre-flight and send. */
export async function listOrganizationSendableDevices(
  db: Db,
  organizationId: string,
  app: string,
): Promise<SendableDevice[]> {
  const rows = await sendableDevices(db, app)
    .where('devices.organization_id', '=', organizationId)
    .orderBy('devices.name')
    .orderBy('devices.id')
    .execute();
  return rows.map((r) => toSendable(r, app));
}

/** The escape character of our LIKE patterns, named in each `escape` clause: SQLite has no default. */
const LIKE_ESCAPE = '\\';

/** Text to match literally inside a LIKE pattern: its wildcards and the escape character escaped. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c);
}

export async function findOrganizationDevice(
  db: Db,
  organizationId: string,
  id: string,
): Promise<StoredDevice | undefined> {
  const row = await db
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .where('disconnected_at', 'is', null)
    .executeTakeFirst();
  return row && rowToDevice(row);
}

export async function updateManagedDevice(
  db: Db,
  id: string,
  patch: { name?: string; group?: string | null },
): Promise<void> {
  const set = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.group !== undefined ? { group_name: patch.group } : {}),
  };
  if (Object.keys(set).length > 0) await db.updateTable('devices').set(set).where('id', '=', id).execute();
}
