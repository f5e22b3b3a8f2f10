import type { Selectable } from 'kysely';
import type { DeviceAuthorizationStatus } from '../domain/device-flow.ts';
import type { Db } from './database.ts';
import { dialectOf, toDate, toDateOrNull } from './dialect.ts';
import type { DeviceAuthorizationTable } from './schema-device-flow.ts';

/** A device authorization request as the use cases see it (RFC 8628). */
export interface DeviceAuthorization {
  id: string;
  clientId: string;
  deviceName: string | null;
  platform: string | null;
  status: DeviceAuthorizationStatus;
  intervalMs: number;
  lastPolledAt: Date | null;
  createdAt: Date;
  expiresAt: Date;
  decidedAt: Date | null;
  accountId: string | null;
  organizationId: string | null;
  deviceId: string | null;
}

type Row = Omit<Selectable<DeviceAuthorizationTable>, 'device_code_hash' | 'user_code_hash'>;

const COLUMNS = [
  'id',
  'client_id',
  'device_name',
  'platform',
  'status',
  'interval_ms',
  'last_polled_at',
  'created_at',
  'expires_at',
  'decided_at',
  'account_id',
  'organization_id',
  'device_id',
] as const;

function fromRow(r: Row): DeviceAuthorization {
  return {
    id: r.id,
    clientId: r.client_id,
    deviceName: r.device_name,
    platform: r.platform,
    status: r.status as DeviceAuthorizationStatus,
    intervalMs: Number(r.interval_ms),
    lastPolledAt: toDateOrNull(r.last_polled_at),
    createdAt: toDate(r.created_at),
    expiresAt: toDate(r.expires_at),
    decidedAt: toDateOrNull(r.decided_at),
    accountId: r.account_id,
    organizationId: r.organization_id,
    deviceId: r.device_id,
  };
}

export async function insertDeviceAuthorization(
  db: Db,
  a: {
    id: string;
    deviceCodeHash: string;
    userCodeHash: string;
    clientId: string;
    deviceName: string | null;
    platform: string | null;
    intervalMs: number;
    expiresAt: Date;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('device_authorizations')
    .values({
      id: a.id,
      device_code_hash: a.deviceCodeHash,
      user_code_hash: a.userCodeHash,
      client_id: a.clientId,
      device_name: a.deviceName,
      platform: a.platform,
      status: 'pending',
      interval_ms: a.intervalMs,
      last_polled_at: null,
      created_at: now,
      expires_at: a.expiresAt,
      decided_at: null,
      account_id: null,
      organization_id: null,
      device_id: null,
    })
    .execute();
}

/** Whether any request (live or not) has this user code: user codes are unique for good. */
export async function userCodeTaken(db: Db, userCodeHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('device_authorizations')
    .select('id')
    .where('user_code_hash', '=', userCodeHash)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findByUserCode(db: Db, userCodeHash: string): Promise<DeviceAuthorization | undefined> {
  const row = await db
    .selectFrom('device_authorizations')
    .select(COLUMNS)
    .where('user_code_hash', '=', userCodeHash)
    .executeTakeFirst();
  return row && fromRow(row);
}

/**
 * The request a device code belongs to, its row locked until the transaction ends on PostgreSQL
 * (SQLite's writers already take turns): parallel polls of one code are answered one at a time.
 */
export async function lockByDeviceCode(
  tx: Db,
  deviceCodeHash: string,
): Promise<DeviceAuthorization | undefined> {
  let q = tx
    .selectFrom('device_authorizations')
    .select(COLUMNS)
    .where('device_code_hash', '=', deviceCodeHash);
  if (dialectOf(tx) === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && fromRow(row);
}

/** A poll seen: the next is measured from now, against `intervalMs` (grown after a `slow_down`). */
export async function recordPoll(tx: Db, id: string, now: Date, intervalMs: number): Promise<void> {
  await tx
    .updateTable('device_authorizations')
    .set({ last_polled_at: now, interval_ms: intervalMs })
    .where('id', '=', id)
    .execute();
}

/**
 * Approves or denies a request, once: only while it is pending and unexpired (a compare-and-set),
 * so of two people deciding at once exactly one does. Returns whether this call decided it.
 */
export async function decide(
  db: Db,
  id: string,
  d: { status: 'approved' | 'denied'; accountId: string; organizationId: string | null },
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('device_authorizations')
    .set({ status: d.status, account_id: d.accountId, organization_id: d.organizationId, decided_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Moves an approved request on to `status` (exchanged, or back to approved), only from `from`. */
export async function moveStatus(
  db: Db,
  id: string,
  from: DeviceAuthorizationStatus,
  to: DeviceAuthorizationStatus,
  deviceId: string | null = null,
): Promise<boolean> {
  const r = await db
    .updateTable('device_authorizations')
    .set({ status: to, device_id: deviceId })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
