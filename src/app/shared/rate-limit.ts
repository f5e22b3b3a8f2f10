import { hit, peek } from '../../store/rate-limits.repository.ts';
import type { Deps } from './deps.ts';
import { AppError } from './errors.ts';

/**
 * Guards against guessing: refuses while `key` has used up `limit` failures in the window.
 * Only failures count (see `recordFailure`), so honest callers are never slowed down.
 */
export async function refuseWhileLimited(
  deps: Deps,
  key: string,
  limit: number,
  windowMs: number,
): Promise<void> {
  const count = await peek(deps.db, key, windowMs, deps.clock.now());
  if (count >= limit)
    throw new AppError('RATE_LIMITED', 'Too many failed attempts; wait a while and try again', {
      retryAfterSeconds: Math.ceil(windowMs / 1000),
    });
}

export async function recordFailure(deps: Deps, key: string, windowMs: number): Promise<void> {
  await hit(deps.db, key, windowMs, deps.clock.now());
}

/** Counts every call (not only failures) and refuses past `limit` per window. */
export async function countAndLimit(deps: Deps, key: string, limit: number, windowMs: number): Promise<void> {
  const { count, resetAt } = await hit(deps.db, key, windowMs, deps.clock.now());
  if (count > limit)
    throw new AppError('RATE_LIMITED', 'Too many requests; wait a while and try again', {
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - deps.clock.now().getTime()) / 1000)),
    });
}
