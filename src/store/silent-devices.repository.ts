import type { Db } from './database.ts';
import { toDate, toDateOrNull } from './dialect.ts';

/**
 * Silent devices (app/devices/silent-devices.ts): which devices holding a product with
 * `inactiveAfter` have been silent (measured from their last check-in or their owners' "Keep"), and
 * the end of their activations of that product. The warnings are in ./inactivity-warnings.repository.ts.
 */

export interface ProductInactivity {
  id: string;
  name: string;
  inactiveAfter: string;
}

export async function productsWithInactiveAfter(db: Db): Promise<ProductInactivity[]> {
  const rows = await db
    .selectFrom('products')
    .select(['id', 'name', 'inactive_after'])
    .where('inactive_after', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, inactiveAfter: r.inactive_after! }));
}

export async function setProductInactiveAfter(
  db: Db,
  id: string,
  inactiveAfter: string | null,
): Promise<void> {
  await db.updateTable('products').set({ inactive_after: inactiveAfter }).where('id', '=', id).execute();
}

/** A connected device holding a product, with what its silence is measured from and whom to tell. */
export interface DeviceHoldingProduct {
  deviceId: string;
  deviceName: string;
  accountId: string | null;
  organizationId: string | null;
  lastSeenAt: Date;
  keptAt: Date | null;
  activationId: string;
  subscriptionId: string;
  app: string;
  ownerEmail: string | null;
  ownerLanguage: string | null;
}

function holdersQuery(db: Db, productId: string) {
  return db
    .selectFrom('activations')
    .innerJoin('subscriptions', 'subscriptions.id', 'activations.subscription_id')
    .innerJoin('devices', 'devices.id', 'activations.device_id')
    .leftJoin('device_keeps', 'device_keeps.device_id', 'devices.id')
    .leftJoin('user', 'user.id', 'devices.account_id')
    .select([
      'devices.id as device_id',
      'devices.name as device_name',
      'devices.account_id',
      'devices.organization_id',
      'devices.last_seen_at',
      'device_keeps.kept_at',
      'activations.id as activation_id',
      'activations.subscription_id',
      'activations.app',
      'user.email',
      'user.language',
    ])
    .where('subscriptions.product_id', '=', productId)
    .where('activations.ended_at', 'is', null)
    .where('devices.disconnected_at', 'is', null);
}

type HolderRow = Awaited<ReturnType<ReturnType<typeof holdersQuery>['execute']>>[number];

function rowToHolder(r: HolderRow): DeviceHoldingProduct {
  return {
    deviceId: r.device_id,
    deviceName: r.device_name,
    accountId: r.account_id,
    organizationId: r.organization_id,
    lastSeenAt: toDate(r.last_seen_at),
    keptAt: toDateOrNull(r.kept_at),
    activationId: r.activation_id,
    subscriptionId: r.subscription_id,
    app: r.app,
    ownerEmail: r.email,
    ownerLanguage: r.language,
  };
}

/**
 * Devices holding the product that have shown no sign of life (check-in or keep) since `cutoff`
 * and have not been warned about this silence yet: the warnings due. Oldest silence first.
 */
export async function unwarnedSilentHolders(
  db: Db,
  productId: string,
  cutoff: Date,
  limit: number,
): Promise<DeviceHoldingProduct[]> {
  const rows = await holdersQuery(db, productId)
    .where('devices.last_seen_at', '<=', cutoff)
    .where((eb) => eb.or([eb('device_keeps.kept_at', 'is', null), eb('device_keeps.kept_at', '<=', cutoff)]))
    .where((outer) =>
      outer.not(
        outer.exists(
          outer
            .selectFrom('inactivity_warnings as w')
            .select('w.id')
            .whereRef('w.device_id', '=', 'devices.id')
            .where('w.product_id', '=', productId)
            .whereRef('w.silent_since', '>=', 'devices.last_seen_at')
            .where((eb) =>
              eb.or([
                eb('device_keeps.kept_at', 'is', null),
                eb('w.silent_since', '>=', eb.ref('device_keeps.kept_at')),
              ]),
            ),
        ),
      ),
    )
    .orderBy('devices.last_seen_at')
    .limit(limit)
    .execute();
  return rows.map(rowToHolder);
}

/** Every connected device holding the product (the dry run of an `inactiveAfter` change). */
export async function holdersOfProduct(db: Db, productId: string): Promise<DeviceHoldingProduct[]> {
  return (await holdersQuery(db, productId).orderBy('devices.id').execute()).map(rowToHolder);
}

/** One device's silence, read again inside the transaction that acts on it. */
export async function holderOfProduct(
  db: Db,
  productId: string,
  deviceId: string,
): Promise<DeviceHoldingProduct | undefined> {
  const row = await holdersQuery(db, productId).where('devices.id', '=', deviceId).executeTakeFirst();
  return row && rowToHolder(row);
}

/** The device's current activations of the product (the caller locks, then ends them one by one). */
export async function activationsOfProductOnDevice(
  db: Db,
  deviceId: string,
  productId: string,
): Promise<{ id: string; deviceId: string; subscriptionId: string; app: string }[]> {
  const rows = await db
    .selectFrom('activations')
    .innerJoin('subscriptions', 'subscriptions.id', 'activations.subscription_id')
    .select(['activations.id', 'activations.subscription_id', 'activations.app'])
    .where('activations.device_id', '=', deviceId)
    .where('subscriptions.product_id', '=', productId)
    .where('activations.ended_at', 'is', null)
    .orderBy('activations.subscription_id')
    .execute();
  return rows.map((a) => ({ id: a.id, deviceId, subscriptionId: a.subscription_id, app: a.app }));
}

/**
 * A device holding a product that has `inactiveAfter`: the portal's silent notice (an account's
 * own devices) and the console's (an organization's managed devices).
 */
export interface SilenceHolding {
  deviceId: string;
  deviceName: string;
  lastSeenAt: Date;
  keptAt: Date | null;
  product: ProductInactivity;
}

export async function silenceHoldings(
  db: Db,
  owner: { accountId: string } | { organizationId: string },
): Promise<SilenceHolding[]> {
  const rows = await db
    .selectFrom('activations')
    .innerJoin('subscriptions', 'subscriptions.id', 'activations.subscription_id')
    .innerJoin('products', 'products.id', 'subscriptions.product_id')
    .innerJoin('devices', 'devices.id', 'activations.device_id')
    .leftJoin('device_keeps', 'device_keeps.device_id', 'devices.id')
    .select([
      'devices.id as device_id',
      'devices.name as device_name',
      'devices.last_seen_at',
      'device_keeps.kept_at',
      'products.id as product_id',
      'products.name as product_name',
      'products.inactive_after',
    ])
    // An account's own devices (not the managed ones it enrolled), or an organization's.
    .where((eb) =>
      'accountId' in owner
        ? eb.and([eb('devices.account_id', '=', owner.accountId), eb('devices.organization_id', 'is', null)])
        : eb('devices.organization_id', '=', owner.organizationId),
    )
    .where('devices.disconnected_at', 'is', null)
    .where('activations.ended_at', 'is', null)
    .where('products.inactive_after', 'is not', null)
    .orderBy('devices.id')
    .orderBy('products.id')
    .execute();
  return rows.map((r) => ({
    deviceId: r.device_id,
    deviceName: r.device_name,
    lastSeenAt: toDate(r.last_seen_at),
    keptAt: toDateOrNull(r.kept_at),
    product: { id: r.product_id, name: r.product_name, inactiveAfter: r.inactive_after! },
  }));
}
