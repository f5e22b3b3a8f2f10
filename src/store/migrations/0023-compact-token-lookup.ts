import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dialectOf } from '../dialect.ts';
import { TOKEN_LOOKUP_INDEX } from './0009-token-lookup.ts';

/**
 * SQLite's token lookup (0009) with a smaller entry: last seen as seconds since the epoch (a
 * float of 8 bytes, to the millisecond) rather than its 24 characters of text. The lookup reads
 * a random entry of this index on every device request, and a million devices' entries outgrow
 * the page cache; a smaller entry means fewer pages, more of them cached. The lookup selects the
 * same expression, which SQLite then reads from the index (`LAST_SEEN_IN_LOOKUP`).
 * PostgreSQL keeps its index of 0009, whose `include` columns are not compared.
 */
export const COMPACT_TOKEN_LOOKUP_INDEX = 'devices_token_key';

/** The expression the index holds and the lookup selects, written identically in both. */
export const LAST_SEEN_IN_LOOKUP = "unixepoch(last_seen_at, 'subsec')";

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') return;
  await sql`create index ${sql.id(COMPACT_TOKEN_LOOKUP_INDEX)} on devices
    (token_hash, id, region, ${sql.raw(LAST_SEEN_IN_LOOKUP)}, apps_fingerprint)`.execute(db);
  await sql`drop index ${sql.id(TOKEN_LOOKUP_INDEX)}`.execute(db);
}
