import type { Tx } from '../../store/database.ts';
import { currentActivations } from '../../store/activations.repository.ts';
import { findDevice } from '../../store/devices.repository.ts';
import { openReplacementsOf } from '../../store/seat-plans.repository.ts';
import { AppError } from '../shared/errors.ts';
import type { SendScope } from './send-scope.ts';
import { reachesDevice } from './send-scope.ts';

/** What a send may ask beyond "send it": take over another device's seat, or wait as a reserve. */
export interface SeatPlan {
  /** The device whose seat the one target takes over when its delivery completes. */
  replaces?: string;
  /** Wait on each device whose current subscription alone stands in the way, and start when it ends. */
  reserve?: boolean;
}

/** The shape of a plan, before anything is read: a replace names one target, and is not also a reserve. */
export function checkPlanShape(plan: SeatPlan, deviceIds: readonly string[]): void {
  if (plan.replaces && plan.reserve)
    throw new AppError(
      'REPLACE_AND_RESERVE',
      'A send either replaces a device or waits as a reserve, not both',
      {
        pointer: '/replaces',
      },
    );
  if (plan.replaces && new Set(deviceIds).size !== 1)
    throw new AppError('REPLACE_NEEDS_ONE_DEVICE', 'A replace-send goes to exactly one device', {
      pointer: '/deviceIds',
    });
}

/**
 * Whether `replaces` may hand its seat to the target, in the send's transaction (which holds the
 * subscription's lock, so racing replace-sends take turns): it must be a device of the sender's
 * holding this subscription now, and no other delivery on its way may already be taking its seat.
 */
export async function checkReplaces(
  tx: Tx,
  scope: SendScope,
  input: { subscriptionId: string; deviceId: string; replaces: string; now: Date },
): Promise<void> {
  const device = await findDevice(tx, input.replaces);
  const holds =
    device !== undefined &&
    input.replaces !== input.deviceId &&
    reachesDevice(scope, device) &&
    (await currentActivations(tx, [input.replaces])).some((a) => a.subscriptionId === input.subscriptionId);
  if (!holds)
    throw new AppError(
      'REPLACES_NOT_A_SEAT_HOLDER',
      'The device to replace holds no seat of this subscription',
      {
        pointer: '/replaces',
      },
    );
  if ((await openReplacementsOf(tx, [input.replaces], input.now)).has(input.replaces))
    throw new AppError(
      'REPLACE_ALREADY_PENDING',
      'Another device is already on its way to take over this seat; undo that send first',
      { pointer: '/replaces' },
    );
}
