import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * A new device: the apps' installers (releases per product, platform and version), the emailed
 * download links (stored only hashed, like every other secret), and the subscription a connect
 * code from such a link carries, so that connecting applies it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('installers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint')
    .addColumn('sha256', 'text', (c) => c.notNull())
    // An uploaded file's key in the installer store, or the vendor's own download URL.
    .addColumn('storage_key', 'text')
    .addColumn('external_url', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('installers_release', ['product_id', 'platform', 'version'])
    .execute();

  await db.schema
    .createTable('download_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('user.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('expires_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('download_links_subscription')
    .on('download_links')
    .column('subscription_id')
    .execute();

  await db.schema.alterTable('connect_codes').addColumn('subscription_id', 'text').execute();
}
