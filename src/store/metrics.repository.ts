import type { DeliveryStatus } from '../domain/delivery.ts';
import { OPEN_STATUSES } from '../domain/delivery.ts';
import type { Db } from './database.ts';
import { toDateOrNull } from './dialect.ts';

/**
 * What `/metrics` reads from the database at each scrape. Each query reads a partial or leading
 * index range, never a whole table: a scrape must not stall requests on a big database.
 */

/** Mail not sent yet: how much, how much of it has failed at least once, and the oldest. */
export async function mailOutboxDepth(
  db: Db,
): Promise<{ queued: number; retrying: number; oldestCreatedAt: Date | null }> {
  const row = await db
    .selectFrom('mail_outbox')
    .where('sent_at', 'is', null)
    .select((eb) => [
      eb.fn.countAll<number | string>().as('queued'),
      eb.fn
        .sum<number | string | null>(eb.case().when('attempts', '>', 0).then(1).else(0).end())
        .as('retrying'),
      eb.fn.min('created_at').as('oldest'),
    ])
    .executeTakeFirstOrThrow();
  return {
    queued: Number(row.queued),
    retrying: Number(row.retrying ?? 0),
    oldestCreatedAt: toDateOrNull(row.oldest),
  };
}

/**
 * Open deliveries by status, still in their window at `now`, and those whose window has passed
 * but that the expiry job has not written down yet (every read already treats them as expired).
 */
export async function openDeliveries(
  db: Db,
  now: Date,
): Promise<{ byStatus: Map<DeliveryStatus, number>; overdue: number }> {
  const open = [...OPEN_STATUSES];
  const live = await db
    .selectFrom('deliveries')
    .where('status', 'in', open)
    .where('expires_at', '>', now)
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const overdue = await db
    .selectFrom('deliveries')
    .where('status', 'in', open)
    .where('expires_at', '<=', now)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    byStatus: new Map(live.map((r) => [r.status as DeliveryStatus, Number(r.n)])),
    overdue: Number(overdue.n),
  };
}
