import type { Db } from './database.ts';
import { oneOf } from './dialect.ts';

/**
 * What the ids an audit log page mentions are called, so that the console can say "sent Small
 * Office Security to Reception PC" rather than show ids: devices (also removed ones, whose rows
 * stay), subscriptions (by their product's name), accounts and invitations (by name or address).
 * An id that names nothing known is left out.
 */
export async function namesOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const [devices, subscriptions, accounts, invitations] = await Promise.all([
    db
      .selectFrom('devices')
      .select(['id', 'name'])
      .where(oneOf(db, 'id', ids))
      .execute(),
    db
      .selectFrom('subscriptions')
      .innerJoin('products', 'products.id', 'subscriptions.product_id')
      .select(['subscriptions.id', 'products.name'])
      .where(oneOf(db, 'subscriptions.id', ids))
      .execute(),
    db
      .selectFrom('user')
      .select(['id', 'name', 'email'])
      .where(oneOf(db, 'id', ids))
      .execute(),
    db
      .selectFrom('invitations')
      .select(['id', 'email'])
      .where(oneOf(db, 'id', ids))
      .execute(),
  ]);
  for (const r of devices) names.set(r.id, r.name);
  for (const r of subscriptions) names.set(r.id, r.name);
  for (const r of accounts) names.set(r.id, r.name || r.email);
  for (const r of invitations) names.set(r.id, r.email);
  return names;
}
