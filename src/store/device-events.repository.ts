import type { DeviceEventKind } from '../domain/seat-plans.ts';
import type { Db } from './database.ts';
import { toInt } from './dialect.ts';

/**
 * A device's event log: each change of a delivery the device must hear about, numbered. The
 * numbers are the stream's event ids, so a reconnecting app resumes with `Last-Event-ID`.
 */
export async function appendDeviceEvent(
  db: Db,
  e: { deviceId: string; deliveryId: string; status: string; kind?: DeviceEventKind },
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto('device_events')
    .values({
      device_id: e.deviceId,
      delivery_id: e.deliveryId,
      status: e.status,
      created_at: now,
      kind: e.kind ?? 'delivery',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return toInt(row.id);
}

export async function deviceEventsAfter(
  db: Db,
  deviceId: string,
  afterId: number,
  limit = 500,
): Promise<{ id: number; deliveryId: string; kind: DeviceEventKind }[]> {
  const rows = await db
    .selectFrom('device_events')
    .select(['id', 'delivery_id', 'kind'])
    .where('device_id', '=', deviceId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  // `deliveryId` names the event's subject: a delivery, or for other kinds a revocation or a reserve.
  return rows.map((r) => ({ id: toInt(r.id), deliveryId: r.delivery_id, kind: r.kind as DeviceEventKind }));
}

export async function lastDeviceEventId(db: Db, deviceId: string): Promise<number> {
  const row = await db
    .selectFrom('device_events')
    .select((eb) => eb.fn.max('id').as('last'))
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return row?.last == null ? 0 : toInt(row.last);
}
