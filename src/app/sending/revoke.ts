import type { Tx } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { currentActivations } from '../../store/activations.repository.ts';
import type { DeviceRef } from '../../store/device-lookup.repository.ts';
import { findDevice, lockDevices } from '../../store/devices.repository.ts';
import type { StoredRevocation } from '../../store/seat-plans.repository.ts';
import {
  ackRevocation,
  findDeviceRevocation,
  unackedRevocations,
} from '../../store/seat-plans.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { findSubscription, lockSubscription } from '../../store/subscriptions.repository.ts';
import { recordAudit } from '../organizations/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import type { AfterCommit } from './seat-ends.ts';
import { endActivationOnDevice, publishAll } from './seat-ends.ts';
import type { SendScope } from './send-scope.ts';
import { deviceBelongsTo, reachesDevice } from './send-scope.ts';

/**
 * Revokes the subscription from one device and keeps the device connected: its activation ends
 * (why `revoked`), the seat is free at once, and the device hears `revocation` on its stream.
 * Locks as everything does (subscription, then device), so a revoke racing the device's complete
 * or a second revoke takes its turn; the loser finds nothing active: 409 NOT_ACTIVE_ON_DEVICE.
 * In the console only an administrator may, and it is audited.
 */
export async function revokeFromDevice(
  deps: Deps,
  scope: SendScope,
  deviceId: string,
  subscriptionId: string,
  ip: string | null = null,
  /** Written in the same transaction as the revocation (support's audit of a seat it freed). */
  alsoRecord?: (tx: Tx, activationId: string) => Promise<unknown>,
) {
  if (scope.channel === 'console' && scope.senderRole !== 'admin')
    throw new AppError('FORBIDDEN', 'Only a subscription administrator can revoke a subscription');
  const after: AfterCommit = new Set([scope.topic]);
  const ended = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const device = await findDevice(tx, deviceId);
    const subscription = await findSubscription(tx, subscriptionId);
    if (!device || !reachesDevice(scope, device)) throw notFound('Device');
    if (!subscription || !scope.reaches(subscription) || !deviceBelongsTo(subscription, device))
      throw notActive();
    await lockSubscription(tx, subscriptionId);
    await lockDevices(tx, [deviceId]);
    const activation = (await currentActivations(tx, [deviceId])).find(
      (a) => a.subscriptionId === subscriptionId,
    );
    if (!activation || !(await endActivationOnDevice(tx, deps, activation, 'revoked', now, after)))
      throw notActive();
    await recordAudit(tx, deps, { accountId: scope.accountId, organizationId: scope.organizationId }, ip, {
      action: 'activation.revoke',
      targetType: 'device',
      targetId: deviceId,
      detail: { subscriptionId, activationId: activation.id, name: device.name },
    });
    await alsoRecord?.(tx, activation.id);
    return { ...activation, endedAt: now };
  });
  publishAll(deps, after);
  return {
    id: ended.id,
    deviceId: ended.deviceId,
    subscriptionId: ended.subscriptionId,
    app: ended.app,
    productName: ended.productName,
    startedAt: ended.startedAt.toISOString(),
    endedAt: ended.endedAt.toISOString(),
    endedBecause: 'revoked' as const,
  };
}

function notActive(): AppError {
  return new AppError('NOT_ACTIVE_ON_DEVICE', 'This subscription is not active on this device', {
    pointer: '/subscriptionId',
  });
}

export type RevocationView = Awaited<ReturnType<typeof revocationView>>;

/** What the device's app hears of an ended activation: which subscription, why, and whether it acknowledged. */
export async function revocationView(db: Tx | Deps['db'], r: StoredRevocation) {
  const s = await findSubscription(db, r.subscriptionId);
  const p = s && (await findProduct(db, s.productId));
  return {
    id: r.id,
    subscriptionId: r.subscriptionId,
    app: r.app,
    productName: p?.name ?? null,
    because: r.endedBecause,
    at: r.createdAt.toISOString(),
    ackedAt: r.ackedAt?.toISOString() ?? null,
  };
}

/** The app acknowledges a revocation: it has stopped using the subscription. Repeating it is harmless. */
export async function ackDeviceRevocation(deps: Deps, device: DeviceRef, id: string) {
  const found = await findDeviceRevocation(deps.db, device.id, id);
  if (!found) throw notFound('Revocation');
  await ackRevocation(deps.db, id, deps.clock.now());
  return revocationView(deps.db, (await findDeviceRevocation(deps.db, device.id, id))!);
}

/** The revocations the app has not acknowledged: what it missed while away (its next request asks). */
export async function pendingRevocations(deps: Deps, device: DeviceRef) {
  return Promise.all((await unackedRevocations(deps.db, device.id)).map((r) => revocationView(deps.db, r)));
}
