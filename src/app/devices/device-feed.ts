import { deviceEventsAfter, lastDeviceEventId } from '../../store/device-events.repository.ts';
import { findDevice } from '../../store/devices.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { deviceDeliveryFor } from './device-session.ts';
import { findDeviceRevocation, findReserve } from '../../store/seat-plans.repository.ts';
import type { RevocationView } from '../sending/revoke.ts';
import { revocationView } from '../sending/revoke.ts';
import type { ReserveView } from '../sending/reserves.ts';
import { reserveView } from '../sending/reserves.ts';

export type DeviceDelivery = Awaited<ReturnType<typeof deviceDeliveryFor>>;

/** One event of a device's stream: a delivery's change, a revocation to acknowledge, or a reserve's change. */
export type DeviceEvent =
  | { id: number; kind: 'delivery'; delivery: DeviceDelivery }
  | { id: number; kind: 'revocation'; revocation: RevocationView }
  | { id: number; kind: 'reserve'; reserve: ReserveView };

/** What a device's event stream carries next: the events since one it sent, or that the device is gone. */
export type DeviceFeed = { connected: false } | { connected: true; events: DeviceEvent[] };

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
  const events: DeviceEvent[] = [];
  for (const e of await deviceEventsAfter(deps.db, deviceId, afterId)) {
    if (e.kind === 'delivery')
      events.push({ id: e.id, kind: e.kind, delivery: await deviceDeliveryFor(deps, e.deliveryId, now) });
    else if (e.kind === 'revocation') {
      const r = await findDeviceRevocation(deps.db, deviceId, e.deliveryId);
      if (r) events.push({ id: e.id, kind: e.kind, revocation: await revocationView(deps.db, r) });
    } else {
      const r = await findReserve(deps.db, e.deliveryId);
      if (r) events.push({ id: e.id, kind: e.kind, reserve: reserveView(r) });
    }
  }
  return { connected: true, events };
}

/** Whether the device is still connected: the cheap re-check its stream makes at each heartbeat. */
export async function deviceStillConnected(deps: Deps, deviceId: string): Promise<boolean> {
  const current = await findDevice(deps.db, deviceId);
  return !!current && !current.disconnectedAt;
}
