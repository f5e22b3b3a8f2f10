import { hash } from 'node:crypto';
import type { InstalledApp } from '../domain/model.ts';
import type { Db } from './database.ts';
import { oneOf } from './dialect.ts';

/** The apps installed on devices, and the fingerprint a check-in compares to tell a change at a glance. */

/**
 * Fingerprints remembered by the apps they stand for: every check-in reports its apps, a fleet
 * runs a handful of app and version sets, and the hash was half of what hashing cost a
 * check-in (the token's is the other). Bounded in entries and in the length of what is kept
 * (a report may list 100 apps), so that odd reports cannot grow it past a few megabytes.
 */
const fingerprints = new Map<string, string>();
const FINGERPRINTS_MEMO = 10_000;
const FINGERPRINTED_APPS_KEPT = 512;

/** A short fingerprint of a set of installed apps (in any order), to tell a change at a glance. */
export function appsFingerprint(apps: readonly InstalledApp[]): string {
  const canonical =
    apps.length === 1
      ? JSON.stringify([[apps[0]!.app, apps[0]!.version]])
      : JSON.stringify(
          [...apps]
            .sort((a, b) => (a.app < b.app ? -1 : a.app > b.app ? 1 : 0))
            .map((a) => [a.app, a.version]),
        );
  let fingerprint = fingerprints.get(canonical);
  if (fingerprint === undefined) {
    fingerprint = hash('sha256', canonical, 'base64url').slice(0, 22);
    if (canonical.length <= FINGERPRINTED_APPS_KEPT) {
      if (fingerprints.size >= FINGERPRINTS_MEMO) fingerprints.clear();
      fingerprints.set(canonical, fingerprint);
    }
  }
  return fingerprint;
}

export async function replaceApps(db: Db, deviceId: string, apps: readonly InstalledApp[]): Promise<void> {
  await db
    .updateTable('devices')
    .set({ apps_fingerprint: appsFingerprint(apps) })
    .where('id', '=', deviceId)
    .execute();
  await db.deleteFrom('device_apps').where('device_id', '=', deviceId).execute();
  if (apps.length > 0) {
    await db
      .insertInto('device_apps')
      .values(apps.map((a) => ({ device_id: deviceId, app: a.app, version: a.version })))
      .execute();
  }
}

/** The apps installed on each device; with `app`, just that one (all the sending rules look at). */
export async function appsOf(
  db: Db,
  deviceIds: readonly string[],
  app?: string,
): Promise<Map<string, InstalledApp[]>> {
  const map = new Map<string, InstalledApp[]>(deviceIds.map((id) => [id, []]));
  if (deviceIds.length === 0) return map;
  let q = db
    .selectFrom('device_apps')
    .select(['device_id', 'app', 'version'])
    .where(oneOf(db, 'device_id', deviceIds));
  if (app !== undefined) q = q.where('app', '=', app);
  const rows = await q.orderBy('app').execute();
  for (const r of rows) map.get(r.device_id)?.push({ app: r.app, version: r.version });
  return map;
}
