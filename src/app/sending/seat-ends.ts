import type { ActivationEndReason } from '../../domain/activation.ts';
import type { Tx } from '../../store/database.ts';
import { replaceActivation } from '../../store/activations.repository.ts';
import { appendDeviceEvent } from '../../store/device-events.repository.ts';
import { findDevice } from '../../store/devices.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import {
  endActivation,
  insertRevocation,
  updateReserve,
  waitingReserves,
} from '../../store/seat-plans.repository.ts';
import { lockSubscription } from '../../store/subscriptions.repository.ts';
import { findAccountProfile } from '../../store/users.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { accountTopic, deviceTopic, organizationTopic } from '../shared/notifier.ts';
import { emit, emitActivationEnded } from '../webhooks/emit.ts';
import { loadJudge } from './send-facts.ts';
import { deviceBelongsTo } from './send-scope.ts';

/** Topics to publish once the transaction has committed (a notification before it could be read too early). */
export type AfterCommit = Set<string>;

/** Publishes what a committed change collected: each topic once. */
export function publishAll(deps: Deps, topics: AfterCommit): void {
  for (const topic of topics)
    deps.notifier.publish(topic, topic.startsWith('device:') ? undefined : { refresh: true });
}

/** Ends whose device still runs the app and is told at once, acknowledging it (a revocation). */
const TOLD: readonly ActivationEndReason[] = [
  'revoked',
  'replaced',
  'expired',
  'inactive',
  'subscription_ended',
];
/** Ends after which the device cannot use anything more: a reserve waiting there does not start. */
const DEVICE_GONE: readonly ActivationEndReason[] = ['lost', 'disconnected'];

/**
 * Ends one activation for `because`, in the caller's transaction (which holds the subscription's
 * and then the device's lock): the seat is free from this moment, the webhooks say so, a device
 * that still runs the app gets a `revocation` event to acknowledge, and a reserve waiting behind
 * it on the device starts. False when it had already ended (someone else won the race).
 */
export async function endActivationOnDevice(
  tx: Tx,
  deps: Deps,
  a: { id: string; deviceId: string; subscriptionId: string; app: string },
  because: ActivationEndReason,
  now: Date,
  after: AfterCommit,
): Promise<boolean> {
  if (!(await endActivation(tx, a.id, because, now))) return false;
  await emitActivationEnded(tx, deps, a, because);
  if (TOLD.includes(because)) {
    await insertRevocation(tx, {
      id: a.id,
      deviceId: a.deviceId,
      subscriptionId: a.subscriptionId,
      app: a.app,
      endedBecause: because,
      createdAt: now,
    });
    await appendDeviceEvent(
      tx,
      { deviceId: a.deviceId, deliveryId: a.id, status: because, kind: 'revocation' },
      now,
    );
    after.add(deviceTopic(a.deviceId));
  }
  await startWaitingReserve(
    tx,
    deps,
    { deviceId: a.deviceId, app: a.app, deviceGone: DEVICE_GONE.includes(because) },
    now,
    after,
  );
  return true;
}

/**
 * The reserve waiting on the device for the app, if any, starts now that the app's current
 * subscription has ended: the sending rules judge it once more, as the device applying it would,
 * and its seat counts from now. When they refuse (no seat left meanwhile, the subscription
 * blocked…) or the device is gone, it fails with the first reason and the device is told either way.
 */
export async function startWaitingReserve(
  tx: Tx,
  deps: Deps,
  at: { deviceId: string; app: string; deviceGone?: boolean },
  now: Date,
  after: AfterCommit,
): Promise<void> {
  const reserve = (await waitingReserves(tx, [at.deviceId])).find((r) => r.app === at.app);
  if (!reserve) return;
  // This takes a second subscription's lock after the device's, against the one order: rare (a
  // reserve waits behind the ended activation) and, should it meet a sender taking them the
  // other way round, PostgreSQL's deadlock victim is retried whole (store/database.ts).
  const subscription = (await lockSubscription(tx, reserve.subscriptionId))!;
  const product = (await findProduct(tx, subscription.productId))!;
  const device = (await findDevice(tx, at.deviceId))!;
  const visible = !at.deviceGone && deviceBelongsTo(subscription, device) ? [device] : [];
  const owner = subscription.ownerAccountId
    ? await findAccountProfile(tx, subscription.ownerAccountId)
    : undefined;
  const judge = await loadJudge(tx, {
    now,
    channel: 'device',
    subscription,
    product,
    senderRole: null,
    visibleDevices: visible,
    ownerRegion: owner?.country ?? null,
  });
  // Another delivery on its way to the device does not hold a reserve back: it would replace
  // whatever is current when it completes, this reserve included.
  const reasons = judge.reasonsFor(at.deviceId).filter((r) => r !== 'DELIVERY_PENDING');
  let status: 'started' | 'failed' = 'failed';
  if (reasons.length > 0) {
    await updateReserve(tx, reserve.id, 'waiting', { status: 'failed', reason: reasons[0]! }, now);
  } else {
    const activationId = deps.random.id();
    await replaceActivation(
      tx,
      {
        id: activationId,
        deviceId: at.deviceId,
        app: at.app,
        subscriptionId: subscription.id,
        deliveryId: null,
      },
      now,
    );
    await emit(tx, deps, 'activation.started', {
      activationId,
      deviceId: at.deviceId,
      subscriptionId: subscription.id,
      app: at.app,
      reserveId: reserve.id,
    });
    await updateReserve(tx, reserve.id, 'waiting', { status: 'started', startedAt: now, activationId }, now);
    status = 'started';
  }
  await appendDeviceEvent(
    tx,
    { deviceId: at.deviceId, deliveryId: reserve.id, status, kind: 'reserve' },
    now,
  );
  after.add(deviceTopic(at.deviceId));
  if (device.organizationId) after.add(organizationTopic(device.organizationId));
  else if (device.accountId) after.add(accountTopic(device.accountId));
}
