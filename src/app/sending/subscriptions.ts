import type { Product } from '../../domain/model.ts';
import type { SeatUsage } from '../../domain/seats.ts';
import { seatUsage } from '../../domain/seats.ts';
import type { Db } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { currentActivations, seatHolders } from '../../store/activations.repository.ts';
import { latestDeliveriesOfSubscription } from '../../store/deliveries.repository.ts';
import type { StoredDevice } from '../../store/devices.repository.ts';
import { listOwnedDevices } from '../../store/devices.repository.ts';
import { findProduct, listProducts } from '../../store/products.repository.ts';
import type { StoredSubscription } from '../../store/subscriptions.repository.ts';
import {
  findByActivationCodeHash,
  findOwnedSubscription,
  listOwnedSubscriptions,
  setOwner,
} from '../../store/subscriptions.repository.ts';
import type { Deps } from '../shared/deps.ts';
import {
  latestRevocationsOfSubscription,
  waitingReservesOfSubscription,
} from '../../store/seat-plans.repository.ts';
import { reserveView } from './reserves.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { normalizeCode } from '../../domain/codes.ts';
import { secretHash } from '../shared/ports.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';
import { deliveryView, subscriptionView } from '../shared/views.ts';

export async function subscriptionSeats(db: Db, s: StoredSubscription, now: Date): Promise<SeatUsage> {
  return seatUsage(s.unit, s.seats, await seatHolders(db, s.id, now));
}

export async function listMySubscriptions(deps: Deps, accountId: string) {
  const now = deps.clock.now();
  const [subs, products] = await Promise.all([
    listOwnedSubscriptions(deps.db, accountId),
    listProducts(deps.db),
  ]);
  const byId = new Map(products.map((p) => [p.id, p]));
  return Promise.all(
    subs.map(async (s) =>
      subscriptionView(s, byId.get(s.productId)!, await subscriptionSeats(deps.db, s, now), now),
    ),
  );
}

/** The subscription and its product, when the account owns it; otherwise it does not exist for them. */
export async function ownedSubscription(
  deps: Deps,
  accountId: string,
  id: string,
): Promise<{ subscription: StoredSubscription; product: Product }> {
  const subscription = await findOwnedSubscription(deps.db, accountId, id);
  if (!subscription || subscription.organizationId) throw notFound('Subscription');
  return { subscription, product: (await findProduct(deps.db, subscription.productId))! };
}

/** The subscription page: seats, and "My devices", each device holding or being sent it. */
export async function mySubscriptionDetail(deps: Deps, accountId: string, id: string) {
  const { subscription, product } = await ownedSubscription(deps, accountId, id);
  return subscriptionDetail(deps, subscription, product, await listOwnedDevices(deps.db, accountId));
}

/** A subscription with its seats and, for each of `devices` holding or being sent it, the latest delivery. */
export async function subscriptionDetail(
  deps: Deps,
  subscription: StoredSubscription,
  product: Product,
  devices: readonly StoredDevice[],
) {
  const now = deps.clock.now();
  const ids = devices.map((d) => d.id);
  const [currents, latest, seats, reserves] = await Promise.all([
    currentActivations(deps.db, ids),
    latestDeliveriesOfSubscription(deps.db, subscription.id),
    subscriptionSeats(deps.db, subscription, now),
    waitingReservesOfSubscription(deps.db, subscription.id),
  ]);
  const revocations = await latestRevocationsOfSubscription(deps.db, subscription.id);
  const mine = devices.flatMap((d) => {
    const active = currents.some((a) => a.deviceId === d.id && a.subscriptionId === subscription.id);
    const delivery = latest.find((l) => l.deviceId === d.id);
    const waiting = reserves.find((r) => r.deviceId === d.id);
    // A reserve starts when the app's current subscription ends: "Starts on …" that day.
    const ending = waiting && currents.find((a) => a.deviceId === d.id && a.app === waiting.app);
    const reserve = waiting ? { reserve: reserveView(waiting, ending?.expiresAt ?? null) } : {};
    // Completed once, no longer held: revoked or replaced since, and "My devices" says so.
    const revoked = revocations.get(d.id);
    const ended =
      !active &&
      delivery?.status === 'completed' &&
      revoked &&
      revoked.createdAt >= (delivery.finishedAt ?? now)
        ? { ended: { because: revoked.endedBecause, at: revoked.createdAt.toISOString() } }
        : {};
    if (!active && !delivery && !waiting) return [];
    const view = delivery ? deliveryView(delivery, now) : null;
    return [
      {
        deviceId: d.id,
        name: d.name,
        platform: d.platform,
        delivery: view,
        status: view?.status ?? ('active' as const),
        active,
        ...reserve,
        ...ended,
      },
    ];
  });
  return { ...subscriptionView(subscription, product, seats, now), devices: mine };
}

/**
 * Adds a subscription to the account by its activation code. Failed codes count against
 * guessing, reserved atomically before the code is checked (see `reserveAttempt`): per account
 * (`guessFailuresPerWindow`), which is what one guesser gets, and per client address
 * (`addressGuessFailuresPerWindow`, high enough for a NAT), which bounds one client with many
 * accounts. A code that is added is forgiven.
 */
export async function addSubscriptionByCode(
  deps: Deps,
  accountId: string,
  activationCode: string,
  clientAddress: string,
) {
  const settings = deps.settings;
  const windowMs = settings.guessFailureWindowMs;
  const now = deps.clock.now();
  const hash = secretHash(normalizeCode(activationCode));
  const outcome = await inTransaction(deps.db, async (tx) => {
    // In the transaction: attempts on one key are checked one at a time (see reserveAttempt).
    const attempt = await reserveAttempt(
      deps,
      [
        { key: `activation-code:${accountId}`, limit: settings.guessFailuresPerWindow, windowMs },
        {
          key: `activation-code:address:${clientAddress}`,
          limit: settings.addressGuessFailuresPerWindow,
          windowMs,
        },
      ],
      tx,
    );
    const s = await findByActivationCodeHash(tx, hash);
    if (!s) return 'not-found' as const;
    // In use by another account: a right guess of someone else's code, which stays counted.
    if (s.ownerAccountId && s.ownerAccountId !== accountId) return 'in-use' as const;
    if (s.organizationId) return 'in-use' as const;
    await attempt.forgive();
    if (!s.ownerAccountId) await setOwner(tx, s.id, accountId, now);
    return { ...s, ownerAccountId: accountId };
  });
  if (outcome === 'not-found')
    throw new AppError('ACTIVATION_CODE_NOT_FOUND', 'No subscription has this activation code', {
      pointer: '/activationCode',
    });
  if (outcome === 'in-use')
    throw new AppError(
      'ACTIVATION_CODE_IN_USE',
      'This activation code is already in use by another account',
      {
        pointer: '/activationCode',
      },
    );
  const product = (await findProduct(deps.db, outcome.productId))!;
  return subscriptionView(outcome, product, await subscriptionSeats(deps.db, outcome, now), now);
}
