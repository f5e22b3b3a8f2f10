import type { Language } from '../../domain/language.ts';
import { languageOr } from '../../domain/language.ts';
import { inTransaction } from '../../store/database.ts';
import { findDevice, findOwnedDevice, lockDevices } from '../../store/devices.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { silenceHoldings } from '../../store/silent-devices.repository.ts';
import { findWarningByToken, keepDevice } from '../../store/inactivity-warnings.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import { accountTopic } from '../shared/notifier.ts';
import { secretHash } from '../shared/ports.ts';
import { silentDevicesOf } from './silent-device-list.ts';

/**
 * "Keep this device": the owner says the device is still in use. Its silence starts again now,
 * as a check-in would start it, and any warning about it closes; its "last seen" stays the true
 * last check-in.
 */
export async function keepMyDevice(deps: Deps, accountId: string, deviceId: string) {
  const keptAt = await inTransaction(deps.db, async (tx) => {
    if (!(await findOwnedDevice(tx, accountId, deviceId))) throw notFound('Device');
    const now = deps.clock.now();
    await lockDevices(tx, [deviceId]);
    await keepDevice(tx, deviceId, now);
    return now;
  });
  deps.notifier.publish(accountTopic(accountId), { refresh: true });
  return { deviceId, keptAt: keptAt.toISOString() };
}

/**
 * The account's own devices that are silent long enough to be shown so, each with the date its
 * seats free unless it checks in (the earliest of its products'). Computed from the timestamps,
 * so that the portal agrees with the rule before the job has run.
 */
export async function mySilentDevices(deps: Deps, accountId: string) {
  const silent = await silentDevicesOf(deps, await silenceHoldings(deps.db, { accountId }));
  return silent.map(({ holding: _, ...d }) => d);
}

/** What the email's keep link opens: the page says what keeping does, and its button keeps. */
export type KeepLink =
  | { state: 'unknown' }
  | { state: 'expired'; language: Language }
  | {
      state: 'open' | 'kept';
      language: Language;
      deviceName: string;
      productName: string;
      lastSeenAt: Date;
      endsAt: Date;
    };

async function keepLink(deps: Deps, token: string): Promise<KeepLink & { deviceId?: string }> {
  const w = await findWarningByToken(deps.db, secretHash(token));
  if (!w) return { state: 'unknown' };
  const language = languageOr(w.language);
  const device = await findDevice(deps.db, w.deviceId);
  const product = await findProduct(deps.db, w.productId);
  const now = deps.clock.now();
  if (
    !device ||
    device.disconnectedAt ||
    !product ||
    w.outcome === 'ended' ||
    now.getTime() >= w.endsAt.getTime()
  )
    return { state: 'expired', language };
  return {
    state: w.outcome === 'kept' ? 'kept' : 'open',
    language,
    deviceId: device.id,
    deviceName: device.name,
    productName: product.name,
    lastSeenAt: device.lastSeenAt,
    endsAt: w.endsAt,
  };
}

/** The keep page's facts; opening it changes nothing (mail scanners open links too). */
export async function keepLinkPage(deps: Deps, token: string): Promise<KeepLink> {
  const { deviceId: _, ...page } = await keepLink(deps, token);
  return page;
}

/** The keep page's button: keeps the device while the link works (until the warned date). */
export async function keepByLink(deps: Deps, token: string): Promise<KeepLink> {
  const link = await keepLink(deps, token);
  if ((link.state !== 'open' && link.state !== 'kept') || !link.deviceId) return link;
  const deviceId = link.deviceId;
  const owner = await inTransaction(deps.db, async (tx) => {
    await lockDevices(tx, [deviceId]);
    await keepDevice(tx, deviceId, deps.clock.now());
    return (await findDevice(tx, deviceId))?.accountId ?? null;
  });
  if (owner) deps.notifier.publish(accountTopic(owner), { refresh: true });
  const { deviceId: _, ...page } = link;
  return { ...page, state: 'kept' };
}
