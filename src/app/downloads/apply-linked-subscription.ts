import type { ReasonCode } from '../../domain/reasons.ts';
import type { Tx } from '../../store/database.ts';
import { findAccountProfile } from '../../store/users.repository.ts';
import { currentActivations, replaceActivation } from '../../store/activations.repository.ts';
import type { StoredDelivery } from '../../store/deliveries.repository.ts';
import { insertDelivery } from '../../store/deliveries.repository.ts';
import { emit, emitActivationEnded, emitDelivery } from '../webhooks/emit.ts';
import { findDevice } from '../../store/devices.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { lockSubscription } from '../../store/subscriptions.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { deviceBelongsTo } from '../sending/send-scope.ts';
import { loadJudge } from '../sending/send-facts.ts';
import type { ActivationView } from '../shared/views.ts';
import { activationView } from '../shared/views.ts';

/** What connecting with a download link's code did with the link's subscription. */
export type LinkedOutcome = {
  /** The record of it, shown in the portal's "My devices": completed, or failed with the first reason. */
  delivery: StoredDelivery;
  answer:
    | {
        appliedSubscription: ActivationView;
      }
    | { notApplied: { subscriptionId: string; reasons: ReasonCode[] } };
};

/**
 * A device has just connected with a code from a download link: send it the link's subscription
 * and apply it at once, in the connect's transaction. The same rules judge it as any send from
 * the portal, now that the device and its apps are known. If they allow it, the subscription
 * becomes the app's current one and a delivery is recorded as completed; if not, the device stays
 * connected and a failed delivery records the first reason (all reasons go back to the app).
 */
export async function applyLinkedSubscription(
  tx: Tx,
  deps: Deps,
  input: { deviceId: string; accountId: string; subscriptionId: string; now: Date },
): Promise<LinkedOutcome> {
  const { now, deviceId } = input;
  // The one lock order: the subscription first (the new device is nobody else's yet).
  const subscription = (await lockSubscription(tx, input.subscriptionId))!;
  const product = (await findProduct(tx, subscription.productId))!;
  const device = (await findDevice(tx, deviceId))!;
  const profile = await findAccountProfile(tx, subscription.ownerAccountId ?? input.accountId);
  const judge = await loadJudge(tx, {
    now,
    channel: 'portal',
    subscription,
    product,
    senderRole: null,
    visibleDevices: deviceBelongsTo(subscription, device) ? [device] : [],
    ownerRegion: profile?.country ?? null,
  });
  const reasons = judge.reasonsFor(deviceId);
  const delivery: StoredDelivery = {
    id: deps.random.id(),
    subscriptionId: subscription.id,
    deviceId,
    senderAccountId: input.accountId,
    channel: 'portal',
    status: reasons.length === 0 ? 'completed' : 'failed',
    reason: reasons[0] ?? null,
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + deps.settings.deliveryWindowMs),
    deliveredAt: reasons.length === 0 ? now : null,
    actionRequiredAt: null,
    finishedAt: now,
  };
  await insertDelivery(tx, delivery);
  await emitDelivery(tx, deps, delivery);
  if (reasons.length > 0)
    return { delivery, answer: { notApplied: { subscriptionId: subscription.id, reasons } } };

  const replaced = (await currentActivations(tx, [deviceId])).find((a) => a.app === product.app);
  if (replaced) await emitActivationEnded(tx, deps, replaced, 'superseded');
  await replaceActivation(
    tx,
    {
      id: deps.random.id(),
      deviceId,
      app: product.app,
      subscriptionId: subscription.id,
      deliveryId: delivery.id,
    },
    now,
  );
  const activation = (await currentActivations(tx, [deviceId])).find(
    (a) => a.subscriptionId === subscription.id,
  )!;
  await emit(tx, deps, 'activation.started', {
    activationId: activation.id,
    deviceId,
    subscriptionId: subscription.id,
    app: product.app,
    deliveryId: delivery.id,
  });
  return {
    delivery,
    answer: {
      appliedSubscription: activationView(activation),
    },
  };
}
