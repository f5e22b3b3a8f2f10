import type { Db } from './database.ts';
import { toDate, toDateOrNull, toInt } from './dialect.ts';

/**
 * The tokens of devices reported lost or stolen (migration 0014). The device lookup of every
 * request never reads this table: only a request whose token it did not find comes here, so a
 * refused token costs the refused request alone.
 */

/** The device's token hash, for keeping it as refused (null when it has none). */
export async function deviceTokenHash(db: Db, deviceId: string): Promise<string | null> {
  const row = await db
    .selectFrom('devices')
    .select('token_hash')
    .where('id', '=', deviceId)
    .executeTakeFirst();
  return row?.token_hash ?? null;
}

export async function refuseToken(db: Db, tokenHash: string, deviceId: string, now: Date): Promise<void> {
  await db
    .insertInto('refused_tokens')
    .values({
      token_hash: tokenHash,
      device_id: deviceId,
      refused_since: now,
      attempts: 0,
      last_attempt_at: null,
      last_attempt_address: null,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Whether the device was reported lost. */
export async function isLost(db: Db, deviceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('refused_tokens')
    .select('device_id')
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A request came with a refused token: counts it and keeps when and from where, unless the same
 * address was recorded less than `quietMs` ago (a device retrying in a loop writes once a
 * while, not once a request). Returns the device, or undefined for a token never refused.
 */
export async function recordRefusedAttempt(
  db: Db,
  tokenHash: string,
  address: string,
  now: Date,
  quietMs: number,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('refused_tokens')
    .select(['device_id', 'last_attempt_at', 'last_attempt_address'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const last = toDateOrNull(row.last_attempt_at);
  const quiet =
    last !== null && row.last_attempt_address === address && now.getTime() - last.getTime() < quietMs;
  if (!quiet)
    await db
      .updateTable('refused_tokens')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_attempt_at: now,
        last_attempt_address: address,
      }))
      .where('token_hash', '=', tokenHash)
      .execute();
  return row.device_id;
}

export interface LostDevice {
  id: string;
  name: string;
  platform: string;
  lostAt: Date;
  attempts: number;
  lastAttemptAt: Date | null;
  lastAttemptAddress: string | null;
}

/** The lost devices of an account (its own) or of an organization, newest loss first. */
export async function listLostDevices(
  db: Db,
  owner: { accountId: string } | { organizationId: string },
): Promise<LostDevice[]> {
  let q = db
    .selectFrom('refused_tokens as r')
    .innerJoin('devices as d', 'd.id', 'r.device_id')
    .select([
      'd.id',
      'd.name',
      'd.platform',
      'r.refused_since',
      'r.attempts',
      'r.last_attempt_at',
      'r.last_attempt_address',
    ]);
  q =
    'organizationId' in owner
      ? q.where('d.organization_id', '=', owner.organizationId)
      : q.where('d.account_id', '=', owner.accountId).where('d.organization_id', 'is', null);
  const rows = await q.orderBy('r.refused_since', 'desc').orderBy('d.id').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    platform: r.platform,
    lostAt: toDate(r.refused_since),
    attempts: toInt(r.attempts),
    lastAttemptAt: toDateOrNull(r.last_attempt_at),
    lastAttemptAddress: r.last_attempt_address,
  }));
}
