import { createHash } from 'node:crypto';
import type { Channel } from '../domain/model.ts';
import type { ReasonCode } from '../domain/reasons.ts';
import type { Tx } from '../store/database.ts';
import { inTransaction } from '../store/database.ts';
import type { StoredDelivery } from '../store/deliveries.repository.ts';
import { insertDelivery, persistExpired } from '../store/deliveries.repository.ts';
import { appendDeviceEvent } from '../store/device-events.repository.ts';
import { listOwnedDevices, lockDevices } from '../store/devices.repository.ts';
import { findIdempotentResponse, saveIdempotentResponse } from '../store/idempotency.repository.ts';
import { findProduct } from '../store/products.repository.ts';
import { lockSubscription } from '../store/subscriptions.repository.ts';
import type { Deps } from './deps.ts';
import { AppError, notFound } from './errors.ts';
import { accountTopic, deviceTopic } from './notifier.ts';
import { loadJudge } from './send-facts.ts';
import { ownedSubscription } from './subscriptions.ts';
import type { DeliveryView } from './views.ts';
import { deliveryView } from './views.ts';

export type SendResult =
  { deviceId: string; delivery: DeliveryView } | { deviceId: string; reasons: ReasonCode[] };

export interface Sender {
  accountId: string;
  region: string | null;
  channel: Channel;
}

/** The pre-flight: whether each of the sender's devices can receive the subscription, and why not. */
export async function checkEligibility(deps: Deps, sender: Sender, subscriptionId: string) {
  const { subscription, product } = await ownedSubscription(deps, sender.accountId, subscriptionId);
  const devices = await listOwnedDevices(deps.db, sender.accountId);
  const judge = await loadJudge(deps.db, {
    now: deps.clock.now(),
    channel: sender.channel,
    subscription,
    product,
    senderRole: null,
    visibleDevices: devices,
    ownerRegion: sender.region,
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
  sender: Sender,
  subscriptionId: string,
  deviceIds: readonly string[],
  idempotencyKey?: string,
): Promise<{ results: SendResult[] }> {
  await ownedSubscription(deps, sender.accountId, subscriptionId);
  const unique = [...new Set(deviceIds)];
  const hash = requestHash(subscriptionId, unique);
  const made: StoredDelivery[] = [];

  const response = await inTransaction(deps.db, async (tx) => {
    made.length = 0;
    const now = deps.clock.now();
    const subscription = await lockSubscription(tx, subscriptionId);
    if (!subscription || subscription.ownerAccountId !== sender.accountId) throw notFound('Subscription');
    if (idempotencyKey) {
      const earlier = await findIdempotentResponse(tx, sender.accountId, idempotencyKey);
      if (earlier && earlier.requestHash !== hash)
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
      if (earlier) return earlier.response as { results: SendResult[] };
    }
    const product = (await findProduct(tx, subscription.productId))!;
    const devices = (await listOwnedDevices(tx, sender.accountId)).filter((d) => unique.includes(d.id));
    await lockDevices(
      tx,
      devices.map((d) => d.id),
    );
    await persistExpired(tx, now, { subscriptionId, deviceIds: devices.map((d) => d.id) });
    const judge = await loadJudge(tx, {
      now,
      channel: sender.channel,
      subscription,
      product,
      senderRole: null,
      visibleDevices: devices,
      ownerRegion: sender.region,
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
    deps.notifier.publish(accountTopic(sender.accountId), { delivery: deliveryView(d, d.createdAt) });
  }
  return response;
}

async function createDelivery(
  deps: Deps,
  tx: Tx,
  input: { subscriptionId: string; deviceId: string; sender: Sender; now: Date },
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
  return delivery;
}
