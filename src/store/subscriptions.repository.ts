import type { Selectable } from 'kysely';
import type {
  Renewal,
  SeatUnit,
  Subscription,
  SubscriptionKind,
  SubscriptionState,
} from '../domain/model.ts';
import type { Db } from './database.ts';
import { dialectOf, toDate } from './dialect.ts';
import type { SubscriptionTable } from './schema.ts';

export interface StoredSubscription extends Subscription {
  activationCodeHint: string;
}

export function rowToSubscription(r: Selectable<SubscriptionTable>): StoredSubscription {
  return {
    id: r.id,
    productId: r.product_id,
    kind: r.kind as SubscriptionKind,
    renewal: r.renewal as Renewal,
    unit: r.unit as SeatUnit,
    seats: r.seats,
    startsAt: toDate(r.starts_at),
    expiresAt: toDate(r.expires_at),
    state: r.state as SubscriptionState,
    ownerAccountId: r.owner_account_id,
    organizationId: r.organization_id,
    activationCodeHint: r.activation_code_hint,
  };
}

export async function insertSubscription(
  db: Db,
  s: Subscription,
  code: { hash: string; hint: string },
  now: Date,
): Promise<void> {
  await db
    .insertInto('subscriptions')
    .values({
      id: s.id,
      product_id: s.productId,
      kind: s.kind,
      renewal: s.renewal,
      unit: s.unit,
      seats: s.seats,
      starts_at: s.startsAt,
      expires_at: s.expiresAt,
      state: s.state,
      activation_code_hash: code.hash,
      activation_code_hint: code.hint,
      owner_account_id: s.ownerAccountId,
      organization_id: s.organizationId,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export async function findSubscription(db: Db, id: string): Promise<StoredSubscription | undefined> {
  const row = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToSubscription(row);
}

/** A subscription of the account's, or undefined: other people's subscriptions do not exist for the caller. */
export async function findOwnedSubscription(
  db: Db,
  accountId: string,
  id: string,
): Promise<StoredSubscription | undefined> {
  const row = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where('owner_account_id', '=', accountId)
    .executeTakeFirst();
  return row && rowToSubscription(row);
}

/**
 * Locks the subscription's row for the rest of the transaction, so that seat accounting is
 * decided by one sender at a time (SQLite's write lock already serializes whole transactions).
 */
export async function lockSubscription(db: Db, id: string): Promise<StoredSubscription | undefined> {
  let q = db.selectFrom('subscriptions').selectAll().where('id', '=', id);
  if (dialectOf(db) === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && rowToSubscription(row);
}

export async function findByActivationCodeHash(
  db: Db,
  hash: string,
): Promise<StoredSubscription | undefined> {
  let q = db.selectFrom('subscriptions').selectAll().where('activation_code_hash', '=', hash);
  if (dialectOf(db) === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && rowToSubscription(row);
}

export async function setOwner(db: Db, id: string, accountId: string, now: Date): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set({ owner_account_id: accountId, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function setState(db: Db, id: string, state: SubscriptionState, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('subscriptions')
    .set({ state, updated_at: now })
    .where('id', '=', id)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** An account's or an organization's subscriptions, the latest expiry first. */
async function listSubscriptionsOf(
  db: Db,
  holder: 'owner_account_id' | 'organization_id',
  id: string,
): Promise<StoredSubscription[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .selectAll()
    .where(holder, '=', id)
    .orderBy('expires_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(rowToSubscription);
}

export function listOwnedSubscriptions(db: Db, accountId: string): Promise<StoredSubscription[]> {
  return listSubscriptionsOf(db, 'owner_account_id', accountId);
}

export function listOrganizationSubscriptions(db: Db, organizationId: string): Promise<StoredSubscription[]> {
  return listSubscriptionsOf(db, 'organization_id', organizationId);
}
