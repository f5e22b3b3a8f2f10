import type { Kysely } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * One row that readiness rewrites (`store/storage-health.ts`): a database that answers reads but
 * cannot take writes (disk full, read-only, I/O errors) is not ready.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('health_probe')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('probed_at', t.timestamp, (c) => c.notNull())
    .execute();
}
