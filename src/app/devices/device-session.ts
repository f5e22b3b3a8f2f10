import type { InstalledApp } from '../../domain/model.ts';
import { currentActivations } from '../../store/activations.repository.ts';
import { findDelivery, openDeliveriesForDevice } from '../../store/deliveries.repository.ts';
import type { DeviceAtRequest, DeviceRef } from '../../store/device-lookup.repository.ts';
import { appsFingerprint, appsOf, replaceApps } from '../../store/device-apps.repository.ts';
import { touchDevice } from '../../store/devices.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { secretHash } from '../shared/ports.ts';
import { activationView, deviceDeliveryView } from '../shared/views.ts';
import { dedupeApps } from './connect-device.ts';

export { connectDevice } from './connect-device.ts';
export type { ConnectInput } from './connect-device.ts';

/** The connected device a bearer token belongs to (with its apps' fingerprint, and whether a delivery waits), or null. */
export async function authenticateDevice(deps: Deps, token: string): Promise<DeviceAtRequest | null> {
  if (!token) return null;
  return deps.deviceLookup.find(secretHash(token));
}

/** The hot path: records that the device is alive (and what it runs), and hands it what waits for it. */
export async function checkIn(
  deps: Deps,
  device: Pick<DeviceAtRequest, 'id' | 'region' | 'lastSeenAt'> &
    Partial<Pick<DeviceAtRequest, 'appsFingerprint' | 'waiting'>>,
  report: { apps?: InstalledApp[]; region?: string },
) {
  const now = deps.clock.now();
  if (report.apps) {
    const apps = dedupeApps(report.apps);
    // The request's lookup brought the fingerprint of the apps we know: compare without reading them.
    // (null: not kept yet for this device, so it is written now.)
    const same =
      device.appsFingerprint !== undefined
        ? device.appsFingerprint === appsFingerprint(apps)
        : sameApps((await appsOf(deps.db, [device.id])).get(device.id) ?? [], apps);
    if (!same) await replaceApps(deps.db, device.id, apps);
  }
  const region = report.region?.toUpperCase();
  const stale = now.getTime() - device.lastSeenAt.getTime() >= deps.settings.lastSeenResolutionMs;
  if (region !== undefined && region !== device.region) await touchDevice(deps.db, device.id, now, region);
  else if (stale) deps.lastSeen.seen(device.id, now);
  // Most check-ins find nothing waiting, and the request's own lookup already said so.
  if (device.waiting === false) return { deliveries: [] };
  return { deliveries: await waitingDeliveries(deps, device.id) };
}

function sameApps(a: InstalledApp[], b: InstalledApp[]): boolean {
  const key = (l: InstalledApp[]) => JSON.stringify([...l].sort((x, y) => x.app.localeCompare(y.app)));
  return key(a) === key(b);
}

export async function waitingDeliveries(deps: Deps, deviceId: string) {
  const now = deps.clock.now();
  const open = await openDeliveriesForDevice(deps.db, deviceId, now);
  return Promise.all(open.map((d) => deviceDeliveryFor(deps, d.id, now)));
}

export async function deviceDeliveryFor(deps: Deps, deliveryId: string, now: Date) {
  const d = (await findDelivery(deps.db, deliveryId))!;
  const s = (await findSubscription(deps.db, d.subscriptionId))!;
  const p = (await findProduct(deps.db, s.productId))!;
  return deviceDeliveryView(d, s, p, now);
}

/** The app's current subscriptions on this device. */
export async function deviceSubscriptions(deps: Deps, device: DeviceRef) {
  const currents = await currentActivations(deps.db, [device.id]);
  return currents.map(activationView);
}
