import { effectiveStatus, transition } from '../../domain/delivery.ts';
import type { Db } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { emitDelivery } from '../webhooks/emit.ts';
import type { StoredDelivery } from '../../store/deliveries.repository.ts';
import {
  findAccountDelivery,
  findDelivery,
  updateDeliveryStatus,
} from '../../store/deliveries.repository.ts';
import { appendDeviceEvent } from '../../store/device-events.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import { recordAudit } from '../organizations/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { deviceTopic } from '../shared/notifier.ts';
import type { SendScope } from './send-scope.ts';
import { deliveryView } from '../shared/views.ts';

export async function getMyDelivery(deps: Deps, accountId: string, id: string) {
  const d = await findAccountDelivery(deps.db, accountId, id);
  if (!d) throw notFound('Delivery');
  return deliveryView(d, deps.clock.now());
}

/** A delivery of a subscription the scope reaches, or undefined. */
export async function findScopedDelivery(
  db: Db,
  scope: SendScope,
  id: string,
): Promise<StoredDelivery | undefined> {
  const d = await findDelivery(db, id);
  if (!d) return undefined;
  const s = await findSubscription(db, d.subscriptionId);
  return s && scope.reaches(s) ? d : undefined;
}

/**
 * "Undo send": cancels a delivery that has not reached a final status, and tells the device.
 * In the admin console only a subscription administrator may undo.
 */
export async function undoSend(deps: Deps, scope: SendScope, id: string, ip: string | null = null) {
  const result = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const d = await findScopedDelivery(tx, scope, id);
    if (!d) throw notFound('Delivery');
    if (scope.channel === 'console' && scope.senderRole !== 'admin')
      throw new AppError('FORBIDDEN', 'Only a subscription administrator can undo a send');
    const status = effectiveStatus(d.status, d.expiresAt, now);
    const step = transition(status, 'undo');
    if (!step.ok) throw new AppError(step.code, `The delivery is already ${status}`);
    // The compare-and-set loses to a device that completed it a moment ago: then it is final.
    if (!(await updateDeliveryStatus(tx, d.id, d.status, { status: 'cancelled', finishedAt: now }, now)))
      throw new AppError('DELIVERY_FINAL', 'The delivery reached a final status first');
    await appendDeviceEvent(tx, { deviceId: d.deviceId, deliveryId: d.id, status: 'cancelled' }, now);
    await emitDelivery(tx, deps, { ...d, status: 'cancelled' });
    await recordAudit(tx, deps, { accountId: scope.accountId, organizationId: scope.organizationId }, ip, {
      action: 'delivery.undo',
      targetType: 'delivery',
      targetId: d.id,
      detail: { deviceId: d.deviceId, subscriptionId: d.subscriptionId },
    });
    return (await findDelivery(tx, d.id))!;
  });
  const view = deliveryView(result, deps.clock.now());
  deps.notifier.publish(deviceTopic(result.deviceId));
  deps.notifier.publish(scope.topic, { delivery: view });
  return view;
}
