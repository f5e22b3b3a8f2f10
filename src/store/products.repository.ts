import type { Selectable } from 'kysely';
import type { Product } from '../domain/model.ts';
import type { Db } from './database.ts';
import type { ProductTable } from './schema.ts';

export function rowToProduct(r: Selectable<ProductTable>): Product {
  return {
    id: r.id,
    name: r.name,
    app: r.app,
    appVersions: r.app_versions,
    regions: JSON.parse(r.regions) as string[],
    business: Boolean(r.business),
    perUserService: Boolean(r.per_user_service),
    ...(r.inactive_after ? { inactiveAfter: r.inactive_after } : {}),
  };
}

export async function insertProduct(db: Db, p: Product, now: Date): Promise<void> {
  await db
    .insertInto('products')
    .values({
      id: p.id,
      name: p.name,
      app: p.app,
      app_versions: p.appVersions,
      regions: JSON.stringify(p.regions),
      business: p.business,
      per_user_service: p.perUserService,
      inactive_after: p.inactiveAfter ?? null,
      created_at: now,
    })
    .execute();
}

export async function findProduct(db: Db, id: string): Promise<Product | undefined> {
  const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToProduct(row);
}

export async function listProducts(db: Db): Promise<Product[]> {
  const rows = await db.selectFrom('products').selectAll().orderBy('id').execute();
  return rows.map(rowToProduct);
}

/** Whether any product exists: the demo seeds its data only into an empty catalogue. */
export async function hasAnyProduct(db: Db): Promise<boolean> {
  return (await db.selectFrom('products').select('id').limit(1).executeTakeFirst()) !== undefined;
}
