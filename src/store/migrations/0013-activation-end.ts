import type { Kysely } from 'kysely';

/**
 * Why each activation ended (`domain/activation.ts`), for seat history, revoke, lost, replace and
 * silent devices. Activations that ended before this column existed were all superseded or
 * disconnected; they keep null, which seat history shows as unknown rather than guessing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('activations').addColumn('ended_because', 'text').execute();
}
