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
import { lockSubscription } from '../../store/subscriptions.repository.ts';
import { tagSend } from '../../store/sends.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { recordAudit } from '../organizations/audit.ts';
import { deviceTopic } from '../shared/notifier.ts';
import type { SendScope } from './send-scope.ts';
import { loadJudge } from './send-facts.ts';
import type { DeliveryView } from '../shared/views.ts';
import { deliveryView } from '../shared/views.ts';
import { mayReplace, waitsAsReserve } from '../../domain/seat-plans.ts';
import { markReplacing } from '../../store/seat-plans.repository.ts';
import { reachableSubscription } from './eligibility.ts';
import type { ReserveView } from './reserves.ts';
import { makeReserve } from './reserves.ts';
import type { AfterCommit } from './seat-ends.ts';
import { publishAll } from './seat-ends.ts';
import type { SeatPlan } from './seat-plan-send.ts';
import { checkPlanShape, checkReplaces } from './seat-plan-send.ts';

export type SendResult =
  | { deviceId: string; delivery: DeliveryView }
  | { deviceId: string; reasons: ReasonCode[] }
  | { deviceId: string; reserve: ReserveView };

export { checkEligibility } from './eligibility.ts';

function requestHash(subscriptionId: string, deviceIds: readonly string[], plan: SeatPlan): string {
  const planned = plan.replaces ? { replaces: plan.replaces } : plan.reserve ? { reserve: true } : null;
  return createHash('sha256')
    .update(JSON.stringify([subscriptionId, [...deviceIds].sort(), ...(planned ? [planned] : [])]))
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
  plan: SeatPlan = {},
): Promise<{ sendId?: string; results: SendResult[] }> {
  checkPlanShape(plan, deviceIds);
  await reachableSubscription(deps, scope, subscriptionId);
  // The send's id: its deliveries carry it, so that the whole send can be undone in one request.
  const sendId = deps.random.id();
  const sender = scope;
  const unique = [...new Set(deviceIds)];
  const hash = requestHash(subscriptionId, unique, plan);
  const made: StoredDelivery[] = [];
  const after: AfterCommit = new Set();

  const response = await inTransaction(deps.db, async (tx) => {
    made.length = 0;
    after.clear();
    const now = deps.clock.now();
    const subscription = await lockSubscription(tx, subscriptionId);
    if (!subscription || !scope.reaches(subscription)) throw notFound('Subscription');
    if (idempotencyKey) {
      const earlier = await findIdempotentResponse(tx, sender.accountId, idempotencyKey);
      if (earlier && earlier.requestHash !== hash)
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request');
      if (earlier) return earlier.response as { sendId?: string; results: SendResult[] };
    }
    const product = (await findProduct(tx, subscription.productId))!;
    const wanted = new Set(unique);
    const devices = (await scope.devices(tx, product.app)).filter((d) => wanted.has(d.id));
    await lockDevices(tx, [...devices.map((d) => d.id), ...(plan.replaces ? [plan.replaces] : [])]);
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
      if (plan.reserve && waitsAsReserve(reasons)) {
        const reserve = await makeReserve(tx, deps, {
          subscriptionId,
          deviceId,
          app: product.app,
          sender,
          now,
        });
        results.push({ deviceId, reserve });
        after.add(deviceTopic(deviceId)).add(scope.topic);
        continue;
      }
      if (reasons.length > 0 && !(plan.replaces && mayReplace(reasons))) {
        results.push({ deviceId, reasons });
        continue;
      }
      if (plan.replaces)
        await checkReplaces(tx, scope, { subscriptionId, deviceId, replaces: plan.replaces, now });
      const delivery = await createDelivery(deps, tx, { subscriptionId, deviceId, sender, now });
      if (plan.replaces) await markReplacing(tx, delivery.id, plan.replaces);
      judge.recordDelivery(deviceId);
      made.push(delivery);
      results.push({ deviceId, delivery: deliveryView(delivery, now) });
    }
    await tagSend(
      tx,
      sendId,
      made.map((d) => d.id),
    );
    // A send that made nothing has nothing to undo, and no id.
    const result = made.length > 0 ? { sendId, results } : { results };
    if (scope.organizationId)
      await recordAudit(tx, deps, { accountId: scope.accountId, organizationId: scope.organizationId }, ip, {
        // A send that made nothing is a refusal, logged as one.
        action: made.length > 0 ? 'delivery.send' : 'delivery.send_refused',
        targetType: 'subscription',
        targetId: subscriptionId,
        detail: {
          ...(made.length > 0 ? { sendId } : {}),
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

  publishAll(deps, after);
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
