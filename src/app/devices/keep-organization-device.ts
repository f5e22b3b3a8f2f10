import { inTransaction } from '../../store/database.ts';
import { findDevice, lockDevices } from '../../store/devices.repository.ts';
import { keepDevice } from '../../store/inactivity-warnings.repository.ts';
import { silenceHoldings } from '../../store/silent-devices.repository.ts';
import type { Actor } from '../organizations/audit.ts';
import { recordAudit } from '../organizations/audit.ts';
import { requireAdmin } from '../organizations/organizations.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import { organizationTopic } from '../shared/notifier.ts';
import { silentDevicesOf } from './silent-device-list.ts';

/** A managed device shown as silent: when its seats free unless it checks in, and of which products. */
export interface SilentManagedDevice {
  deviceId: string;
  name: string;
  lastSeenAt: string;
  lastSeenDaysAgo: number;
  endsAt: string;
  products: { id: string; name: string }[];
}

/**
 * The console's silent devices: the organization's managed devices silent long enough to be
 * shown so, each with the date its seats free unless it checks in (the earliest of its
 * products'). Admins only, like Keep. Computed from the timestamps, as the portal's are, so
 * the console agrees with the rule before the job has run.
 */
export async function organizationSilentDevices(deps: Deps, actor: Actor): Promise<SilentManagedDevice[]> {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const silent = await silentDevicesOf(deps, await silenceHoldings(deps.db, { organizationId }));
  return silent.map(({ holding, ...d }) => ({ ...d, name: holding.deviceName }));
}

/**
 * "Keep this device" for a managed device, by an admin: its silence starts again now, as a
 * check-in would start it, any warning about it closes, and the organization's audit log says
 * who kept it. Its "last seen" stays the true last check-in.
 */
export async function keepOrganizationDevice(deps: Deps, actor: Actor, ip: string | null, deviceId: string) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const keptAt = await inTransaction(deps.db, async (tx) => {
    await lockDevices(tx, [deviceId]);
    const device = await findDevice(tx, deviceId);
    if (!device || device.organizationId !== organizationId || device.disconnectedAt)
      throw notFound('Device');
    const now = deps.clock.now();
    await keepDevice(tx, deviceId, now);
    await recordAudit(tx, deps, actor, ip, {
      action: 'device.keep',
      targetType: 'device',
      targetId: deviceId,
      detail: { name: device.name },
    });
    return now;
  });
  deps.notifier.publish(organizationTopic(organizationId), { refresh: true });
  return { deviceId, keptAt: keptAt.toISOString() };
}
