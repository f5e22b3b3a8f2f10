import { effectiveStatus } from '../../domain/delivery.ts';
import { inTransaction } from '../../store/database.ts';
import { cancelOpenDeliveriesOfSend, deliveriesOfSend } from '../../store/sends.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import { recordAudit } from '../organizations/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { deviceTopic } from '../shared/notifier.ts';
import { deliveryView } from '../shared/views.ts';
import { emitDeliveries } from '../webhooks/emit.ts';
import type { SendScope } from './send-scope.ts';

/**
 * "Undo send" for a whole send: every delivery it made that is not final yet is cancelled, in
 * one statement (a compare-and-set on the status of each, so a device completing one at the same
 * moment wins it or loses it whole), and each device is told. Those already final are reported
 * with the status they reached, not changed. In the admin console only an administrator may.
 */
export async function undoWholeSend(deps: Deps, scope: SendScope, sendId: string, ip: string | null = null) {
  const done = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const before = await deliveriesOfSend(tx, sendId);
    const subscription = before[0] && (await findSubscription(tx, before[0].subscriptionId));
    if (!subscription || !scope.reaches(subscription)) throw notFound('Send');
    if (scope.channel === 'console' && scope.senderRole !== 'admin')
      throw new AppError('FORBIDDEN', 'Only a subscription administrator can undo a send');
    const cancelled = await cancelOpenDeliveriesOfSend(tx, sendId, now);
    const ids = new Set(cancelled.map((c) => c.id));
    await emitDeliveries(tx, deps, [...ids]);
    const after = await deliveriesOfSend(tx, sendId);
    const notUndone = after
      .filter((d) => !ids.has(d.id))
      .map((d) => ({
        deliveryId: d.id,
        deviceId: d.deviceId,
        status: effectiveStatus(d.status, d.expiresAt, now),
      }));
    await recordAudit(tx, deps, { accountId: scope.accountId, organizationId: scope.organizationId }, ip, {
      action: 'delivery.undo_send',
      targetType: 'subscription',
      targetId: subscription.id,
      detail: {
        sendId,
        cancelled: cancelled.map((c) => ({ deliveryId: c.id, deviceId: c.deviceId })),
        notUndone,
      },
    });
    return { cancelled: after.filter((d) => ids.has(d.id)), notUndone, now };
  });
  const cancelled = done.cancelled.map((d) => deliveryView(d, done.now));
  for (const d of cancelled) {
    deps.notifier.publish(deviceTopic(d.deviceId));
    deps.notifier.publish(scope.topic, { delivery: d });
  }
  return { sendId, cancelled, notUndone: done.notUndone };
}
