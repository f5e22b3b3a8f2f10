import type { SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Db } from './database.ts';
import { dialectOf } from './dialect.ts';

/**
 * Takes a named lock for the rest of the caller's transaction, if no other node holds it, and
 * says whether it got it. On PostgreSQL it is a transaction-scoped advisory lock, released by
 * commit or rollback (or by the database when a node dies with it). On SQLite the transaction
 * already holds the file's write lock (`BEGIN IMMEDIATE`), so it always succeeds.
 */
export async function tryTransactionLock(tx: Db, name: string): Promise<boolean> {
  if (dialectOf(tx) !== 'postgres') return true;
  const { rows } = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(hashtextextended(${name}, 0)) as locked`.execute(tx);
  return rows[0]?.locked === true;
}

/**
 * Adds `FOR UPDATE SKIP LOCKED` on PostgreSQL: the rows come back locked for this transaction,
 * and rows another node has locked are skipped, so nodes working through a queue share it
 * without waiting for or doubling each other. SQLite has a single writer; nothing to add.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function claimRows<Q extends SelectQueryBuilder<any, any, any>>(db: Db, query: Q): Q {
  return (dialectOf(db) === 'postgres' ? query.forUpdate().skipLocked() : query) as Q;
}
