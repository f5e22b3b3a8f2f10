import { identityScope, mergeKeeps } from '../../domain/device-identity.ts';
import { currentActivations } from '../../store/activations.repository.ts';
import type { Db } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { moveActivations, recordMerge } from '../../store/device-identities.repository.ts';
import type { StoredDevice } from '../../store/devices.repository.ts';
import { findDevice, lockDevices } from '../../store/devices.repository.ts';
import type { Actor } from '../organizations/audit.ts';
import { recordAudit } from '../organizations/audit.ts';
import { requireAdmin } from '../organizations/organizations.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { accountTopic, deviceTopic, organizationTopic } from '../shared/notifier.ts';
import { disconnect } from './customer-devices.ts';

/**
 * Two entries that are one machine (an app without a key, reinstalled) become one: the newer
 * connection stays (its token is the one the app now uses), the older one's activations move to
 * it (those of an app the kept one already has end, freeing their seats), the older one is
 * disconnected (its open deliveries cancelled), and the merge is recorded: on the duplicate
 * (into which device, when, by whom) and, for an organization, in its audit log.
 */
export async function mergeMyDevices(deps: Deps, accountId: string, id: string, duplicateId: string) {
  const owner = { accountId, organizationId: null };
  const answer = await inTransaction(deps.db, (tx) =>
    merge(tx, deps, owner, [id, duplicateId], (d) => d.accountId === accountId && d.organizationId === null),
  );
  announce(deps, answer.mergedDeviceId, accountTopic(accountId));
  return answer;
}

export async function mergeOrganizationDevices(
  deps: Deps,
  actor: Actor,
  ip: string | null,
  id: string,
  duplicateId: string,
) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const owner = { accountId: actor.accountId, organizationId };
  const answer = await inTransaction(deps.db, async (tx) => {
    const merged = await merge(
      tx,
      deps,
      owner,
      [id, duplicateId],
      (d) => d.organizationId === organizationId,
    );
    await recordAudit(tx, deps, actor, ip, {
      action: 'device.merge',
      targetType: 'device',
      targetId: merged.keptDeviceId,
      detail: { ...merged },
    });
    return merged;
  });
  announce(deps, answer.mergedDeviceId, organizationTopic(organizationId));
  return answer;
}

async function merge(
  tx: Db,
  deps: Deps,
  owner: { accountId: string; organizationId: string | null },
  [id, duplicateId]: [string, string],
  visible: (d: StoredDevice) => boolean,
) {
  if (id === duplicateId)
    throw new AppError('MERGE_SAME_DEVICE', 'A device cannot be merged with itself', {
      pointer: '/duplicateId',
    });
  await lockDevices(tx, [id, duplicateId]);
  const [a, b] = await Promise.all([findDevice(tx, id), findDevice(tx, duplicateId)]);
  if (!a || !visible(a) || a.disconnectedAt) throw notFound('Device');
  if (!b || !visible(b) || b.disconnectedAt) throw notFound('Duplicate device');
  const { keep, drop } = mergeKeeps(a, b);
  const moved = await moveActivations(tx, drop.id, keep.id);
  const left = await currentActivations(tx, [drop.id]);
  await disconnect(tx, deps, drop.id);
  await recordMerge(
    tx,
    { duplicateId: drop.id, keptId: keep.id, scope: identityScope(owner), by: owner.accountId },
    deps.clock.now(),
  );
  return {
    keptDeviceId: keep.id,
    mergedDeviceId: drop.id,
    movedActivations: moved.length,
    endedActivations: left.length,
  };
}

function announce(deps: Deps, mergedId: string, ownerTopic: string): void {
  deps.notifier.publish(deviceTopic(mergedId), { disconnected: true });
  deps.notifier.publish(ownerTopic, { refresh: true });
}
