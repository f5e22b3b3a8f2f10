import type { InactivityOutcome } from '../domain/inactivity.ts';
import type { Db } from './database.ts';
import { oneOf, toDate, toDateOrNull } from './dialect.ts';
import { claimRows } from './node-locks.ts';

/**
 * The warnings sent about silent devices (app/devices/silent-devices.ts), each with its "Keep
 * this device" token, and the owners' keeps.
 */
export interface InactivityWarning {
  id: string;
  deviceId: string;
  productId: string;
  silentSince: Date;
  endsAt: Date;
  warnedAt: Date;
  language: string;
  closedAt: Date | null;
  outcome: InactivityOutcome | null;
}

const WARNING_COLUMNS = [
  'id',
  'device_id',
  'product_id',
  'silent_since',
  'ends_at',
  'warned_at',
  'language',
  'closed_at',
  'outcome',
] as const;

function rowToWarning(r: {
  id: string;
  device_id: string;
  product_id: string;
  silent_since: Date | string;
  ends_at: Date | string;
  warned_at: Date | string;
  language: string;
  closed_at: Date | string | null;
  outcome: string | null;
}): InactivityWarning {
  return {
    id: r.id,
    deviceId: r.device_id,
    productId: r.product_id,
    silentSince: toDate(r.silent_since),
    endsAt: toDate(r.ends_at),
    warnedAt: toDate(r.warned_at),
    language: r.language,
    closedAt: toDateOrNull(r.closed_at),
    outcome: r.outcome as InactivityOutcome | null,
  };
}

/**
 * Records a warning, once per device, product and silence: a second node that finds the same
 * warning due inserts nothing (it waits for the first one's commit on the unique index, then
 * skips). Says whether this call wrote it, and so must send its email.
 */
export async function insertWarning(
  db: Db,
  w: Omit<InactivityWarning, 'closedAt' | 'outcome'> & { tokenHash: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('inactivity_warnings')
    .values({
      id: w.id,
      device_id: w.deviceId,
      product_id: w.productId,
      silent_since: w.silentSince,
      ends_at: w.endsAt,
      warned_at: w.warnedAt,
      token_hash: w.tokenHash,
      language: w.language,
      closed_at: null,
      outcome: null,
    })
    .onConflict((oc) => oc.columns(['device_id', 'product_id', 'silent_since']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Claims open warnings whose date has passed (`FOR UPDATE SKIP LOCKED` on PostgreSQL): each node
 * takes a different batch, and each warning is closed in the transaction that claimed it.
 */
export async function claimDueWarnings(db: Db, dueBy: Date, limit: number): Promise<InactivityWarning[]> {
  const rows = await claimRows(
    db,
    db
      .selectFrom('inactivity_warnings')
      .select(WARNING_COLUMNS)
      .where('closed_at', 'is', null)
      .where('ends_at', '<=', dueBy)
      .orderBy('ends_at')
      .limit(limit),
  ).execute();
  return rows.map(rowToWarning);
}

/** Closes an open warning (a compare-and-set: a closed one stays as it is); says whether it did. */
export async function closeWarning(
  db: Db,
  id: string,
  outcome: InactivityOutcome,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('inactivity_warnings')
    .set({ closed_at: now, outcome })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function moveWarningEnd(db: Db, id: string, endsAt: Date): Promise<void> {
  await db.updateTable('inactivity_warnings').set({ ends_at: endsAt }).where('id', '=', id).execute();
}

export async function findWarningByToken(db: Db, tokenHash: string): Promise<InactivityWarning | undefined> {
  const row = await db
    .selectFrom('inactivity_warnings')
    .select(WARNING_COLUMNS)
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && rowToWarning(row);
}

/** The latest warning about each of these devices and products (open or not). */
export async function latestWarnings(db: Db, deviceIds: readonly string[]): Promise<InactivityWarning[]> {
  if (deviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('inactivity_warnings')
    .select(WARNING_COLUMNS)
    .where(oneOf(db, 'device_id', deviceIds))
    .orderBy('warned_at', 'desc')
    .execute();
  const latest = new Map<string, InactivityWarning>();
  for (const r of rows) {
    const key = `${r.device_id}\u0000${r.product_id}`;
    if (!latest.has(key)) latest.set(key, rowToWarning(r));
  }
  return [...latest.values()];
}

/**
 * The owner's "Keep this device": its silence starts again now (its "last seen" stays the true
 * last check-in), and its open warnings close as kept.
 */
export async function keepDevice(db: Db, deviceId: string, now: Date): Promise<void> {
  const upsert = db.insertInto('device_keeps').values({ device_id: deviceId, kept_at: now });
  await upsert.onConflict((oc) => oc.column('device_id').doUpdateSet({ kept_at: now })).execute();
  await db
    .updateTable('inactivity_warnings')
    .set({ closed_at: now, outcome: 'kept' satisfies InactivityOutcome })
    .where('device_id', '=', deviceId)
    .where('closed_at', 'is', null)
    .execute();
}

/** The product no longer has `inactiveAfter`: its open warnings close (their keep links stop working). */
export async function closeOpenWarningsOfProduct(db: Db, productId: string, now: Date): Promise<void> {
  await db
    .updateTable('inactivity_warnings')
    .set({ closed_at: now, outcome: 'lifted' satisfies InactivityOutcome })
    .where('product_id', '=', productId)
    .where('closed_at', 'is', null)
    .execute();
}
