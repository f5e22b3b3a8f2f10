import { hash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { OPEN_STATUSES } from '../domain/delivery.ts';
import type { InstalledApp } from '../domain/model.ts';
import type { Db } from './database.ts';
import type { ListParameter } from './dialect.ts';
import { dialectOf, inList, listParameter, oneOf, toDate, toDateOrNull } from './dialect.ts';
import { TOKEN_LOOKUP_INDEX } from './migrations/0009-token-lookup.ts';
import { prepared } from './prepared.ts';
import type { DeviceTable } from './schema.ts';

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
  },
  apps: readonly InstalledApp[],
  now: Date,
): Promise<void> {
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
      connected_at: now,
      last_seen_at: now,
    })
    .execute();
  await replaceApps(db, d.id, apps);
}

/**
 * Fingerprints remembered by the apps they stand for: every check-in reports its apps, a fleet
 * runs a handful of app and version sets, and the hash was half of what hashing cost a
 * check-in (the token's is the other). Bounded in entries and in the length of what is kept
 * (a report may list 100 apps), so that odd reports cannot grow it past a few megabytes.
 */
const fingerprints = new Map<string, string>();
const FINGERPRINTS_MEMO = 10_000;
const FINGERPRINTED_APPS_KEPT = 512;

/** A short fingerprint of a set of installed apps (in any order), to tell a change at a glance. */
export function appsFingerprint(apps: readonly InstalledApp[]): string {
  const canonical = JSON.stringify(
    [...apps].sort((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0)).map((a) => [a.app, a.version]),
  );
  let fingerprint = fingerprints.get(canonical);
  if (fingerprint === undefined) {
    fingerprint = hash('sha256', canonical, 'base64url').slice(0, 22);
    if (canonical.length <= FINGERPRINTED_APPS_KEPT) {
      if (fingerprints.size >= FINGERPRINTS_MEMO) fingerprints.clear();
      fingerprints.set(canonical, fingerprint);
    }
  }
  return fingerprint;
}

export async function replaceApps(db: Db, deviceId: string, apps: readonly InstalledApp[]): Promise<void> {
  await db
    .updateTable('devices')
    .set({ apps_fingerprint: appsFingerprint(apps) })
    .where('id', '=', deviceId)
    .execute();
  await db.deleteFrom('device_apps').where('device_id', '=', deviceId).execute();
  if (apps.length > 0) {
    await db
      .insertInto('device_apps')
      .values(apps.map((a) => ({ device_id: deviceId, app: a.app, version: a.version })))
      .execute();
  }
}

/** A device known by its id alone: all that the device API's actions on deliveries need. */
export interface DeviceRef {
  id: string;
}

/**
 * A device as its app's own request finds it, by its token: only what the device API reads (its
 * id, what a check-in compares), with its apps' fingerprint and whether a delivery waits for it.
 */
export interface DeviceAtRequest extends DeviceRef {
  region: string | null;
  lastSeenAt: Date;
  /** `appsFingerprint()` of the apps last reported (null for a device connected before it was kept). */
  appsFingerprint: string | null;
  /** Whether an open delivery (still in its window at `now`) waits for the device. */
  waiting: boolean;
}

const devicesAtRequest = prepared(
  (db: Db, tokenHashes: ListParameter, now: Date) =>
    db
      .selectFrom('devices as d')
      // Just these columns: every row read costs, and this query runs for every device request.
      .select(['d.token_hash', 'd.id', 'd.region', 'd.last_seen_at', 'd.apps_fingerprint'])
      .select((eb) => [
        eb
          .exists(
            eb
              .selectFrom('deliveries as w')
              .select(sql.lit(1).as('one'))
              .whereRef('w.device_id', '=', 'd.id')
              .where('w.status', 'in', [...OPEN_STATUSES])
              .where('w.expires_at', '>', now),
          )
          .as('waiting'),
      ])
      .where(inList(db, 'd.token_hash', tokenHashes)),
  // SQLite picks the unique index on the token for an equality, then reads the row from the table:
  // two random pages per device. The covering index answers from one (migration 0009).
  (text, dialect) => (dialect === 'sqlite' ? indexedBy(text, '"devices" as "d"', TOKEN_LOOKUP_INDEX) : text),
);

/** SQLite's `INDEXED BY` after a table in compiled SQL (Kysely has no word for it); fails loudly if absent. */
function indexedBy(text: string, table: string, index: string): string {
  if (!text.includes(table)) throw new Error(`no ${table} in ${text}`);
  return text.replace(table, `${table} indexed by "${index}"`);
}

/**
 * The hot path of every device request (check-ins above all): the devices some tokens belong
 * to, each with the fingerprint of its apps and whether anything waits for it, in one prepared
 * query for many requests (a probe of the open-deliveries index per device). Keyed by token hash;
 * an unknown or disconnected device's token is absent.
 */
export async function findDevicesAtRequest(
  db: Db,
  tokenHashes: readonly string[],
  now: Date,
): Promise<Map<string, DeviceAtRequest>> {
  const rows = await devicesAtRequest(db, listParameter(db, tokenHashes), now);
  return new Map(
    rows.map((row) => [
      row.token_hash!,
      {
        id: row.id,
        region: row.region,
        lastSeenAt: toDate(row.last_seen_at),
        appsFingerprint: row.apps_fingerprint,
        waiting: Boolean(row.waiting),
      },
    ]),
  );
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

/** The apps installed on each device; with `app`, just that one (all the sending rules look at). */
export async function appsOf(
  db: Db,
  deviceIds: readonly string[],
  app?: string,
): Promise<Map<string, InstalledApp[]>> {
  const map = new Map<string, InstalledApp[]>(deviceIds.map((id) => [id, []]));
  if (deviceIds.length === 0) return map;
  let q = db
    .selectFrom('device_apps')
    .select(['device_id', 'app', 'version'])
    .where(oneOf(db, 'device_id', deviceIds));
  if (app !== undefined) q = q.where('app', '=', app);
  const rows = await q.orderBy('app').execute();
  for (const r of rows) map.get(r.device_id)?.push({ app: r.app, version: r.version });
  return map;
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
