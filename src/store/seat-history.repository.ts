import type { Db } from './database.ts';
import { toDate, toDateOrNull } from './dialect.ts';

export interface SeatHistoryRow {
  deviceId: string;
  deviceName: string;
  deviceDisconnectedAt: Date | null;
  startedAt: Date;
  endedAt: Date | null;
  endedBecause: string | null;
}

/** Every activation a subscription has had, with its device, oldest first: its seat history. */
export async function seatHistoryRows(db: Db, subscriptionId: string): Promise<SeatHistoryRow[]> {
  const rows = await db
    .selectFrom('activations as a')
    .innerJoin('devices as d', 'd.id', 'a.device_id')
    .select(['a.device_id', 'd.name', 'd.disconnected_at', 'a.started_at', 'a.ended_at', 'a.ended_because'])
    .where('a.subscription_id', '=', subscriptionId)
    .orderBy('a.started_at')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    deviceId: r.device_id,
    deviceName: r.name,
    deviceDisconnectedAt: toDateOrNull(r.disconnected_at),
    startedAt: toDate(r.started_at),
    endedAt: toDateOrNull(r.ended_at),
    endedBecause: r.ended_because,
  }));
}
