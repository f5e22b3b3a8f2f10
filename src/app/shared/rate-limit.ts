import type { Db } from '../../store/database.ts';
import { hit, unhit } from '../../store/rate-limits.repository.ts';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';

/** One limit an attempt counts against: at most `limit` failures per `windowMs` for `key`. */
export interface Limit {
  key: string;
  limit: number;
  windowMs: number;
  /**
   * Past the limit, still let one attempt through per this many ms instead of refusing all: a
   * throttle, not a lock-out. For secrets too long to guess at that pace (connect codes), so that
   * one guesser behind a shared address slows the others there down but cannot lock them out.
   */
  slowLaneMs?: number;
}

/** An attempt reserved against its limits: it stays counted as a failure unless forgiven. */
export interface Attempt {
  /** The secret was right: takes the attempt back, so that honest callers use up nothing. */
  forgive(): Promise<void>;
}

/**
 * Guards a secret against guessing. Reserves one attempt against every limit BEFORE the secret
 * is checked, each with one atomic upsert that counts and returns the count (`hit`), and
 * refuses when any count is past its limit. There is no read-then-write: of any number of
 * parallel attempts, at most `limit` per key are ever let through to the check, on either
 * engine and across nodes. An attempt that is refused is taken back at once, so hammering a
 * locked key uses up none of the others' budgets (e.g. a client address's, shared by a NAT). An
 * attempt that succeeds is taken back by `forgive`; one that fails stays counted. Limits are
 * reserved in the order given: put the narrowest first.
 *
 * Outside a transaction, an attempt being checked counts until it is forgiven, so at most
 * `limit` attempts per key are checked at once: honest ones beyond that are refused too. Where
 * the secret is checked in a transaction, pass it as `db`: each reserved row then stays locked
 * until the transaction ends (PostgreSQL's upsert locks it; SQLite's writers take turns), so
 * attempts on one key are checked one at a time and honest ones wait their turn instead.
 */
export async function reserveAttempt(
  deps: Deps,
  limits: readonly Limit[],
  db: Db = deps.db,
): Promise<Attempt> {
  const now = deps.clock.now();
  const taken: { key: string; windowStart: Date }[] = [];
  const giveBack = () => Promise.all(taken.map((t) => unhit(db, t.key, t.windowStart))).then(() => undefined);
  for (const l of limits) {
    const { count, resetAt, windowStart } = await hit(db, l.key, l.windowMs, now);
    taken.push({ key: l.key, windowStart });
    if (count > l.limit && l.slowLaneMs) {
      const lane = await hit(db, `${l.key}:slow-lane`, l.slowLaneMs, now);
      if (lane.count <= 1) continue;
      await giveBack();
      throw new AppError(
        'RATE_LIMITED',
        'Too many failed attempts from this address; try again in a moment',
        {
          retryAfterSeconds: secondsUntil(lane.resetAt, now),
        },
      );
    }
    if (count > l.limit) {
      await giveBack();
      throw new AppError('RATE_LIMITED', 'Too many failed attempts; wait a while and try again', {
        retryAfterSeconds: secondsUntil(resetAt, now),
      });
    }
  }
  return { forgive: giveBack };
}

/** Counts every call (not only failures) and refuses past `limit` per window. */
export async function countAndLimit(deps: Deps, key: string, limit: number, windowMs: number): Promise<void> {
  const now = deps.clock.now();
  const { count, resetAt } = await hit(deps.db, key, windowMs, now);
  if (count > limit)
    throw new AppError('RATE_LIMITED', 'Too many requests; wait a while and try again', {
      retryAfterSeconds: secondsUntil(resetAt, now),
    });
}

/** Retry-After for a window that resets at `resetAt`: whole seconds, at least one. */
function secondsUntil(resetAt: Date, now: Date): number {
  return Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
}
