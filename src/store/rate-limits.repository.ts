import type { Db } from './database.ts';
import { toDate } from './dialect.ts';

/**
 * Counts one hit against `key` in a fixed window, in the database so that every node shares
 * the count. Returns the count within the current window, this hit included.
 */
export async function hit(
  db: Db,
  key: string,
  windowMs: number,
  now: Date,
): Promise<{ count: number; resetAt: Date }> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('rate_limits')
      .select(['window_start', 'count'])
      .where('key', '=', key)
      .executeTakeFirst();
    if (!row || toDate(row.window_start).getTime() + windowMs <= now.getTime()) {
      await tx
        .insertInto('rate_limits')
        .values({ key, window_start: now, count: 1 })
        .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: now, count: 1 }))
        .execute();
      return { count: 1, resetAt: new Date(now.getTime() + windowMs) };
    }
    const updated = await tx
      .updateTable('rate_limits')
      .set((eb) => ({ count: eb('count', '+', 1) }))
      .where('key', '=', key)
      .returning('count')
      .executeTakeFirstOrThrow();
    return { count: updated.count, resetAt: new Date(toDate(row.window_start).getTime() + windowMs) };
  });
}

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
