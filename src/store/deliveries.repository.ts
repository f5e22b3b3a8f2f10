import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { DeliveryStatus } from '../domain/delivery.ts';
import { OPEN_STATUSES } from '../domain/delivery.ts';
import type { Channel } from '../domain/model.ts';
import type { Db } from './database.ts';
import { oneOf, toDate, toDateOrNull } from './dialect.ts';
import { claimRows } from './node-locks.ts';
import type { DeliveryTable } from './schema.ts';

export interface StoredDelivery {
  id: string;
  subscriptionId: string;
  deviceId: string;
  senderAccountId: string;
  channel: Channel;
  /** As stored; readers apply `effectiveStatus` for the window. */
  status: DeliveryStatus;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  deliveredAt: Date | null;
  actionRequiredAt: Date | null;
  finishedAt: Date | null;
}

export function rowToDelivery(r: Selectable<DeliveryTable>): StoredDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    deviceId: r.device_id,
    senderAccountId: r.sender_account_id,
    channel: r.channel as Channel,
    status: r.status as DeliveryStatus,
    reason: r.reason,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    expiresAt: toDate(r.expires_at),
    deliveredAt: toDateOrNull(r.delivered_at),
    actionRequiredAt: toDateOrNull(r.action_required_at),
    finishedAt: toDateOrNull(r.finished_at),
  };
}

export async function insertDelivery(db: Db, d: StoredDelivery): Promise<void> {
  await db
    .insertInto('deliveries')
    .values({
      id: d.id,
      subscription_id: d.subscriptionId,
      device_id: d.deviceId,
      sender_account_id: d.senderAccountId,
      channel: d.channel,
      status: d.status,
      reason: d.reason,
      created_at: d.createdAt,
      updated_at: d.updatedAt,
      expires_at: d.expiresAt,
      delivered_at: d.deliveredAt,
      action_required_at: d.actionRequiredAt,
      finished_at: d.finishedAt,
    })
    .execute();
}

export async function findDelivery(db: Db, id: string): Promise<StoredDelivery | undefined> {
  const row = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToDelivery(row);
}

/** A delivery of one of the account's subscriptions, or undefined. */
export async function findAccountDelivery(
  db: Db,
  accountId: string,
  id: string,
): Promise<StoredDelivery | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .innerJoin('subscriptions', 'subscriptions.id', 'deliveries.subscription_id')
    .selectAll('deliveries')
    .where('deliveries.id', '=', id)
    .where('subscriptions.owner_account_id', '=', accountId)
    .executeTakeFirst();
  return row && rowToDelivery(row);
}

/** A delivery addressed to the device, or undefined. */
export async function findDeviceDelivery(
  db: Db,
  deviceId: string,
  id: string,
): Promise<StoredDelivery | undefined> {
  const row = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('id', '=', id)
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return row && rowToDelivery(row);
}

/** Open deliveries to the device whose window has not passed: what the app still has to handle. */
export async function openDeliveriesForDevice(
  db: Db,
  deviceId: string,
  now: Date,
): Promise<StoredDelivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('status', 'in', [...OPEN_STATUSES])
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .execute();
  return rows.map(rowToDelivery);
}

/** Device ids among `deviceIds` with an open delivery still in its window, other than `exceptId`. */
export async function devicesWithOpenDelivery(
  db: Db,
  deviceIds: readonly string[],
  now: Date,
  exceptId?: string,
): Promise<Set<string>> {
  if (deviceIds.length === 0) return new Set();
  let q = db
    .selectFrom('deliveries')
    .select('device_id')
    .where(oneOf(db, 'device_id', deviceIds))
    .where('status', 'in', [...OPEN_STATUSES])
    .where('expires_at', '>', now);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const rows = await q.execute();
  return new Set(rows.map((r) => r.device_id));
}

/**
 * Writes down the expiry of open deliveries whose window has passed, and appends a device event
 * for each, so that the app's stream hears of it. Readers never wait for this (they compute the
 * status from the timestamps); it frees the "one open delivery per device" index before a new
 * send. The update is a compare-and-set on the status, so that two nodes expiring the same
 * delivery write it (and its event) once. Returns the deliveries it expired.
 */
export async function persistExpired(
  db: Db,
  now: Date,
  scope: { deviceIds?: readonly string[]; subscriptionId?: string; ids?: readonly string[] } = {},
): Promise<{ id: string; deviceId: string }[]> {
  let q = db
    .updateTable('deliveries')
    .set({ status: 'expired', finished_at: sql<Date>`expires_at`, updated_at: now })
    .where('status', 'in', [...OPEN_STATUSES])
    .where('expires_at', '<=', now);
  if (scope.deviceIds) {
    if (scope.deviceIds.length === 0) return [];
    q = q.where(oneOf(db, 'device_id', scope.deviceIds));
  }
  if (scope.ids) {
    if (scope.ids.length === 0) return [];
    q = q.where(oneOf(db, 'id', scope.ids));
  }
  if (scope.subscriptionId) q = q.where('subscription_id', '=', scope.subscriptionId);
  const rows = await q.returning(['id', 'device_id']).execute();
  if (rows.length > 0)
    await db
      .insertInto('device_events')
      .values(
        rows.map((r) => ({ device_id: r.device_id, delivery_id: r.id, status: 'expired', created_at: now })),
      )
      .execute();
  return rows.map((r) => ({ id: r.id, deviceId: r.device_id }));
}

/**
 * Up to `limit` open deliveries whose window has passed, oldest first, locked for the caller's
 * transaction; rows another node is expiring right now are skipped (not waited for).
 */
export async function claimOverdueDeliveries(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await claimRows(
    db,
    db
      .selectFrom('deliveries')
      .select('id')
      .where('status', 'in', [...OPEN_STATUSES])
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit),
  ).execute();
  return rows.map((r) => r.id);
}

export async function findDeliveries(db: Db, ids: readonly string[]): Promise<StoredDelivery[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where(oneOf(db, 'id', ids))
    .execute();
  return rows.map(rowToDelivery);
}

/**
 * Moves a delivery on, only if it still has the status the caller read (a compare-and-set, so
 * that a concurrent undo and complete cannot both win).
 */
export async function updateDeliveryStatus(
  db: Db,
  id: string,
  from: DeliveryStatus,
  patch: {
    status: DeliveryStatus;
    reason?: string | null;
    deliveredAt?: Date;
    actionRequiredAt?: Date;
    finishedAt?: Date;
  },
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('deliveries')
    .set({
      status: patch.status,
      updated_at: now,
      ...(patch.reason !== undefined ? { reason: patch.reason } : {}),
      ...(patch.deliveredAt ? { delivered_at: patch.deliveredAt } : {}),
      ...(patch.actionRequiredAt ? { action_required_at: patch.actionRequiredAt } : {}),
      ...(patch.finishedAt ? { finished_at: patch.finishedAt } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** The latest delivery of the subscription to each device, newest first. */
export async function latestDeliveriesOfSubscription(
  db: Db,
  subscriptionId: string,
): Promise<StoredDelivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const seen = new Set<string>();
  const latest: StoredDelivery[] = [];
  for (const r of rows) {
    if (seen.has(r.device_id)) continue;
    seen.add(r.device_id);
    latest.push(rowToDelivery(r));
  }
  return latest;
}

/** Open deliveries to a device, to end when the device is disconnected. */
export async function openDeliveryIdsForDevice(
  db: Db,
  deviceId: string,
): Promise<{ id: string; status: DeliveryStatus }[]> {
  const rows = await db
    .selectFrom('deliveries')
    .select(['id', 'status'])
    .where('device_id', '=', deviceId)
    .where('status', 'in', [...OPEN_STATUSES])
    .execute();
  return rows.map((r) => ({ id: r.id, status: r.status as DeliveryStatus }));
}
