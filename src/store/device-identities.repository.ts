import type { Db } from './database.ts';
import { toDate } from './dialect.ts';

/**
 * What makes a device the same device (migration 0014): its public key and hardware hint
 * within its scope (`domain/device-identity.ts`), a used connect code's device for spotting a
 * replayed proof, and the record a merge leaves on the duplicate.
 */

/** The device that proved this key in this scope, whether it is still connected. */
export async function findDeviceByKey(
  db: Db,
  scope: string,
  publicKey: string,
): Promise<{ deviceId: string; connected: boolean } | undefined> {
  const row = await db
    .selectFrom('device_identities as i')
    .innerJoin('devices as d', 'd.id', 'i.device_id')
    .select(['i.device_id', 'd.disconnected_at'])
    .where('i.scope', '=', scope)
    .where('i.public_key', '=', publicKey)
    .executeTakeFirst();
  return row && { deviceId: row.device_id, connected: row.disconnected_at === null };
}

/**
 * Records a new device's key and hint. The key is taken from any disconnected device of the
 * scope that had it (it connects again as a new device). False when another connected device
 * holds the key (a connection racing this one): the caller refuses, and nothing is written.
 */
export async function insertIdentity(
  db: Db,
  i: { deviceId: string; scope: string; publicKey: string | null; hardwareId: string | null },
  now: Date,
): Promise<boolean> {
  if (i.publicKey)
    await db
      .updateTable('device_identities')
      .set({ public_key: null })
      .where('scope', '=', i.scope)
      .where('public_key', '=', i.publicKey)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('devices')
            .select('devices.id')
            .whereRef('devices.id', '=', 'device_identities.device_id')
            .where('devices.disconnected_at', 'is not', null),
        ),
      )
      .execute();
  const r = await db
    .insertInto('device_identities')
    .values({
      device_id: i.deviceId,
      scope: i.scope,
      public_key: i.publicKey,
      hardware_id: i.hardwareId,
      merged_into: null,
      merged_at: null,
      merged_by: null,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The key a device proved when it connected (null: none). */
export async function keyOfDevice(db: Db, deviceId: string): Promise<string | null> {
  const row = await db
    .selectFrom('device_identities')
    .select('public_key')
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return row?.public_key ?? null;
}

/** A reconnecting device's new hint, when it sends one. */
export async function setHardwareId(db: Db, deviceId: string, hardwareId: string): Promise<void> {
  await db
    .updateTable('device_identities')
    .set({ hardware_id: hardwareId })
    .where('device_id', '=', deviceId)
    .execute();
}

/** The device a used connect code connected (null while unused or unknown). */
export async function connectCodeDevice(db: Db, codeHash: string): Promise<string | null> {
  const row = await db
    .selectFrom('connect_codes')
    .select(['device_id', 'used_at'])
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  return row?.used_at ? row.device_id : null;
}

/** A code used to reconnect a known device names that device, not the id it was redeemed with. */
export async function setConnectCodeDevice(db: Db, codeHash: string, deviceId: string): Promise<void> {
  await db
    .updateTable('connect_codes')
    .set({ device_id: deviceId })
    .where('code_hash', '=', codeHash)
    .execute();
}

/** The known device takes its new token (the old one dies with it), platform and region. */
export async function replaceDeviceToken(
  db: Db,
  id: string,
  tokenHash: string,
  patch: { platform: string; region?: string | null },
  now: Date,
): Promise<void> {
  await db
    .updateTable('devices')
    .set({
      token_hash: tokenHash,
      platform: patch.platform,
      last_seen_at: now,
      ...(patch.region ? { region: patch.region } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** The hardware hints of the scope's connected devices, for "these look like the same device". */
export async function hintedDevices(
  db: Db,
  scope: string,
): Promise<{ id: string; hardwareId: string | null; connectedAt: Date }[]> {
  const rows = await db
    .selectFrom('device_identities as i')
    .innerJoin('devices as d', 'd.id', 'i.device_id')
    .select(['d.id', 'i.hardware_id', 'd.connected_at'])
    .where('i.scope', '=', scope)
    .where('i.hardware_id', 'is not', null)
    .where('d.disconnected_at', 'is', null)
    .execute();
  return rows.map((r) => ({ id: r.id, hardwareId: r.hardware_id, connectedAt: toDate(r.connected_at) }));
}

/** The duplicate's record of the merge: into which device, when and by whom. */
export async function recordMerge(
  db: Db,
  m: { duplicateId: string; keptId: string; scope: string; by: string },
  now: Date,
): Promise<void> {
  const set = { merged_into: m.keptId, merged_at: now, merged_by: m.by };
  const r = await db
    .updateTable('device_identities')
    .set(set)
    .where('device_id', '=', m.duplicateId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) return;
  await db
    .insertInto('device_identities')
    .values({
      device_id: m.duplicateId,
      scope: m.scope,
      public_key: null,
      hardware_id: null,
      created_at: now,
      ...set,
    })
    .execute();
}

/**
 * The duplicate's current activations move to the kept device, except for apps the kept device
 * already has one for (those end with the duplicate). Returns the moved activations' ids.
 */
export async function moveActivations(db: Db, fromId: string, toId: string): Promise<string[]> {
  const taken = db
    .selectFrom('activations as k')
    .select('k.app')
    .where('k.device_id', '=', toId)
    .where('k.ended_at', 'is', null);
  const rows = await db
    .updateTable('activations')
    .set({ device_id: toId })
    .where('device_id', '=', fromId)
    .where('ended_at', 'is', null)
    .where('app', 'not in', taken)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
