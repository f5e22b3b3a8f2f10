import type { Platform } from '../domain/installers.ts';
import type { Renewal, SubscriptionKind, SubscriptionState } from '../domain/model.ts';
import type { Db } from './database.ts';
import { toDate, toDateOrNull } from './dialect.ts';

export interface NewSupportReference {
  codeHash: string;
  accountId: string;
  subscriptionId: string | null;
  deviceId: string | null;
  reasons: readonly string[];
  createdAt: Date;
  expiresAt: Date;
}

/** Stores a reference; false when its code is already taken (the caller draws another). */
export async function insertSupportReference(db: Db, r: NewSupportReference): Promise<boolean> {
  const result = await db
    .insertInto('support_references')
    .values({
      code_hash: r.codeHash,
      account_id: r.accountId,
      subscription_id: r.subscriptionId,
      device_id: r.deviceId,
      reasons: JSON.stringify(r.reasons),
      created_at: r.createdAt,
      expires_at: r.expiresAt,
    })
    .onConflict((oc) => oc.column('code_hash').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** References past their 30 days stand for nothing: removed, by the index on their expiry. */
export async function deleteExpiredSupportReferences(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('support_references').where('expires_at', '<=', now).execute();
}

/** What a live reference stands for, read in one query: the account, subscription with product, device. */
export interface SupportReferenceRead {
  createdAt: Date;
  expiresAt: Date;
  reasons: string[];
  account: { id: string; email: string; name: string };
  subscription: {
    id: string;
    productId: string;
    productName: string;
    kind: SubscriptionKind;
    renewal: Renewal;
    state: SubscriptionState;
    expiresAt: Date;
    organizationId: string | null;
  } | null;
  device: {
    id: string;
    name: string;
    platform: Platform;
    lastSeenAt: Date;
    disconnectedAt: Date | null;
  } | null;
}

export async function findSupportReference(
  db: Db,
  codeHash: string,
  now: Date,
): Promise<SupportReferenceRead | undefined> {
  const row = await db
    .selectFrom('support_references as r')
    .innerJoin('user as u', 'u.id', 'r.account_id')
    .leftJoin('subscriptions as s', 's.id', 'r.subscription_id')
    .leftJoin('products as p', 'p.id', 's.product_id')
    .leftJoin('devices as d', 'd.id', 'r.device_id')
    .select([
      'r.created_at',
      'r.expires_at',
      'r.reasons',
      'u.id as account_id',
      'u.email',
      'u.name as account_name',
      's.id as subscription_id',
      's.product_id',
      'p.name as product_name',
      's.kind',
      's.renewal',
      's.state',
      's.expires_at as subscription_expires_at',
      's.organization_id',
      'd.id as device_id',
      'd.name as device_name',
      'd.platform',
      'd.last_seen_at',
      'd.disconnected_at',
    ])
    .where('r.code_hash', '=', codeHash)
    .where('r.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    createdAt: toDate(row.created_at),
    expiresAt: toDate(row.expires_at),
    reasons: JSON.parse(row.reasons) as string[],
    account: { id: row.account_id, email: row.email, name: row.account_name },
    subscription: row.subscription_id
      ? {
          id: row.subscription_id,
          productId: row.product_id!,
          productName: row.product_name ?? row.product_id!,
          kind: row.kind as SubscriptionKind,
          renewal: row.renewal as Renewal,
          state: row.state as SubscriptionState,
          expiresAt: toDate(row.subscription_expires_at!),
          organizationId: row.organization_id ?? null,
        }
      : null,
    device: row.device_id
      ? {
          id: row.device_id,
          name: row.device_name!,
          platform: row.platform as Platform,
          lastSeenAt: toDate(row.last_seen_at!),
          disconnectedAt: toDateOrNull(row.disconnected_at ?? null),
        }
      : null,
  };
}

/**
 * Whether the account may name this subscription in a reference: its own, or its organization's.
 * Anyone else's does not exist for it.
 */
export async function subscriptionVisibleTo(db: Db, accountId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('subscriptions as s')
    .select('s.id')
    .where('s.id', '=', id)
    .where((eb) =>
      eb.or([
        eb('s.owner_account_id', '=', accountId),
        eb(
          's.organization_id',
          'in',
          eb.selectFrom('memberships').select('organization_id').where('account_id', '=', accountId),
        ),
      ]),
    )
    .executeTakeFirst();
  return !!row;
}

/** Whether the account may name this device: connected to it, or managed by its organization. */
export async function deviceVisibleTo(db: Db, accountId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('devices as d')
    .select('d.id')
    .where('d.id', '=', id)
    .where((eb) =>
      eb.or([
        eb('d.account_id', '=', accountId),
        eb(
          'd.organization_id',
          'in',
          eb.selectFrom('memberships').select('organization_id').where('account_id', '=', accountId),
        ),
      ]),
    )
    .executeTakeFirst();
  return !!row;
}
