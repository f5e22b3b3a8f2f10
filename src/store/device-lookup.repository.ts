import { sql } from 'kysely';
import { OPEN_STATUSES } from '../domain/delivery.ts';
import type { Db } from './database.ts';
import type { ListParameter } from './dialect.ts';
import { dialectOf, inList, listParameter, toDate } from './dialect.ts';
import { COMPACT_TOKEN_LOOKUP_INDEX, LAST_SEEN_IN_LOOKUP } from './migrations/0023-compact-token-lookup.ts';
import { prepared } from './prepared.ts';

/** A device found by its token: the hot path of every device request, check-ins above all. */

export type { DeviceAtRequest, DeviceRef } from './device-at-request.ts';
import type { DeviceAtRequest } from './device-at-request.ts';

const devicesAtRequest = prepared(
  (db: Db, tokenHashes: ListParameter, now: Date) =>
    db
      .selectFrom('devices as d')
      // Just these columns: every row read costs, and this query runs for every device request.
      .select(['d.token_hash', 'd.id', 'd.region', 'd.apps_fingerprint'])
      // On SQLite, last seen as the index holds it (seconds, a number): see migration 0023.
      .select(sql<number | Date | string | null>`${lastSeenInLookup(db)}`.as('last_seen'))
      .select((eb) => [
        eb
          .exists(
            eb
              .selectFrom('deliveries as w')
              .select(sql.lit(1).as('one'))
              .whereRef('w.device_id', '=', 'd.id')
              .where('w.status', 'in', [...OPEN_STATUSES])
              .where('w.expires_at', '>', now),
          )
          .as('waiting'),
      ])
      .where(inList(db, 'd.token_hash', tokenHashes)),
  // SQLite picks the unique index on the token for an equality, then reads the row from the table:
  // two random pages per device. The covering index answers from one (migrations 0009, 0023).
  (text, dialect) =>
    dialect === 'sqlite' ? indexedBy(text, '"devices" as "d"', COMPACT_TOKEN_LOOKUP_INDEX) : text,
);

/** On SQLite, last seen as the index holds it (seconds, a number): see migration 0023. */
function lastSeenInLookup(db: Db) {
  return dialectOf(db) === 'sqlite'
    ? sql.raw(LAST_SEEN_IN_LOOKUP.replace('last_seen_at', '"d"."last_seen_at"'))
    : sql.ref('d.last_seen_at');
}

/** SQLite's `INDEXED BY` after a table in compiled SQL (Kysely has no word for it); fails loudly if absent. */
function indexedBy(text: string, table: string, index: string): string {
  if (!text.includes(table)) throw new Error(`no ${table} in ${text}`);
  return text.replace(table, `${table} indexed by "${index}"`);
}

/**
 * The hot path of every device request (check-ins above all): the devices some tokens belong
 * to, each with the fingerprint of its apps and whether anything waits for it, in one prepared
 * query for many requests (a probe of the open-deliveries index per device). Keyed by token hash;
 * an unknown or disconnected device's token is absent.
 */
export async function findDevicesAtRequest(
  db: Db,
  tokenHashes: readonly string[],
  now: Date,
): Promise<Map<string, DeviceAtRequest>> {
  const rows = await devicesAtRequest(db, listParameter(db, tokenHashes), now);
  return new Map(
    rows.map((row) => [
      row.token_hash!,
      {
        id: row.id,
        region: row.region,
        lastSeenAt: lastSeen(row.last_seen),
        appsFingerprint: row.apps_fingerprint,
        waiting: Boolean(row.waiting),
      },
    ]),
  );
}

/** SQLite's seconds (a float, to the millisecond) or PostgreSQL's timestamp; never seen: the epoch. */
function lastSeen(value: Date | string | number | null): Date {
  if (typeof value === 'number') return new Date(Math.round(value * 1000));
  return value === null ? new Date(0) : toDate(value);
}
