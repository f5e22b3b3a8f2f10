import { createHash } from 'node:crypto';
import type { ReasonCode } from '../../domain/reasons.ts';
import type { Tx } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { emitDeliveries, emitDelivery } from '../webhooks/emit.ts';
import type { StoredDelivery } from '../../store/deliveries.repository.ts';
import { insertDelivery, persistExpired } from '../../store/deliveries.repository.ts';
import { appendDeviceEvent } from '../../store/device-events.repository.ts';
import { lockDevices } from '../../store/devices.repository.ts';
import { findIdempotentResponse, saveIdempotentResponse } from '../../store/idempotency.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { findSubscription, lockSubscription } from '../../store/subscriptions.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { recordAudit } from '../organizations/audit.ts';
import { deviceTopic } from '../shared/notifier.ts';
import type { SendScope } from './send-scope.ts';
import { loadJudge } from './send-facts.ts';
import type { DeliveryView } from '../shared/views.ts';
import { deliveryView } from '../shared/views.ts';

export type SendResult =
  { deviceId: string; delivery: DeliveryView } | { deviceId: string; reasons: ReasonCode[] };

/** The subscription, if it exists for the sender; other people's subscriptions do not. */
async function reachableSubscription(deps: Deps, scope: SendScope, id: string) {
  const subscription = await findSubscription(deps.db, id);
  if (!subscription || !scope.reaches(subscription)) throw notFound('Subscription');
  return { subscription, product: (await findProduct(deps.db, subscription.productId))! };
}

/** The pre-flight: whether each of the sender's devices can receive the subscription, and why not. */
export async function checkEligibility(deps: Deps, scope: SendScope, subscriptionId: string) {
  const { subscription, product } = await reachableSubscription(deps, scope, subscriptionId);
  const devices = await scope.devices(deps.db, product.app);
  const judge = await loadJudge(deps.db, {
    now: deps.clock.now(),
    channel: scope.channel,
    subscription,
    product,
    senderRole: scope.senderRole,
    visibleDevices: devices,
    ownerRegion: scope.region,
  });
  return devices.map((d) => {
    const reasons = judge.reasonsFor(d.id);
    return { deviceId: d.id, name: d.name, platform: d.platform, eligible: reasons.length === 0, reasons };
  });
}

function requestHash(subscriptionId: string, deviceIds: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([subscriptionId, [...deviceIds].sort()]))
    .digest('base64url');
}

/**
 * Sends the subscription to each device on its own: each one gets a delivery or the reasons it
 * cannot. The subscription's row lock (and SQLite's write lock) makes racing sends take turns,
 * so the last seat and a device's single open delivery go to exactly one of them.
 */
export async function sendToDevices(
  deps: Deps,
  scope: SendScope,
  subscriptionId: string,
  deviceIds: readonly string[],
  idempotencyKey?: string,
  ip: string | null = null,
): Promise<{ results: SendResult[] }> {
  await reachableSubscription(deps, scope, subscriptionId);
  const sender = scope;
  const unique = [...new Set(deviceIds)];
  const hash = requestHash(subscriptionId, unique);
  const made: StoredDelivery[] = [];

  const response = await inTransaction(deps.db, async (tx) => {
    made.length = 0;
    const now = deps.clock.now();
    const subscription = await lockSubscription(tx, subscriptionId);
    if (!subscription || !scope.reaches(subscription)) throw notFound('Subscription');
    if (idempotencyKey) {
      const earlier = await findIdempotentResponse(tx, sender.accountId, idempotencyKey);
      if (earlier && earlier.requestHash !== hash)
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
      if (earlier) return earlier.response as { results: SendResult[] };
    }
    const product = (await findProduct(tx, subscription.productId))!;
    const wanted = new Set(unique);
    const devices = (await scope.devices(tx, product.app)).filter((d) => wanted.has(d.id));
    await lockDevices(
      tx,
      devices.map((d) => d.id),
    );
    const expired = await persistExpired(tx, now, { subscriptionId, deviceIds: devices.map((d) => d.id) });
    await emitDeliveries(
      tx,
      deps,
      expired.map((e) => e.id),
    );
    const judge = await loadJudge(tx, {
      now,
      channel: scope.channel,
      subscription,
      product,
      senderRole: scope.senderRole,
      visibleDevices: devices,
      ownerRegion: scope.region,
    });
    const results: SendResult[] = [];
    for (const deviceId of unique) {
      const reasons = judge.reasonsFor(deviceId);
      if (reasons.length > 0) {
        results.push({ deviceId, reasons });
        continue;
      }
      const delivery = await createDelivery(deps, tx, { subscriptionId, deviceId, sender, now });
      judge.recordDelivery(deviceId);
      made.push(delivery);
      results.push({ deviceId, delivery: deliveryView(delivery, now) });
    }
    const result = { results };
    if (scope.organizationId)
      await recordAudit(tx, deps, { accountId: scope.accountId, organizationId: scope.organizationId }, ip, {
        action: 'delivery.send',
        targetType: 'subscription',
        targetId: subscriptionId,
        detail: {
          sent: made.map((d) => ({ deliveryId: d.id, deviceId: d.deviceId })),
          refused: results.flatMap((r) =>
            'reasons' in r ? [{ deviceId: r.deviceId, reasons: r.reasons }] : [],
          ),
        },
      });
    if (idempotencyKey)
      await saveIdempotentResponse(
        tx,
        { accountId: sender.accountId, key: idempotencyKey, requestHash: hash, response: result },
        now,
      );
    return result;
  });

  for (const d of made) {
    deps.notifier.publish(deviceTopic(d.deviceId));
    deps.notifier.publish(scope.topic, { delivery: deliveryView(d, d.createdAt) });
  }
  return response;
}

async function createDelivery(
  deps: Deps,
  tx: Tx,
  input: { subscriptionId: string; deviceId: string; sender: SendScope; now: Date },
): Promise<StoredDelivery> {
  const { now } = input;
  const delivery: StoredDelivery = {
    id: deps.random.id(),
    subscriptionId: input.subscriptionId,
    deviceId: input.deviceId,
    senderAccountId: input.sender.accountId,
    channel: input.sender.channel,
    status: 'pending',
    reason: null,
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + deps.settings.deliveryWindowMs),
    deliveredAt: null,
    actionRequiredAt: null,
    finishedAt: null,
  };
  await insertDelivery(tx, delivery);
  await appendDeviceEvent(
    tx,
    { deviceId: delivery.deviceId, deliveryId: delivery.id, status: 'pending' },
    now,
  );
  await emitDelivery(tx, deps, delivery);
  return delivery;
}
