import type { Selectable } from 'kysely';
import type { Platform } from '../domain/installers.ts';
import type { Db } from './database.ts';
import { toDate } from './dialect.ts';
import type { InstallerTable } from './schema.ts';

export interface StoredInstaller {
  id: string;
  productId: string;
  platform: Platform;
  version: string;
  fileName: string;
  size: number | null;
  sha256: string;
  /** The uploaded file's key in the installer store; null for an external URL. */
  storageKey: string | null;
  externalUrl: string | null;
  createdAt: Date;
}

function rowToInstaller(r: Selectable<InstallerTable>): StoredInstaller {
  return {
    id: r.id,
    productId: r.product_id,
    platform: r.platform as Platform,
    version: r.version,
    fileName: r.file_name,
    size: r.size === null ? null : Number(r.size),
    sha256: r.sha256,
    storageKey: r.storage_key,
    externalUrl: r.external_url,
    createdAt: toDate(r.created_at),
  };
}

export async function insertInstaller(db: Db, i: StoredInstaller): Promise<void> {
  await db
    .insertInto('installers')
    .values({
      id: i.id,
      product_id: i.productId,
      platform: i.platform,
      version: i.version,
      file_name: i.fileName,
      size: i.size,
      sha256: i.sha256,
      storage_key: i.storageKey,
      external_url: i.externalUrl,
      created_at: i.createdAt,
    })
    .execute();
}

export async function findRelease(
  db: Db,
  productId: string,
  platform: Platform,
  version: string,
): Promise<StoredInstaller | undefined> {
  const row = await db
    .selectFrom('installers')
    .selectAll()
    .where('product_id', '=', productId)
    .where('platform', '=', platform)
    .where('version', '=', version)
    .executeTakeFirst();
  return row && rowToInstaller(row);
}

export async function listInstallers(db: Db, productId: string): Promise<StoredInstaller[]> {
  const rows = await db
    .selectFrom('installers')
    .selectAll()
    .where('product_id', '=', productId)
    .orderBy('platform')
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(rowToInstaller);
}

/** One of the product's installers, or undefined: another product's installer does not exist here. */
export async function findProductInstaller(
  db: Db,
  productId: string,
  id: string,
): Promise<StoredInstaller | undefined> {
  const row = await db
    .selectFrom('installers')
    .selectAll()
    .where('id', '=', id)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return row && rowToInstaller(row);
}
