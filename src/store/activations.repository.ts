import type { ActivationEndReason } from '../domain/activation.ts';
import type { Renewal, SubscriptionKind, SubscriptionState } from '../domain/model.ts';
import type { SeatHolder } from '../domain/seats.ts';
import { OPEN_STATUSES } from '../domain/delivery.ts';
import type { Db } from './database.ts';
import { oneOf, toDate } from './dialect.ts';

/** An app's current subscription on a device, with what the rules and the views need of it. */
export interface CurrentActivation {
  id: string;
  deviceId: string;
  app: string;
  subscriptionId: string;
  productId: string;
  productName: string;
  kind: SubscriptionKind;
  renewal: Renewal;
  state: SubscriptionState;
  expiresAt: Date;
  startedAt: Date;
}

export async function currentActivations(db: Db, deviceIds: readonly string[]): Promise<CurrentActivation[]> {
  if (deviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('activations')
    .innerJoin('subscriptions', 'subscriptions.id', 'activations.subscription_id')
    .innerJoin('products', 'products.id', 'subscriptions.product_id')
    .select([
      'activations.id',
      'activations.device_id',
      'activations.app',
      'activations.subscription_id',
      'activations.started_at',
      'subscriptions.product_id',
      'subscriptions.kind',
      'subscriptions.renewal',
      'subscriptions.state',
      'subscriptions.expires_at',
      'products.name as product_name',
    ])
    .where(oneOf(db, 'activations.device_id', deviceIds))
    .where('activations.ended_at', 'is', null)
    .orderBy('activations.app')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    deviceId: r.device_id,
    app: r.app,
    subscriptionId: r.subscription_id,
    productId: r.product_id,
    productName: r.product_name,
    kind: r.kind as SubscriptionKind,
    renewal: r.renewal as Renewal,
    state: r.state as SubscriptionState,
    expiresAt: toDate(r.expires_at),
    startedAt: toDate(r.started_at),
  }));
}

/**
 * Everyone holding a seat of the subscription: its current activations on connected devices and
 * its open deliveries still in their window (except `exceptDeliveryId`, the one being applied).
 */
export async function seatHolders(
  db: Db,
  subscriptionId: string,
  now: Date,
  exceptDeliveryId?: string,
): Promise<SeatHolder[]> {
  const activations = await db
    .selectFrom('activations')
    .innerJoin('devices', 'devices.id', 'activations.device_id')
    .select(['activations.device_id', 'devices.account_id'])
    .where('activations.subscription_id', '=', subscriptionId)
    .where('activations.ended_at', 'is', null)
    .execute();
  let q = db
    .selectFrom('deliveries')
    .innerJoin('devices', 'devices.id', 'deliveries.device_id')
    .leftJoin('devices as replaced', 'replaced.id', 'deliveries.replaces_device_id')
    .select([
      'deliveries.device_id',
      'devices.account_id',
      'deliveries.replaces_device_id',
      'replaced.account_id as replaced_account_id',
    ])
    .where('deliveries.subscription_id', '=', subscriptionId)
    .where('deliveries.status', 'in', [...OPEN_STATUSES])
    .where('deliveries.expires_at', '>', now);
  if (exceptDeliveryId) q = q.where('deliveries.id', '!=', exceptDeliveryId);
  const deliveries = await q.execute();
  return [
    ...activations.map((r) => ({
      deviceId: r.device_id,
      personId: r.account_id ?? r.device_id,
      kind: 'activation' as const,
    })),
    ...deliveries.map((r) => ({
      deviceId: r.device_id,
      personId: r.account_id ?? r.device_id,
      kind: 'delivery' as const,
      // A replace-send counts as the seat it takes over (domain/seats.ts).
      holdsSeatOf: r.replaces_device_id
        ? { deviceId: r.replaces_device_id, personId: r.replaced_account_id ?? r.replaces_device_id }
        : null,
    })),
  ];
}

/** Makes the subscription the app's current one on the device, ending the one it replaces. */
export async function replaceActivation(
  db: Db,
  a: { id: string; deviceId: string; app: string; subscriptionId: string; deliveryId: string | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('activations')
    .set({ ended_at: now, ended_because: 'superseded' satisfies ActivationEndReason })
    .where('device_id', '=', a.deviceId)
    .where('app', '=', a.app)
    .where('ended_at', 'is', null)
    .execute();
  await db
    .insertInto('activations')
    .values({
      id: a.id,
      device_id: a.deviceId,
      app: a.app,
      subscription_id: a.subscriptionId,
      delivery_id: a.deliveryId,
      started_at: now,
      ended_at: null,
    })
    .execute();
}

export async function endActivationsOfDevice(
  db: Db,
  deviceId: string,
  now: Date,
  because: ActivationEndReason = 'disconnected',
): Promise<void> {
  await db
    .updateTable('activations')
    .set({ ended_at: now, ended_because: because })
    .where('device_id', '=', deviceId)
    .where('ended_at', 'is', null)
    .execute();
}
