import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * The Ed25519 keys that sign devices' offline licences (`app/licences/`). The newest generation
 * signs; `generation` is unique, so two nodes that both decide a new key is due insert the same
 * generation and one of them loses (`on conflict do nothing`), then both use the winner's. The
 * private key is stored only encrypted (AES-256-GCM under a key derived from the auth secret).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('licence_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull().unique())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
}
