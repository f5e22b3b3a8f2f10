import { sql } from 'kysely';
import type { Db } from './database.ts';
import { dialectOf, toDate } from './dialect.ts';

/**
 * Counts one hit against `key` in a fixed window, in the database so that every node shares
 * the count. One atomic upsert: parallel hits (a guessing attack's favourite) cannot reset or
 * skip each other. Returns the count within the current window, this hit included.
 */
export async function hit(
  db: Db,
  key: string,
  windowMs: number,
  now: Date,
): Promise<{ count: number; resetAt: Date; windowStart: Date }> {
  const cutoff = new Date(now.getTime() - windowMs);
  const stale = sql<boolean>`rate_limits.window_start <= ${cutoff}`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, count: 1 })
    .onConflict((oc) => {
      const update = oc.column('key').doUpdateSet({
        count: sql<number>`case when ${stale} then 1 else rate_limits.count + 1 end`,
        window_start: sql<Date>`case when ${stale} then ${now} else rate_limits.window_start end`,
      });
      return ownCommitOnPostgres(db) ? update.where(NO_DISK_WAIT) : update;
    })
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  const windowStart = toDate(row.window_start);
  return { count: Number(row.count), resetAt: new Date(windowStart.getTime() + windowMs), windowStart };
}

/**
 * Takes back one hit counted by `hit` in the window that began at `windowStart` (one atomic
 * update; a hit from a window that has since restarted is not taken from the new one).
 */
export async function unhit(db: Db, key: string, windowStart: Date): Promise<void> {
  let q = db
    .updateTable('rate_limits')
    .set({ count: sql<number>`rate_limits.count - 1` })
    .where('key', '=', key)
    .where('window_start', '=', windowStart)
    .where('count', '>', 0);
  if (ownCommitOnPostgres(db)) q = q.where(NO_DISK_WAIT);
  await q.execute();
}

/**
 * A count need not survive a crash, so a statement that is its own transaction (outside the
 * caller's) commits without waiting for the disk on PostgreSQL (`synchronous_commit` off, set
 * within the statement, read at its commit): the row it locks is free again at once, so that
 * many attempts from one address (a fleet behind one NAT) are not paced by disk flushes. Inside
 * a caller's transaction it changes nothing: that transaction's own commit decides.
 */
const NO_DISK_WAIT = sql<boolean>`set_config('synchronous_commit', 'off', true) is not null`;
const ownCommitOnPostgres = (db: Db) => !db.isTransaction && dialectOf(db) === 'postgres';

/** The count in the current window, without adding a hit. */
export async function peek(db: Db, key: string, windowMs: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom('rate_limits')
    .select(['window_start', 'count'])
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || toDate(row.window_start).getTime() + windowMs <= now.getTime()) return 0;
  return row.count;
}
