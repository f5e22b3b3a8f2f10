import semver from 'semver';
import type { Product, Renewal, SeatUnit, SubscriptionKind, SubscriptionState } from '../../domain/model.ts';
import { insertProduct, findProduct, listProducts } from '../../store/products.repository.ts';
import { findSubscription, insertSubscription, setState } from '../../store/subscriptions.repository.ts';
import { findOrganization } from '../../store/organizations.repository.ts';
import { findVerifiedAccountIdByEmail, insertOwnerClaim } from '../../store/accounts.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { CODE_ALPHABET, formatCode } from '../../domain/codes.ts';
import { subscriptionSeats } from '../sending/subscriptions.ts';
import { subscriptionView } from '../shared/views.ts';
import type { Tx } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { emit } from '../webhooks/emit.ts';
import { checkInactiveAfter } from './product-inactivity.ts';

export async function createProduct(deps: Deps, p: Product): Promise<Product> {
  if (!semver.validRange(p.appVersions, { loose: true }))
    throw new AppError('VALIDATION_FAILED', `"${p.appVersions}" is not a semver range`, {
      pointer: '/appVersions',
    });
  checkInactiveAfter(p.inactiveAfter);
  const product = { ...p, regions: [...new Set(p.regions.map((r) => r.toUpperCase()))] };
  if (await findProduct(deps.db, p.id))
    throw new AppError('ALREADY_EXISTS', `Product ${p.id} already exists`, { pointer: '/id' });
  await insertProduct(deps.db, product, deps.clock.now());
  return product;
}

export const getProducts = (deps: Deps) => listProducts(deps.db);

export interface IssueSubscription {
  product: string;
  kind: SubscriptionKind;
  renewal: Renewal;
  unit: SeatUnit;
  seats: number;
  startsAt?: Date;
  expiresAt: Date;
  ownerEmail?: string;
  organization?: string;
}

/** Issues a subscription from billing; its activation code is shown once, here, and stored only hashed. */
export async function issueSubscription(deps: Deps, input: IssueSubscription) {
  const now = deps.clock.now();
  const product = await findProduct(deps.db, input.product);
  if (!product)
    throw new AppError('VALIDATION_FAILED', `No product ${input.product}`, { pointer: '/product' });
  let organizationId: string | null = null;
  if (input.organization !== undefined) {
    if (input.ownerEmail)
      throw new AppError('VALIDATION_FAILED', 'A subscription has an owner or an organization, not both', {
        pointer: '/ownerEmail',
      });
    if (!(await findOrganization(deps.db, input.organization)))
      throw new AppError('VALIDATION_FAILED', `No organization ${input.organization}`, {
        pointer: '/organization',
      });
    organizationId = input.organization;
  }
  const startsAt = input.startsAt ?? now;
  if (input.expiresAt.getTime() <= startsAt.getTime())
    throw new AppError('VALIDATION_FAILED', 'expiresAt must be after startsAt', { pointer: '/expiresAt' });
  let ownerAccountId: string | null = null;
  // Only a proven address receives it; otherwise it waits for the account that proves the address.
  if (input.ownerEmail)
    ownerAccountId = (await findVerifiedAccountIdByEmail(deps.db, input.ownerEmail)) ?? null;
  const raw = deps.random.code(20, CODE_ALPHABET);
  const subscription = {
    id: deps.random.id(),
    productId: product.id,
    kind: input.kind,
    renewal: input.renewal,
    unit: input.unit,
    seats: input.seats,
    startsAt,
    expiresAt: input.expiresAt,
    state: 'active' as const,
    ownerAccountId,
    organizationId,
  };
  await inTransaction(deps.db, async (tx) => {
    await insertSubscription(tx, subscription, { hash: secretHash(raw), hint: raw.slice(-5) }, now);
    if (input.ownerEmail && !ownerAccountId)
      await insertOwnerClaim(tx, subscription.id, input.ownerEmail, now);
    await emit(tx, deps, 'subscription.issued', {
      subscriptionId: subscription.id,
      productId: product.id,
      kind: subscription.kind,
      seats: subscription.seats,
      unit: subscription.unit,
      ownerAccountId,
      organizationId,
      expiresAt: subscription.expiresAt.toISOString(),
    });
  });
  return {
    ...subscriptionView(
      { ...subscription, activationCodeHint: raw.slice(-5) },
      product,
      { total: input.seats, used: 0, reserved: 0 },
      now,
    ),
    activationCode: formatCode(raw),
    ownerAccountId,
    organizationId,
  };
}

const TARGET_STATE: Record<'block' | 'suspend' | 'reinstate', SubscriptionState> = {
  block: 'blocked',
  suspend: 'suspended',
  reinstate: 'active',
};

const STATE_EVENT = {
  block: 'subscription.blocked',
  suspend: 'subscription.suspended',
  reinstate: 'subscription.reinstated',
} as const;

export async function changeSubscriptionState(
  deps: Deps,
  id: string,
  action: keyof typeof TARGET_STATE,
  /** Written in the same transaction as the change (support's audit of a reinstatement). */
  alsoRecord?: (tx: Tx) => Promise<unknown>,
) {
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    if (!(await setState(tx, id, TARGET_STATE[action], now))) throw notFound('Subscription');
    await emit(tx, deps, STATE_EVENT[action], { subscriptionId: id, state: TARGET_STATE[action] });
    await alsoRecord?.(tx);
  });
  const s = (await findSubscription(deps.db, id))!;
  const product = (await findProduct(deps.db, s.productId))!;
  return subscriptionView(s, product, await subscriptionSeats(deps.db, s, now), now);
}
