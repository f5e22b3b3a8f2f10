import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { InstalledApp } from '../domain/model.ts';
import type { Db } from './database.ts';
import { appsFingerprint } from './device-apps.repository.ts';
import { dialectOf, oneOf, toDate, toDateOrNull } from './dialect.ts';
import type { DeviceTable } from './schema.ts';

/**
 * Devices' own rows: connecting, finding and listing one, renaming, disconnecting, locking, and
 * their "last seen". Their apps are in ./device-apps.repository.ts, the lookup by token of every
 * device request in ./device-lookup.repository.ts, and the lists sending reads in
 * ./sendable-devices.repository.ts.
 */

export interface StoredDevice {
  id: string;
  accountId: string | null;
  organizationId: string | null;
  name: string;
  platform: string;
  region: string | null;
  group: string | null;
  connectedAt: Date;
  disconnectedAt: Date | null;
  lastSeenAt: Date;
}

/** The columns a StoredDevice is made of: lists select just these (not the token hash). */
export const DEVICE_COLUMNS = [
  'id',
  'account_id',
  'organization_id',
  'name',
  'platform',
  'region',
  'group_name',
  'connected_at',
  'disconnected_at',
  'last_seen_at',
] as const;

export function rowToDevice(r: Pick<Selectable<DeviceTable>, (typeof DEVICE_COLUMNS)[number]>): StoredDevice {
  return {
    id: r.id,
    accountId: r.account_id,
    organizationId: r.organization_id,
    name: r.name,
    platform: r.platform,
    region: r.region,
    group: r.group_name,
    connectedAt: toDate(r.connected_at),
    disconnectedAt: toDateOrNull(r.disconnected_at),
    lastSeenAt: toDate(r.last_seen_at),
  };
}

export async function insertDevice(
  db: Db,
  d: {
    id: string;
    accountId: string;
    organizationId?: string | null;
    name: string;
    platform: string;
    region: string | null;
    tokenHash: string;
    /** The group of a managed device (an enrolment key's). */
    group?: string | null;
  },
  apps: readonly InstalledApp[],
  now: Date,
): Promise<void> {
  // A new device: its apps' fingerprint and group go in with the row, and it has no apps to replace.
  await db
    .insertInto('devices')
    .values({
      id: d.id,
      account_id: d.accountId,
      organization_id: d.organizationId ?? null,
      name: d.name,
      platform: d.platform,
      region: d.region,
      token_hash: d.tokenHash,
      group_name: d.group ?? null,
      apps_fingerprint: appsFingerprint(apps),
      connected_at: now,
      last_seen_at: now,
    })
    .execute();
  if (apps.length > 0)
    await db
      .insertInto('device_apps')
      .values(apps.map((a) => ({ device_id: d.id, app: a.app, version: a.version })))
      .execute();
}

/** One of the account's own connected devices (not one its organization manages), or undefined. */
export async function findOwnedDevice(
  db: Db,
  accountId: string,
  id: string,
): Promise<StoredDevice | undefined> {
  const row = await db
    .selectFrom('devices')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('organization_id', 'is', null)
    .where('disconnected_at', 'is', null)
    .executeTakeFirst();
  return row && rowToDevice(row);
}

export async function findDevice(db: Db, id: string): Promise<StoredDevice | undefined> {
  const row = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToDevice(row);
}

export async function listOwnedDevices(db: Db, accountId: string): Promise<StoredDevice[]> {
  const rows = await db
    .selectFrom('devices')
    .select(DEVICE_COLUMNS)
    .where('account_id', '=', accountId)
    .where('organization_id', 'is', null)
    .where('disconnected_at', 'is', null)
    .orderBy('connected_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToDevice);
}

/** Locks the devices' rows in id order (one order everywhere, so that two senders cannot deadlock). */
export async function lockDevices(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0 || dialectOf(db) !== 'postgres') return;
  await db
    .selectFrom('devices')
    .select('id')
    .where(oneOf(db, 'id', ids))
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function touchDevice(db: Db, id: string, now: Date, region?: string | null): Promise<void> {
  await db
    .updateTable('devices')
    .set(region === undefined ? { last_seen_at: now } : { last_seen_at: now, region })
    .where('id', '=', id)
    .execute();
}

export async function renameDevice(db: Db, id: string, name: string): Promise<void> {
  await db.updateTable('devices').set({ name }).where('id', '=', id).execute();
}

/** The token dies with the connection: a disconnected device can no longer call the device API. */
export async function disconnectDevice(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('devices')
    .set({ disconnected_at: now, token_hash: null })
    .where('id', '=', id)
    .execute();
}

/** Whom each device belongs to: its account, or the organization that manages it. */
export async function findDevicesOwners(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { accountId: string | null; organizationId: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('devices')
    .select(['id', 'account_id', 'organization_id'])
    .where(oneOf(db, 'id', ids))
    .execute();
  return new Map(rows.map((r) => [r.id, { accountId: r.account_id, organizationId: r.organization_id }]));
}

/**
 * Writes many devices' "last seen" in one statement (a chunk of the check-ins of the last few
 * seconds), never moving one back in time.
 */
export async function touchDevices(db: Db, seen: ReadonlyMap<string, Date>): Promise<void> {
  if (seen.size === 0) return;
  if (dialectOf(db) === 'postgres') {
    await sql`update devices set last_seen_at = v.at
      from unnest(${[...seen.keys()]}::text[], ${[...seen.values()]}::timestamptz[]) as v(id, at)
      where devices.id = v.id and devices.last_seen_at < v.at`.execute(db);
    return;
  }
  // One statement for the lot, the pairs bound as one JSON value: 500 statements built one by
  // one cost more than the writes themselves.
  const pairs = JSON.stringify([...seen].map(([id, at]) => [id, at.toISOString()]));
  await sql`update devices set last_seen_at = v.at
    from (select value ->> 0 as id, value ->> 1 as at from json_each(${pairs})) as v
    where devices.id = v.id and devices.last_seen_at < v.at`.execute(db);
}
