import { effectiveStatus, transition } from '../domain/delivery.ts';
import { inTransaction } from '../store/database.ts';
import { findAccountDelivery, findDelivery, updateDeliveryStatus } from '../store/deliveries.repository.ts';
import { appendDeviceEvent } from '../store/device-events.repository.ts';
import type { Deps } from './deps.ts';
import { AppError, notFound } from './errors.ts';
import { accountTopic, deviceTopic } from './notifier.ts';
import { deliveryView } from './views.ts';

export async function getMyDelivery(deps: Deps, accountId: string, id: string) {
  const d = await findAccountDelivery(deps.db, accountId, id);
  if (!d) throw notFound('Delivery');
  return deliveryView(d, deps.clock.now());
}

/** "Undo send": cancels a delivery that has not reached a final status, and tells the device. */
export async function undoSend(deps: Deps, accountId: string, id: string) {
  const result = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const d = await findAccountDelivery(tx, accountId, id);
    if (!d) throw notFound('Delivery');
    const step = transition(effectiveStatus(d.status, d.expiresAt, now), 'undo');
    if (!step.ok)
      throw new AppError(step.code, `The delivery is already ${effectiveStatus(d.status, d.expiresAt, now)}`);
    // The compare-and-set loses to a device that completed it a moment ago: then it is final.
    if (!(await updateDeliveryStatus(tx, d.id, d.status, { status: 'cancelled', finishedAt: now }, now)))
      throw new AppError('DELIVERY_FINAL', 'The delivery reached a final status first');
    await appendDeviceEvent(tx, { deviceId: d.deviceId, deliveryId: d.id, status: 'cancelled' }, now);
    return (await findDelivery(tx, d.id))!;
  });
  const view = deliveryView(result, deps.clock.now());
  deps.notifier.publish(deviceTopic(result.deviceId));
  deps.notifier.publish(accountTopic(accountId), { delivery: view });
  return view;
}
