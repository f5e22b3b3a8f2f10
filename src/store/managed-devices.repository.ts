import type { RawBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { DeviceSort, SortOrder } from '../domain/console-lists.ts';
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
  const rows = await filtered(db, organizationId, filter).orderBy('name').orderBy('id').execute();
  return rows.map(rowToDevice);
}

function filtered(db: Db, organizationId: string, filter: DeviceFilter) {
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
  return q;
}

/**
 * Each sort's key, before the id that breaks ties: the very expressions migration 0019 indexes
 * (with the same `where`), so that a page is one range of one index on either engine. Names sort
 * without regard to case; devices without a group sort as the empty group.
 */
const SORT_KEYS: Record<DeviceSort, { expr: RawBuilder<string>; time?: true }[]> = {
  name: [{ expr: sql<string>`lower(name)` }],
  lastSeen: [{ expr: sql<string>`last_seen_at`, time: true }],
  group: [{ expr: sql<string>`lower(coalesce(group_name, ''))` }, { expr: sql<string>`lower(name)` }],
};

export const sortKeyLength = (sort: DeviceSort): number => SORT_KEYS[sort].length + 1;

export type PageKey = readonly (string | number | null)[];

/**
 * One page of the organization's managed devices, filtered, in `sort` order, after the row whose
 * key is `after` (keyset paging: no offset, so the thousandth page costs what the first does).
 * Returns the rows and, when more follow, the last row's key.
 */
export async function pageOrganizationDevices(
  db: Db,
  organizationId: string,
  filter: DeviceFilter,
  page: { sort: DeviceSort; order: SortOrder; after?: PageKey; limit: number },
): Promise<{ devices: StoredDevice[]; next: PageKey | null }> {
  const keys = SORT_KEYS[page.sort];
  let q = filtered(db, organizationId, filter).select(keys.map((k, i) => k.expr.as(`k${i}`)));
  if (page.after) {
    const values = page.after.map((v, i) => (keys[i]?.time && typeof v === 'string' ? new Date(v) : v));
    const left = sql.join([...keys.map((k) => k.expr), sql.ref('id')]);
    const right = sql.join(values.map((v) => sql`${v}`));
    const [op, bound] = page.order === 'asc' ? ['>', '>='] : ['<', '<='];
    // The first key's bound alone as well: SQLite ranges an expression index only on a plain
    // comparison, not on a row value, and would otherwise walk the list from its start.
    q = q.where(sql<SqlBool>`${keys[0]!.expr} ${sql.raw(bound)} ${values[0]}`);
    q = q.where(sql<SqlBool>`(${left}) ${sql.raw(op)} (${right})`);
  }
  for (const k of keys) q = q.orderBy(k.expr, page.order);
  const rows = await q
    .orderBy('id', page.order)
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  const last = shown.at(-1) as Record<string, unknown> | undefined;
  const next =
    more && last
      ? [
          ...keys.map((k, i) => {
            const v = last[`k${i}`];
            return v instanceof Date ? v.toISOString() : (v as string);
          }),
          last.id as string,
        ]
      : null;
  return { devices: shown.map(rowToDevice), next };
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
