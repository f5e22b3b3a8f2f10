import { reserveTransition } from '../../domain/seat-plans.ts';
import type { Tx } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { appendDeviceEvent } from '../../store/device-events.repository.ts';
import { lockDevices } from '../../store/devices.repository.ts';
import type { StoredReserve } from '../../store/seat-plans.repository.ts';
import {
  findReserve,
  insertReserve,
  reservesDueByExpiry,
  updateReserve,
  waitingReserves,
} from '../../store/seat-plans.repository.ts';
import { findSubscription, lockSubscription } from '../../store/subscriptions.repository.ts';
import { currentActivations } from '../../store/activations.repository.ts';
import { recordAudit } from '../organizations/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { deviceTopic } from '../shared/notifier.ts';
import type { AfterCommit } from './seat-ends.ts';
import { endActivationOnDevice, publishAll } from './seat-ends.ts';
import type { SendScope } from './send-scope.ts';

export type ReserveView = ReturnType<typeof reserveView>;

/** A reserve as the portal and the device see it; `startsAt`: when the current subscription ends, as far as known. */
export function reserveView(r: StoredReserve, startsAt: Date | null = null) {
  return {
    id: r.id,
    subscriptionId: r.subscriptionId,
    deviceId: r.deviceId,
    app: r.app,
    status: r.status,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    startsAt: startsAt?.toISOString() ?? null,
    startedAt: r.startedAt?.toISOString() ?? null,
  };
}

/**
 * Puts the subscription on the device as a reserve, in the send's transaction (which holds the
 * subscription's and the device's locks): at most one waits per app and device, so a second is
 * refused with RESERVE_ALREADY_WAITING. Its seat is not counted until it starts.
 */
export async function makeReserve(
  tx: Tx,
  deps: Deps,
  input: { subscriptionId: string; deviceId: string; app: string; sender: SendScope; now: Date },
): Promise<ReserveView> {
  const { now } = input;
  if ((await waitingReserves(tx, [input.deviceId])).some((r) => r.app === input.app))
    throw new AppError(
      'RESERVE_ALREADY_WAITING',
      `A reserve already waits on device ${input.deviceId} for this app`,
      {
        pointer: '/deviceIds',
      },
    );
  const reserve: StoredReserve = {
    id: deps.random.id(),
    subscriptionId: input.subscriptionId,
    deviceId: input.deviceId,
    app: input.app,
    senderAccountId: input.sender.accountId,
    channel: input.sender.channel,
    status: 'waiting',
    reason: null,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    activationId: null,
  };
  await insertReserve(tx, reserve);
  await appendDeviceEvent(
    tx,
    { deviceId: input.deviceId, deliveryId: reserve.id, status: 'waiting', kind: 'reserve' },
    now,
  );
  const current = (await currentActivations(tx, [input.deviceId])).find((a) => a.app === input.app);
  return reserveView(reserve, current?.expiresAt ?? null);
}

/** Undoes a reserve that has not started yet; once started (or failed) it is final: 409 RESERVE_FINAL. */
export async function undoReserve(deps: Deps, scope: SendScope, id: string, ip: string | null = null) {
  const undone = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const found = await findReserve(tx, id);
    const subscription = found && (await findSubscription(tx, found.subscriptionId));
    if (!found || !subscription || !scope.reaches(subscription)) throw notFound('Reserve');
    if (scope.channel === 'console' && scope.senderRole !== 'admin')
      throw new AppError('FORBIDDEN', 'Only a subscription administrator can undo a reserve');
    await lockSubscription(tx, found.subscriptionId);
    await lockDevices(tx, [found.deviceId]);
    const r = (await findReserve(tx, id))!;
    const to = reserveTransition(r.status, 'undo');
    if (!to || !(await updateReserve(tx, r.id, 'waiting', { status: to }, now)))
      throw new AppError(
        'RESERVE_FINAL',
        `The reserve has already ${r.status === 'started' ? 'started' : 'ended'}`,
      );
    await appendDeviceEvent(tx, { deviceId: r.deviceId, deliveryId: r.id, status: to, kind: 'reserve' }, now);
    await recordAudit(tx, deps, { accountId: scope.accountId, organizationId: scope.organizationId }, ip, {
      action: 'reserve.undo',
      targetType: 'reserve',
      targetId: r.id,
      detail: { deviceId: r.deviceId, subscriptionId: r.subscriptionId },
    });
    return (await findReserve(tx, id))!;
  });
  deps.notifier.publish(deviceTopic(undone.deviceId));
  deps.notifier.publish(scope.topic, { refresh: true });
  return reserveView(undone);
}

/**
 * The background job's part for reserves: an app's current subscription that has expired ends
 * (why `expired`), and the reserve waiting behind it starts, on the injected clock. Safe on
 * every node at once: ending the activation is a compare-and-set, so exactly one node ends it
 * and starts the reserve. Returns how many activations it ended.
 */
export async function startDueReserves(deps: Deps, batchSize = 200): Promise<number> {
  let total = 0;
  for (;;) {
    const due = await reservesDueByExpiry(deps.db, deps.clock.now(), batchSize);
    let ended = 0;
    for (const d of due) {
      const after: AfterCommit = new Set();
      const done = await inTransaction(deps.db, async (tx) => {
        const now = deps.clock.now();
        const current = (await currentActivations(tx, [d.deviceId])).find((a) => a.id === d.activationId);
        if (!current) return false;
        await lockSubscription(tx, current.subscriptionId);
        await lockDevices(tx, [d.deviceId]);
        return endActivationOnDevice(tx, deps, current, 'expired', now, after);
      });
      if (done) ended++;
      publishAll(deps, after);
    }
    total += ended;
    if (due.length < batchSize || ended === 0) return total;
  }
}
