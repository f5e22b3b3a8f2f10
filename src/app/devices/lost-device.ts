import { currentActivations } from '../../store/activations.repository.ts';
import type { Db } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import type { StoredDevice } from '../../store/devices.repository.ts';
import { findDevice, lockDevices } from '../../store/devices.repository.ts';
import {
  deviceTokenHash,
  isLost,
  recordRefusedAttempt,
  refuseToken,
} from '../../store/refused-tokens.repository.ts';
import type { Actor } from '../organizations/audit.ts';
import { recordAudit } from '../organizations/audit.ts';
import { requireAdmin } from '../organizations/organizations.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { accountTopic, deviceTopic, organizationTopic } from '../shared/notifier.ts';
import { secretHash } from '../shared/ports.ts';
import { disconnect } from './customer-devices.ts';

/**
 * Lost or stolen (issue 15): one action ends every activation of the device (why `lost`), frees
 * their seats, cancels what is on its way to it and kills its token, as disconnecting does; the
 * token is kept (hashed) as refused, so that a later request with it is answered
 * `DEVICE_TOKEN_REVOKED` and shown on the device: "tried to check in on … from …".
 */

/** The same refused address is written down at most this often: a thief's loop costs one write a minute. */
const REFUSED_QUIET_MS = 60_000;

export async function reportMyDeviceLost(deps: Deps, accountId: string, id: string) {
  const answer = await inTransaction(deps.db, async (tx) => {
    const device = await lockedDevice(tx, id, (d) => d.accountId === accountId && d.organizationId === null);
    return markLost(tx, deps, device);
  });
  announce(deps, id, accountTopic(accountId));
  return answer;
}

export async function reportOrganizationDeviceLost(deps: Deps, actor: Actor, ip: string | null, id: string) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const answer = await inTransaction(deps.db, async (tx) => {
    const device = await lockedDevice(tx, id, (d) => d.organizationId === organizationId);
    const lost = await markLost(tx, deps, device);
    await recordAudit(tx, deps, actor, ip, {
      action: 'device.lost',
      targetType: 'device',
      targetId: id,
      detail: {
        name: device.name,
        endedActivations: lost.endedActivations,
        cancelledDeliveries: lost.cancelledDeliveries,
      },
    });
    return lost;
  });
  announce(deps, id, organizationTopic(organizationId));
  return answer;
}

/**
 * The device, its row locked first and read after, so that two reports racing each other find
 * it in the same order: the second sees it lost (409), never half done.
 */
async function lockedDevice(
  tx: Db,
  id: string,
  visible: (d: StoredDevice) => boolean,
): Promise<StoredDevice> {
  await lockDevices(tx, [id]);
  const device = await findDevice(tx, id);
  if (!device || !visible(device)) throw notFound('Device');
  if (device.disconnectedAt) {
    if (await isLost(tx, id))
      throw new AppError('DEVICE_ALREADY_LOST', 'This device has already been reported lost');
    throw notFound('Device');
  }
  return device;
}

async function markLost(tx: Db, deps: Deps, device: StoredDevice) {
  const tokenHash = await deviceTokenHash(tx, device.id);
  const ended = await currentActivations(tx, [device.id]);
  const cancelled = await disconnect(tx, deps, device.id, 'lost');
  // The moment it was lost is the one its activations ended at: the one disconnect wrote.
  const now = (await findDevice(tx, device.id))?.disconnectedAt ?? deps.clock.now();
  if (tokenHash) await refuseToken(tx, tokenHash, device.id, now);
  return {
    deviceId: device.id,
    lostAt: now.toISOString(),
    endedActivations: ended.map((a) => ({ subscriptionId: a.subscriptionId, app: a.app })),
    cancelledDeliveries: cancelled,
  };
}

/** After commit: its streams end (on every node) and the owner's pages refresh. */
function announce(deps: Deps, id: string, ownerTopic: string): void {
  deps.notifier.publish(deviceTopic(id), { disconnected: true });
  deps.notifier.publish(ownerTopic, { refresh: true });
}

/**
 * A request whose token no device has: if it is a lost device's, records the attempt and says
 * so. Only refused requests come here, so check-ins that succeed never pay for it. A failure to
 * record leaves the answer a plain 401.
 */
export async function refusedTokenOfLostDevice(deps: Deps, token: string, address: string): Promise<boolean> {
  if (!token) return false;
  try {
    const deviceId = await recordRefusedAttempt(
      deps.db,
      secretHash(token),
      address,
      deps.clock.now(),
      REFUSED_QUIET_MS,
    );
    return deviceId !== undefined;
  } catch {
    return false;
  }
}
