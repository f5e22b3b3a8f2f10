import type { InstalledApp } from '../../domain/model.ts';
import { inTransaction } from '../../store/database.ts';
import { currentActivations } from '../../store/activations.repository.ts';
import { redeemConnectCode } from '../../store/connect-codes.repository.ts';
import { findDelivery, openDeliveriesForDevice } from '../../store/deliveries.repository.ts';
import type { DeviceAtRequest, DeviceRef } from '../../store/device-lookup.repository.ts';
import { appsFingerprint, appsOf, replaceApps } from '../../store/device-apps.repository.ts';
import { insertDevice, touchDevice } from '../../store/devices.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { accountTopic, organizationTopic } from '../shared/notifier.ts';
import { recordAudit } from '../organizations/audit.ts';
import { emit } from '../webhooks/emit.ts';
import { applyLinkedSubscription } from '../downloads/apply-linked-subscription.ts';
import { normalizeCode } from '../../domain/codes.ts';
import { secretHash } from '../shared/ports.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';
import { activationView, deliveryView, deviceDeliveryView } from '../shared/views.ts';

export interface ConnectInput {
  code: string;
  name: string;
  platform: string;
  region?: string;
  apps: InstalledApp[];
}

/**
 * Connects an app to the account whose one-time code it presents. Failed codes count per
 * client address (`connectFailuresPerWindow`), each attempt reserved atomically before the code
 * is checked (see `reserveAttempt`), so that parallel guesses cannot slip past the limit and
 * guessing 50-bit codes stays hopeless. A code that connects is forgiven, so honest devices
 * behind one address use up nothing. The request names no account, only the code, which is
 * itself the whole secret (one-time, living minutes): so the limit is per address, and the
 * code's 50 bits, not a count per account, are what protect an account.
 */
/**
 * Past the limit, an address still gets one code checked every few seconds: a guesser there
 * would need some 10^10 years at that pace to hit one of thousands of live 50-bit codes, while
 * a colleague behind the same NAT address connects after a short retry instead of being locked
 * out for the window.
 */
const CONNECT_SLOW_LANE_MS = 3_000;

export async function connectDevice(deps: Deps, input: ConnectInput, clientAddress: string) {
  const { connectFailuresPerWindow: limit, connectFailureWindowMs: windowMs } = deps.settings;
  const token = deps.random.token(32);
  const deviceId = deps.random.id();
  const owner = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    // In the transaction: attempts from one address are checked one at a time (see reserveAttempt).
    const attempt = await reserveAttempt(
      deps,
      [{ key: `connect:${clientAddress}`, limit, windowMs, slowLaneMs: CONNECT_SLOW_LANE_MS }],
      tx,
    );
    const owner = await redeemConnectCode(tx, secretHash(normalizeCode(input.code)), deviceId, now);
    if (!owner) return undefined;
    await attempt.forgive();
    await insertDevice(
      tx,
      {
        id: deviceId,
        accountId: owner.accountId,
        organizationId: owner.organizationId,
        name: input.name,
        platform: input.platform,
        region: input.region?.toUpperCase() ?? null,
        tokenHash: secretHash(token),
      },
      dedupeApps(input.apps),
      now,
    );
    await emit(tx, deps, 'device.connected', {
      deviceId,
      accountId: owner.accountId,
      organizationId: owner.organizationId,
      name: input.name,
      platform: input.platform,
    });
    if (owner.organizationId)
      await recordAudit(
        tx,
        deps,
        { accountId: owner.accountId, organizationId: owner.organizationId },
        clientAddress,
        {
          action: 'device.enroll',
          targetType: 'device',
          targetId: deviceId,
          detail: { name: input.name, platform: input.platform },
        },
      );
    // A code from a download link also sends the link's subscription, applied at once if the rules allow.
    const linked = owner.subscriptionId
      ? await applyLinkedSubscription(tx, deps, {
          deviceId,
          accountId: owner.accountId,
          subscriptionId: owner.subscriptionId,
          now,
        })
      : null;
    return { ...owner, linked };
  });
  if (!owner)
    throw new AppError(
      'CONNECT_CODE_INVALID',
      'This connect code is not valid: it may be wrong, used or expired',
      {
        pointer: '/code',
      },
    );
  deps.notifier.publish(
    owner.organizationId ? organizationTopic(owner.organizationId) : accountTopic(owner.accountId),
    {
      refresh: true,
    },
  );
  if (owner.linked)
    deps.notifier.publish(accountTopic(owner.accountId), {
      delivery: deliveryView(owner.linked.delivery, deps.clock.now()),
    });
  return { deviceId, token, ...owner.linked?.answer };
}

function dedupeApps(apps: InstalledApp[]): InstalledApp[] {
  // A device that runs one app (most do) reports a list with nothing to de-duplicate.
  if (apps.length < 2) return apps;
  return [...new Map(apps.map((a) => [a.app, a])).values()];
}

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
