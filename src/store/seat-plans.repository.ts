import type { Selectable } from 'kysely';
import type { ActivationEndReason } from '../domain/activation.ts';
import { OPEN_STATUSES } from '../domain/delivery.ts';
import type { Channel } from '../domain/model.ts';
import type { ReserveStatus } from '../domain/seat-plans.ts';
import type { Db } from './database.ts';
import { oneOf, toDate, toDateOrNull } from './dialect.ts';
import type { ReserveTable, RevocationTable } from './schema-seat-plans.ts';

/** Marks a delivery just made as a replace-send: it takes over `replacesDeviceId`'s seat when it completes. */
export async function markReplacing(db: Db, deliveryId: string, replacesDeviceId: string): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ replaces_device_id: replacesDeviceId })
    .where('id', '=', deliveryId)
    .execute();
}

/** The device a delivery replaces, or null for a plain send. */
export async function replacedBy(db: Db, deliveryId: string): Promise<string | null> {
  const row = await db
    .selectFrom('deliveries')
    .select('replaces_device_id')
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  return row?.replaces_device_id ?? null;
}

/** For each of the devices, the open delivery (in its window) that replaces it, if any. */
export async function openReplacementsOf(
  db: Db,
  deviceIds: readonly string[],
  now: Date,
): Promise<Map<string, string>> {
  if (deviceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('deliveries')
    .select(['id', 'replaces_device_id'])
    .where(oneOf(db, 'replaces_device_id', deviceIds))
    .where('status', 'in', [...OPEN_STATUSES])
    .where('expires_at', '>', now)
    .execute();
  return new Map(rows.map((r) => [r.replaces_device_id!, r.id]));
}

/** Ends one activation, if it is still running: a compare-and-set, so that two enders never both win. */
export async function endActivation(
  db: Db,
  activationId: string,
  because: ActivationEndReason,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('activations')
    .set({ ended_at: now, ended_because: because })
    .where('id', '=', activationId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface StoredReserve {
  id: string;
  subscriptionId: string;
  deviceId: string;
  app: string;
  senderAccountId: string;
  channel: Channel;
  status: ReserveStatus;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  activationId: string | null;
}

function rowToReserve(r: Selectable<ReserveTable>): StoredReserve {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    deviceId: r.device_id,
    app: r.app,
    senderAccountId: r.sender_account_id,
    channel: r.channel as Channel,
    status: r.status as ReserveStatus,
    reason: r.reason,
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
    startedAt: toDateOrNull(r.started_at),
    activationId: r.activation_id,
  };
}

export async function insertReserve(db: Db, r: StoredReserve): Promise<void> {
  await db
    .insertInto('reserves')
    .values({
      id: r.id,
      subscription_id: r.subscriptionId,
      device_id: r.deviceId,
      app: r.app,
      sender_account_id: r.senderAccountId,
      channel: r.channel,
      status: r.status,
      reason: r.reason,
      created_at: r.createdAt,
      updated_at: r.updatedAt,
      started_at: r.startedAt,
      activation_id: r.activationId,
    })
    .execute();
}

export async function findReserve(db: Db, id: string): Promise<StoredReserve | undefined> {
  const row = await db.selectFrom('reserves').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToReserve(row);
}

/** The reserves waiting on these devices, one per app at most (the unique index says so). */
export async function waitingReserves(db: Db, deviceIds: readonly string[]): Promise<StoredReserve[]> {
  if (deviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('reserves')
    .selectAll()
    .where(oneOf(db, 'device_id', deviceIds))
    .where('status', '=', 'waiting')
    .execute();
  return rows.map(rowToReserve);
}

/** The subscription's reserves still waiting, for its "My devices". */
export async function waitingReservesOfSubscription(
  db: Db,
  subscriptionId: string,
): Promise<StoredReserve[]> {
  const rows = await db
    .selectFrom('reserves')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('status', '=', 'waiting')
    .orderBy('created_at')
    .execute();
  return rows.map(rowToReserve);
}

/** Moves a reserve on from `from` (compare-and-set); false when it had already moved. */
export async function updateReserve(
  db: Db,
  id: string,
  from: ReserveStatus,
  patch: { status: ReserveStatus; reason?: string | null; startedAt?: Date; activationId?: string },
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('reserves')
    .set({
      status: patch.status,
      updated_at: now,
      ...(patch.reason !== undefined ? { reason: patch.reason } : {}),
      ...(patch.startedAt ? { started_at: patch.startedAt } : {}),
      ...(patch.activationId ? { activation_id: patch.activationId } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Up to `limit` waiting reserves whose device's current activation of the app belongs to a
 * subscription that has expired: their turn has come, by the clock.
 */
export async function reservesDueByExpiry(
  db: Db,
  now: Date,
  limit: number,
): Promise<{ reserveId: string; deviceId: string; activationId: string }[]> {
  const rows = await db
    .selectFrom('reserves')
    .innerJoin('activations', (j) =>
      j
        .onRef('activations.device_id', '=', 'reserves.device_id')
        .onRef('activations.app', '=', 'reserves.app')
        .on('activations.ended_at', 'is', null),
    )
    .innerJoin('subscriptions', 'subscriptions.id', 'activations.subscription_id')
    .select(['reserves.id', 'reserves.device_id', 'activations.id as activation_id'])
    .where('reserves.status', '=', 'waiting')
    .where('subscriptions.expires_at', '<=', now)
    .orderBy('reserves.created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ reserveId: r.id, deviceId: r.device_id, activationId: r.activation_id }));
}

export interface StoredRevocation {
  id: string;
  deviceId: string;
  subscriptionId: string;
  app: string;
  endedBecause: ActivationEndReason;
  createdAt: Date;
  ackedAt: Date | null;
}

function rowToRevocation(r: Selectable<RevocationTable>): StoredRevocation {
  return {
    id: r.id,
    deviceId: r.device_id,
    subscriptionId: r.subscription_id,
    app: r.app,
    endedBecause: r.ended_because as ActivationEndReason,
    createdAt: toDate(r.created_at),
    ackedAt: toDateOrNull(r.acked_at),
  };
}

export async function insertRevocation(db: Db, r: Omit<StoredRevocation, 'ackedAt'>): Promise<void> {
  await db
    .insertInto('revocations')
    .values({
      id: r.id,
      device_id: r.deviceId,
      subscription_id: r.subscriptionId,
      app: r.app,
      ended_because: r.endedBecause,
      created_at: r.createdAt,
      acked_at: null,
    })
    .execute();
}

/** One of the device's revocations, or undefined: another device's does not exist for it. */
export async function findDeviceRevocation(
  db: Db,
  deviceId: string,
  id: string,
): Promise<StoredRevocation | undefined> {
  const row = await db
    .selectFrom('revocations')
    .selectAll()
    .where('id', '=', id)
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return row && rowToRevocation(row);
}

/** The device's revocations it has not acknowledged yet, oldest first. */
export async function unackedRevocations(db: Db, deviceId: string): Promise<StoredRevocation[]> {
  const rows = await db
    .selectFrom('revocations')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('acked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map(rowToRevocation);
}

/** Records the app's acknowledgement once; a repeat changes nothing. */
export async function ackRevocation(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('revocations')
    .set({ acked_at: now })
    .where('id', '=', id)
    .where('acked_at', 'is', null)
    .execute();
}

/** The newest revocation of the subscription on each device: what "My devices" says of a device it ended on. */
export async function latestRevocationsOfSubscription(
  db: Db,
  subscriptionId: string,
): Promise<Map<string, StoredRevocation>> {
  const rows = await db
    .selectFrom('revocations')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .orderBy('created_at')
    .execute();
  return new Map(rows.map((r) => [r.device_id, rowToRevocation(r)]));
}
