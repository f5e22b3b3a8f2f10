import { OPEN_STATUSES } from '../../domain/delivery.ts';
import type { ActivationEndReason } from '../../domain/activation.ts';
import type { Db } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { emit, emitActivationEnded, emitDeliveries } from '../webhooks/emit.ts';
import { endActivationsOfDevice, currentActivations } from '../../store/activations.repository.ts';
import { countCodesCreatedSince, insertConnectCode } from '../../store/connect-codes.repository.ts';
import { openDeliveryIdsForDevice, updateDeliveryStatus } from '../../store/deliveries.repository.ts';
import { appendDeviceEvent } from '../../store/device-events.repository.ts';
import type { StoredDevice } from '../../store/devices.repository.ts';
import { appsOf } from '../../store/device-apps.repository.ts';
import {
  disconnectDevice,
  findOwnedDevice,
  listOwnedDevices,
  lockDevices,
  renameDevice,
} from '../../store/devices.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { accountTopic, deviceTopic } from '../shared/notifier.ts';
import { CODE_ALPHABET, formatCode } from '../../domain/codes.ts';
import { secretHash } from '../shared/ports.ts';

/** Devices as the portal and the console show them: apps, current subscriptions, last seen. */
export async function devicesView(deps: Deps, devices: StoredDevice[]) {
  const ids = devices.map((d) => d.id);
  const [apps, currents] = await Promise.all([appsOf(deps.db, ids), currentActivations(deps.db, ids)]);
  return devices.map((d) => ({
    id: d.id,
    name: d.name,
    platform: d.platform,
    region: d.region,
    group: d.group,
    apps: apps.get(d.id) ?? [],
    current: currents
      .filter((a) => a.deviceId === d.id)
      .map((a) => ({
        app: a.app,
        subscriptionId: a.subscriptionId,
        productName: a.productName,
        expiresAt: a.expiresAt.toISOString(),
        renewal: a.renewal,
      })),
    connectedAt: d.connectedAt.toISOString(),
    lastSeenAt: d.lastSeenAt.toISOString(),
  }));
}

export async function listMyDevices(deps: Deps, accountId: string) {
  return devicesView(deps, await listOwnedDevices(deps.db, accountId));
}

export async function renameMyDevice(deps: Deps, accountId: string, id: string, name: string) {
  const device = await findOwnedDevice(deps.db, accountId, id);
  if (!device) throw notFound('Device');
  await renameDevice(deps.db, id, name);
  return (await devicesView(deps, [{ ...device, name }]))[0]!;
}

/**
 * Disconnects a device: its token dies, its activations end (freeing their seats), and any
 * delivery still on its way to it is cancelled.
 */
export async function disconnectMyDevice(deps: Deps, accountId: string, id: string): Promise<void> {
  const cancelled = await inTransaction(deps.db, async (tx) => {
    if (!(await findOwnedDevice(tx, accountId, id))) throw notFound('Device');
    return disconnect(tx, deps, id);
  });
  deps.notifier.publish(deviceTopic(id), { disconnected: true });
  if (cancelled.length > 0) deps.notifier.publish(accountTopic(accountId), { refresh: true });
}

/**
 * Disconnects a device inside the caller's transaction: its token dies, its activations end
 * (freeing their seats), and any delivery still on its way to it is cancelled. Returns the
 * cancelled deliveries' ids.
 */
export async function disconnect(
  tx: Db,
  deps: Deps,
  id: string,
  because: Extract<ActivationEndReason, 'disconnected' | 'lost'> = 'disconnected',
): Promise<string[]> {
  const now = deps.clock.now();
  await lockDevices(tx, [id]);
  const open = await openDeliveryIdsForDevice(tx, id);
  for (const d of open) {
    if (!OPEN_STATUSES.includes(d.status)) continue;
    await updateDeliveryStatus(tx, d.id, d.status, { status: 'cancelled', finishedAt: now }, now);
    await appendDeviceEvent(tx, { deviceId: id, deliveryId: d.id, status: 'cancelled' }, now);
  }
  await emitDeliveries(
    tx,
    deps,
    open.filter((d) => OPEN_STATUSES.includes(d.status)).map((d) => d.id),
  );
  for (const a of await currentActivations(tx, [id])) await emitActivationEnded(tx, deps, a, because);
  await endActivationsOfDevice(tx, id, now, because);
  await disconnectDevice(tx, id, now);
  await emit(tx, deps, because === 'lost' ? 'device.lost' : 'device.disconnected', { deviceId: id });
  return open.map((d) => d.id);
}

/**
 * A one-time code for an app to connect: 50 bits, single use, short-lived, stored hashed.
 * With an organization, the device joins it as a managed device, used by `accountId`.
 */
export async function createConnectCode(
  deps: Deps,
  accountId: string,
  organizationId: string | null = null,
  db: Db = deps.db,
) {
  const now = deps.clock.now();
  const recent = await countCodesCreatedSince(db, accountId, new Date(now.getTime() - 3_600_000));
  if (recent >= deps.settings.connectCodesPerHour)
    throw new AppError('RATE_LIMITED', 'Too many connect codes this hour; use one you already have or wait', {
      retryAfterSeconds: 600,
    });
  const raw = deps.random.code(10, CODE_ALPHABET);
  const expiresAt = new Date(now.getTime() + deps.settings.connectCodeTtlMs);
  await insertConnectCode(db, { codeHash: secretHash(raw), accountId, organizationId, expiresAt }, now);
  return { code: formatCode(raw), expiresAt: expiresAt.toISOString() };
}
