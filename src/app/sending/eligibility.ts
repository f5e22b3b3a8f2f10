import type { Product } from '../../domain/model.ts';
import type { ReasonCode } from '../../domain/reasons.ts';
import type { RemedyKind } from '../../domain/remedies.ts';
import { remediesFor } from '../../domain/remedies.ts';
import { findDevice } from '../../store/devices.repository.ts';
import { findProduct } from '../../store/products.repository.ts';
import { waitingReserves } from '../../store/seat-plans.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import { offeredInstallers } from '../operator/releases.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import type { Judge } from './send-facts.ts';
import { loadJudge } from './send-facts.ts';
import type { SendScope } from './send-scope.ts';

/** The subscription, if it exists for the sender; other people's subscriptions do not. */
export async function reachableSubscription(deps: Deps, scope: SendScope, id: string) {
  const subscription = await findSubscription(deps.db, id);
  if (!subscription || !scope.reaches(subscription)) throw notFound('Subscription');
  return { subscription, product: (await findProduct(deps.db, subscription.productId))! };
}

/**
 * The pre-flight: whether each of the sender's devices can receive the subscription, why not,
 * and the one-step fix for a refusal that has one (`domain/remedies.ts`).
 */
export async function checkEligibility(deps: Deps, scope: SendScope, subscriptionId: string) {
  const { subscription, product } = await reachableSubscription(deps, scope, subscriptionId);
  const devices = await scope.devices(deps.db, product.app);
  const judge = await loadJudge(deps.db, {
    now: deps.clock.now(),
    channel: scope.channel,
    subscription,
    product,
    senderRole: scope.senderRole,
    visibleDevices: devices,
    ownerRegion: scope.region,
  });
  const judged = devices.map((d) => ({ device: d, reasons: judge.reasonsFor(d.id) }));
  const remedies = await remedyFinder(deps, product, judge, judged);
  return judged.map(({ device: d, reasons }) => ({
    deviceId: d.id,
    name: d.name,
    platform: d.platform,
    eligible: reasons.length === 0,
    reasons,
    remedies: remedies(d, reasons),
  }));
}

type Judged = { device: { id: string; platform: string }; reasons: ReasonCode[] }[];

/**
 * Loads what the remedies need beyond the reasons, only when some device could use it (a fleet's
 * pre-flight is mostly eligible devices): the seat holders with their names and last seen, the
 * reserves waiting, the newest installer per platform.
 */
async function remedyFinder(deps: Deps, product: Product, judge: Judge, judged: Judged) {
  const needs = (r: ReasonCode) => judged.some((j) => j.reasons.includes(r));
  // A holder whose seat another device is already on its way to take is no longer on offer.
  const handedOver = new Set(
    judge.base.seatHolders.flatMap((h) => (h.holdsSeatOf ? [h.holdsSeatOf.deviceId] : [])),
  );
  const holderIds = [
    ...new Set(
      judge.base.seatHolders
        .filter((h) => h.kind === 'activation' && !handedOver.has(h.deviceId))
        .map((h) => h.deviceId),
    ),
  ];
  const holders = needs('NO_FREE_SLOTS')
    ? (await Promise.all(holderIds.map((id) => findDevice(deps.db, id)))).flatMap((d) =>
        d ? [{ deviceId: d.id, name: d.name, lastSeenAt: d.lastSeenAt.toISOString() }] : [],
      )
    : [];
  const reserveReasons = judged.some((j) => j.reasons.length > 0)
    ? await waitingReserves(
        deps.db,
        judged.filter((j) => j.reasons.length > 0).map((j) => j.device.id),
      )
    : [];
  const reserveWaits = new Set(reserveReasons.filter((r) => r.app === product.app).map((r) => r.deviceId));
  const installers = needs('INCOMPATIBLE_APP_VERSION') ? await offeredInstallers(deps, product) : [];
  return (d: { id: string; platform: string }, reasons: ReasonCode[]) => {
    const elsewhere = holders.filter((h) => h.deviceId !== d.id);
    const installer = installers.find((i) => i.platform === d.platform) ?? null;
    return remediesFor(reasons, {
      seatHoldersElsewhere: elsewhere.length > 0,
      reserveWaiting: reserveWaits.has(d.id),
      installerAvailable: installer !== null,
    }).map((kind: RemedyKind) => {
      if (kind === 'replace') return { kind, seatHolders: elsewhere };
      if (kind === 'update_app' && installer)
        return { kind, installerId: installer.id, version: installer.version, platform: installer.platform };
      if (kind === 'reserve')
        return { kind, startsAt: judge.devices.get(d.id)?.current?.expiresAt.toISOString() ?? null };
      return { kind };
    });
  };
}
