import type { DeliveryEvent } from '../../domain/delivery.ts';
import { effectiveStatus, transition } from '../../domain/delivery.ts';
import type { FailureReason, ReasonCode } from '../../domain/reasons.ts';
import type { Tx } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { emit, emitActivationEnded, emitDeliveries, emitDelivery } from '../webhooks/emit.ts';
import { currentActivations, replaceActivation } from '../../store/activations.repository.ts';
import type { StoredDelivery } from '../../store/deliveries.repository.ts';
import {
  findDelivery,
  findDeviceDelivery,
  persistExpired,
  updateDeliveryStatus,
} from '../../store/deliveries.repository.ts';
import type { DeviceRef } from '../../store/device-lookup.repository.ts';
import { findDevice, lockDevices } from '../../store/devices.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { findAccountProfile } from '../../store/users.repository.ts';
import { lockSubscription } from '../../store/subscriptions.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { accountTopic, organizationTopic } from '../shared/notifier.ts';
import { deviceBelongsTo } from './send-scope.ts';
import { loadJudge } from './send-facts.ts';
import { activationView, deliveryView } from '../shared/views.ts';
import { replacedBy } from '../../store/seat-plans.repository.ts';
import type { AfterCommit } from './seat-ends.ts';
import { endActivationOnDevice, publishAll } from './seat-ends.ts';

type Outcome = { delivery: StoredDelivery; refused?: ReasonCode[]; after?: AfterCommit };

/** Moves one of the device's deliveries on by `event`, checking the transition table. */
async function step(
  deps: Deps,
  device: DeviceRef,
  deliveryId: string,
  event: DeliveryEvent,
  apply: (tx: Tx, d: StoredDelivery, now: Date) => Promise<Outcome>,
): Promise<Outcome> {
  const outcome = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const found = await findDeviceDelivery(tx, device.id, deliveryId);
    if (!found) throw notFound('Delivery');
    // Lock in the one order used everywhere (subscription, then device), then read again.
    await lockSubscription(tx, found.subscriptionId);
    await lockDevices(tx, [device.id]);
    const d = (await findDelivery(tx, deliveryId))!;
    const status = effectiveStatus(d.status, d.expiresAt, now);
    if (status === 'expired' && d.status !== 'expired')
      await emitDeliveries(
        tx,
        deps,
        (await persistExpired(tx, now, { deviceIds: [device.id] })).map((e) => e.id),
      );
    const next = transition(status, event);
    if (!next.ok)
      throw new AppError(next.code, `The delivery is ${status}; it cannot be moved on by ${event}`);
    if (!next.changed) return { delivery: d };
    const applied = await apply(tx, d, now);
    await emitDelivery(tx, deps, applied.delivery);
    return applied;
  });
  if (outcome.after) publishAll(deps, outcome.after);
  const view = { delivery: deliveryView(outcome.delivery, deps.clock.now()) };
  const owner = await findDevice(deps.db, device.id);
  if (owner?.organizationId) deps.notifier.publish(organizationTopic(owner.organizationId), view);
  else if (owner?.accountId) deps.notifier.publish(accountTopic(owner.accountId), view);
  return outcome;
}

async function moveTo(
  tx: Tx,
  d: StoredDelivery,
  now: Date,
  patch: Parameters<typeof updateDeliveryStatus>[3],
): Promise<StoredDelivery> {
  if (!(await updateDeliveryStatus(tx, d.id, d.status, patch, now)))
    throw new AppError('INVALID_TRANSITION', 'The delivery changed meanwhile; fetch it again');
  return (await findDelivery(tx, d.id))!;
}

export async function ackDelivery(deps: Deps, device: DeviceRef, id: string) {
  const { delivery } = await step(deps, device, id, 'ack', async (tx, d, now) => ({
    delivery: await moveTo(tx, d, now, { status: 'delivered', deliveredAt: now }),
  }));
  return deliveryView(delivery, deps.clock.now());
}

export async function requireAction(deps: Deps, device: DeviceRef, id: string) {
  const { delivery } = await step(deps, device, id, 'require_action', async (tx, d, now) => ({
    delivery: await moveTo(tx, d, now, { status: 'action_required', actionRequiredAt: now }),
  }));
  return deliveryView(delivery, deps.clock.now());
}

export async function failDelivery(deps: Deps, device: DeviceRef, id: string, reason: FailureReason) {
  const { delivery } = await step(deps, device, id, 'fail', async (tx, d, now) => ({
    delivery: await moveTo(tx, d, now, { status: 'failed', reason, finishedAt: now }),
  }));
  return deliveryView(delivery, deps.clock.now());
}

/**
 * The app applies the delivery: the rules are checked once more (things may have changed since
 * the send); if they still allow it, the subscription replaces the app's current one.
 * If not, the delivery fails with the first reason, and all reasons are reported.
 */
export async function completeDelivery(deps: Deps, device: DeviceRef, id: string) {
  const outcome = await step(deps, device, id, 'complete', async (tx, d, now) => {
    const subscription = (await lockSubscription(tx, d.subscriptionId))!;
    const product = (await findProduct(tx, subscription.productId))!;
    const current = (await findDevice(tx, device.id))!;
    // The device must still belong where the subscription does (its owner's account, or its organization).
    const visible = deviceBelongsTo(subscription, current) ? [current] : [];
    const owner = subscription.ownerAccountId
      ? await findAccountProfile(tx, subscription.ownerAccountId)
      : undefined;
    // A replace-send: the replaced device keeps its seat until now, and hands it over below.
    const replaces = await replacedBy(tx, d.id);
    if (replaces) await lockDevices(tx, [replaces]);
    const judge = await loadJudge(tx, {
      now,
      channel: 'device',
      subscription,
      product,
      senderRole: null,
      visibleDevices: visible,
      ownerRegion: owner?.country ?? null,
      exceptDeliveryId: d.id,
      releasing: replaces,
    });
    const reasons = judge.reasonsFor(device.id);
    if (reasons.length > 0) {
      const failed = await moveTo(tx, d, now, { status: 'failed', reason: reasons[0]!, finishedAt: now });
      return { delivery: failed, refused: reasons };
    }
    const after: AfterCommit = new Set();
    const handedOver =
      replaces &&
      (await currentActivations(tx, [replaces])).find((a) => a.subscriptionId === subscription.id);
    if (handedOver) await endActivationOnDevice(tx, deps, handedOver, 'replaced', now, after);
    const replaced = (await currentActivations(tx, [device.id])).find((a) => a.app === product.app);
    if (replaced) await emitActivationEnded(tx, deps, replaced, 'superseded');
    const activationId = deps.random.id();
    await emit(tx, deps, 'activation.started', {
      activationId,
      deviceId: device.id,
      subscriptionId: subscription.id,
      app: product.app,
      deliveryId: d.id,
    });
    await replaceActivation(
      tx,
      {
        id: activationId,
        deviceId: device.id,
        app: product.app,
        subscriptionId: subscription.id,
        deliveryId: d.id,
      },
      now,
    );
    return { delivery: await moveTo(tx, d, now, { status: 'completed', finishedAt: now }), after };
  });
  const view = deliveryView(outcome.delivery, deps.clock.now());
  if (outcome.refused)
    throw new AppError('SEND_REFUSED', 'The sending rules no longer allow this delivery; it has failed', {
      reasons: outcome.refused,
    });
  const activation = (await currentActivations(deps.db, [device.id])).find(
    (a) => a.subscriptionId === outcome.delivery.subscriptionId,
  );
  return {
    delivery: view,
    activation: activation && activationView(activation),
  };
}
