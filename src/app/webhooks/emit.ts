import type { DeliveryStatus } from '../../domain/delivery.ts';
import type { ActivationEndReason } from '../../domain/activation.ts';
import type { WebhookEventType } from '../../domain/webhook-events.ts';
import { deliveryEventType } from '../../domain/webhook-events.ts';
import type { Db } from '../../store/database.ts';
import { afterCommit } from '../../store/database.ts';
import { findDeliveries } from '../../store/deliveries.repository.ts';
import { enqueueWebhookMessages } from '../../store/webhook-outbox.repository.ts';
import { endpointsWanting } from '../../store/webhooks.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { WEBHOOKS_TOPIC } from '../shared/notifier.ts';

/**
 * Writes an event to the webhook outbox, in the caller's transaction: one message for each
 * enabled endpoint that wants events of this type, so that the event is sent if and only if the
 * change commits. The body is fixed now (`{ type, timestamp, data }`, Standard Webhooks' shape)
 * and sent as it is on every attempt; `webhook-id` is the message's id.
 */
export async function emit(
  tx: Db,
  deps: EmitDeps,
  type: WebhookEventType,
  data: Record<string, unknown>,
): Promise<void> {
  const endpoints = await endpointsIn(tx, type);
  if (endpoints.length === 0) return;
  const now = deps.clock.now();
  const body = JSON.stringify({ type, timestamp: now.toISOString(), data });
  await enqueueWebhookMessages(
    tx,
    endpoints.map((endpointId) => ({
      id: `msg_${deps.random.id()}`,
      endpointId,
      type,
      body,
      createdAt: now,
    })),
  );
  // The senders (on every node, through the notifier) start at once instead of at their next tick.
  afterCommit(tx, () => deps.notifier.publish(WEBHOOKS_TOPIC));
}

type EmitDeps = Pick<Deps, 'clock' | 'random' | 'notifier'>;

/**
 * The endpoints that want `type`, read once per transaction and type: a send to a thousand
 * devices emits a thousand events in one transaction, and the endpoints cannot change under it.
 * Outside a transaction there is nothing to share a read with.
 */
const endpointsByTransaction = new WeakMap<Db, Map<WebhookEventType, Promise<string[]>>>();

function endpointsIn(tx: Db, type: WebhookEventType): Promise<string[]> {
  if (!tx.isTransaction) return endpointsWanting(tx, type);
  let byType = endpointsByTransaction.get(tx);
  if (!byType) endpointsByTransaction.set(tx, (byType = new Map<WebhookEventType, Promise<string[]>>()));
  let endpoints = byType.get(type);
  if (!endpoints) byType.set(type, (endpoints = endpointsWanting(tx, type)));
  return endpoints;
}

/** A delivery's status change, as the `delivery.<status>` event. */
export function emitDelivery(
  tx: Db,
  deps: EmitDeps,
  d: { id: string; subscriptionId: string; deviceId: string; status: DeliveryStatus; reason?: string | null },
): Promise<void> {
  return emit(tx, deps, deliveryEventType(d.status), {
    deliveryId: d.id,
    subscriptionId: d.subscriptionId,
    deviceId: d.deviceId,
    status: d.status,
    reason: d.reason ?? null,
  });
}

/** The `delivery.<status>` event of each of these deliveries, as they now are (after expiry or a cancel). */
export async function emitDeliveries(tx: Db, deps: EmitDeps, ids: readonly string[]): Promise<void> {
  for (const d of await findDeliveries(tx, ids)) await emitDelivery(tx, deps, d);
}

/** An activation that ended, and the seat it held, freed. */
export async function emitActivationEnded(
  tx: Db,
  deps: EmitDeps,
  a: { id: string; deviceId: string; subscriptionId: string; app: string },
  why: ActivationEndReason,
): Promise<void> {
  const data = { activationId: a.id, deviceId: a.deviceId, subscriptionId: a.subscriptionId, app: a.app };
  await emit(tx, deps, 'activation.ended', { ...data, why });
  await emit(tx, deps, 'seat.released', { ...data, why });
}
