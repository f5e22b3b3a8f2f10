import { OPEN_STATUSES } from '../domain/delivery.ts';
import type { Db } from './database.ts';
import type { StoredDelivery } from './deliveries.repository.ts';
import { rowToDelivery } from './deliveries.repository.ts';
import type { StoredDevice } from './devices.repository.ts';
import { DEVICE_COLUMNS, rowToDevice } from './devices.repository.ts';
import { oneOf } from './dialect.ts';

/** What an operator's dry run reads (app/operator/dry-run.ts): nothing here writes. */

/** The subscription's deliveries still open and in their window. */
export async function openDeliveriesOfSubscription(
  db: Db,
  subscriptionId: string,
  now: Date,
): Promise<StoredDelivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('status', 'in', [...OPEN_STATUSES])
    .where('expires_at', '>', now)
    .orderBy('id')
    .execute();
  return rows.map(rowToDelivery);
}

/** The subscription's current activations on connected devices. */
export async function activationsOfSubscription(
  db: Db,
  subscriptionId: string,
): Promise<{ id: string; deviceId: string; subscriptionId: string; app: string }[]> {
  const rows = await db
    .selectFrom('activations')
    .innerJoin('devices', 'devices.id', 'activations.device_id')
    .select(['activations.id', 'activations.device_id', 'activations.app'])
    .where('activations.subscription_id', '=', subscriptionId)
    .where('activations.ended_at', 'is', null)
    .where('devices.disconnected_at', 'is', null)
    .orderBy('activations.id')
    .execute();
  return rows.map((r) => ({ id: r.id, deviceId: r.device_id, subscriptionId, app: r.app }));
}

export async function findDevices(db: Db, ids: readonly string[]): Promise<StoredDevice[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('devices')
    .select(DEVICE_COLUMNS)
    .where(oneOf(db, 'id', ids))
    .execute();
  return rows.map(rowToDevice);
}
