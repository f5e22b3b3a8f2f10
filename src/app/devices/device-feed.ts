import { deviceEventsAfter, lastDeviceEventId } from '../../store/device-events.repository.ts';
import { findDevice } from '../../store/devices.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { deviceDeliveryFor } from './device-session.ts';

export type DeviceDelivery = Awaited<ReturnType<typeof deviceDeliveryFor>>;

/** What a device's event stream carries next: the deliveries changed since an event, or that the device is gone. */
export type DeviceFeed =
  { connected: false } | { connected: true; events: { id: number; delivery: DeviceDelivery }[] };

/** Where a stream opened without `Last-Event-ID` starts: now (the app checks in for what already waits). */
export function latestDeviceEventId(deps: Deps, deviceId: string): Promise<number> {
  return lastDeviceEventId(deps.db, deviceId);
}

/**
 * The device's events after `afterId`, each with its delivery as the app sees it. A device that
 * has been disconnected hears nothing more: its stream is told so and ends.
 */
export async function deviceFeedAfter(deps: Deps, deviceId: string, afterId: number): Promise<DeviceFeed> {
  const current = await findDevice(deps.db, deviceId);
  if (!current || current.disconnectedAt) return { connected: false };
  const now = deps.clock.now();
  const events = [];
  for (const e of await deviceEventsAfter(deps.db, deviceId, afterId))
    events.push({ id: e.id, delivery: await deviceDeliveryFor(deps, e.deliveryId, now) });
  return { connected: true, events };
}

/** Whether the device is still connected: the cheap re-check its stream makes at each heartbeat. */
export async function deviceStillConnected(deps: Deps, deviceId: string): Promise<boolean> {
  const current = await findDevice(deps.db, deviceId);
  return !!current && !current.disconnectedAt;
}
