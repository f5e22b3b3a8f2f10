import type { SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { DeliveryStatus } from '../domain/delivery.ts';
import { OPEN_STATUSES } from '../domain/delivery.ts';
import type { Db } from './database.ts';
import type { StoredDelivery } from './deliveries.repository.ts';
import { rowToDelivery } from './deliveries.repository.ts';
import { oneOf } from './dialect.ts';

/**
 * Sends as a whole: the deliveries one send request made carry its id, so that they can be
 * listed and undone together; and a subscription's deliveries, newest first, by status.
 */

/** Marks the deliveries a send just made as that send's. */
export async function tagSend(db: Db, sendId: string, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await db
    .updateTable('deliveries')
    .set({ send_id: sendId })
    .where(oneOf(db, 'id', deliveryIds))
    .execute();
}

/** Every delivery the send made. */
export async function deliveriesOfSend(db: Db, sendId: string): Promise<StoredDelivery[]> {
  const rows = await db.selectFrom('deliveries').selectAll().where('send_id', '=', sendId).execute();
  return rows.map(rowToDelivery);
}

/**
 * Cancels, in one statement, those of the send's deliveries that are still open and in their
 * window: a compare-and-set on the status for all of them, so a device completing one at the
 * same moment wins or loses it whole. A device event is appended for each, for its stream.
 * Returns the cancelled deliveries' ids and devices.
 */
export async function cancelOpenDeliveriesOfSend(
  db: Db,
  sendId: string,
  now: Date,
): Promise<{ id: string; deviceId: string }[]> {
  const rows = await db
    .updateTable('deliveries')
    .set({ status: 'cancelled', finished_at: now, updated_at: now })
    .where('send_id', '=', sendId)
    .where('status', 'in', [...OPEN_STATUSES])
    .where('expires_at', '>', now)
    .returning(['id', 'device_id'])
    .execute();
  if (rows.length > 0)
    await db
      .insertInto('device_events')
      .values(
        rows.map((r) => ({
          device_id: r.device_id,
          delivery_id: r.id,
          status: 'cancelled',
          created_at: now,
        })),
      )
      .execute();
  return rows.map((r) => ({ id: r.id, deviceId: r.device_id }));
}

export interface ListedDelivery extends StoredDelivery {
  sendId: string | null;
  deviceName: string;
}

/**
 * One page of the subscription's deliveries, newest first, after the one keyed `after`
 * ([createdAt, id]). The status filter is on the status every reader sees: an open delivery
 * whose window has passed is `expired`, not what its row still says.
 */
export async function pageSubscriptionDeliveries(
  db: Db,
  subscriptionId: string,
  page: { status?: DeliveryStatus; now: Date; after?: readonly [string, string]; limit: number },
): Promise<{ deliveries: ListedDelivery[]; next: [string, string] | null }> {
  let q = db
    .selectFrom('deliveries')
    .innerJoin('devices', 'devices.id', 'deliveries.device_id')
    .selectAll('deliveries')
    .select('devices.name as device_name')
    .where('deliveries.subscription_id', '=', subscriptionId);
  const open = (OPEN_STATUSES as readonly string[]).includes(page.status ?? '');
  if (page.status === 'expired')
    q = q.where((eb) =>
      eb.or([
        eb('deliveries.status', '=', 'expired'),
        eb.and([
          eb('deliveries.status', 'in', [...OPEN_STATUSES]),
          eb('deliveries.expires_at', '<=', page.now),
        ]),
      ]),
    );
  else if (page.status) q = q.where('deliveries.status', '=', page.status);
  if (open) q = q.where('deliveries.expires_at', '>', page.now);
  if (page.after)
    q = q.where(
      sql<SqlBool>`(${sql.ref('deliveries.created_at')}, ${sql.ref('deliveries.id')}) < (${new Date(page.after[0])}, ${page.after[1]})`,
    );
  const rows = await q
    .orderBy('deliveries.created_at', 'desc')
    .orderBy('deliveries.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const more = rows.length > page.limit;
  const deliveries = (more ? rows.slice(0, page.limit) : rows).map((r) => ({
    ...rowToDelivery(r),
    sendId: r.send_id,
    deviceName: r.device_name,
  }));
  const last = deliveries.at(-1);
  return { deliveries, next: more && last ? [last.createdAt.toISOString(), last.id] : null };
}
