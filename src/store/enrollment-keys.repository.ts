import type { Selectable, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Db } from './database.ts';
import { dialectOf, toDate, toDateOrNull } from './dialect.ts';
import type { EnrollmentKeyTable } from './schema-enrollment.ts';

/** Organizations' enrolment keys: made, listed, revoked, found by their hash, and used. */

export interface StoredEnrollmentKey {
  id: string;
  organizationId: string;
  name: string;
  group: string | null;
  hint: string;
  createdBy: string;
  /** The maker's email now (null when the account is gone). */
  createdByEmail: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  maxUses: number | null;
  uses: number;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

type Row = Omit<Selectable<EnrollmentKeyTable>, 'key_hash'> & { email: string | null };

function rowToKey(r: Row): StoredEnrollmentKey {
  return {
    id: r.id,
    organizationId: r.organization_id,
    name: r.name,
    group: r.group_name,
    hint: r.key_hint,
    createdBy: r.created_by,
    createdByEmail: r.email,
    createdAt: toDate(r.created_at),
    expiresAt: toDateOrNull(r.expires_at),
    maxUses: r.max_uses === null ? null : Number(r.max_uses),
    uses: Number(r.uses),
    lastUsedAt: toDateOrNull(r.last_used_at),
    revokedAt: toDateOrNull(r.revoked_at),
  };
}

function selectKeys(db: Db) {
  return db
    .selectFrom('enrollment_keys as k')
    .leftJoin('user as u', 'u.id', 'k.created_by')
    .select([
      'k.id',
      'k.organization_id',
      'k.name',
      'k.group_name',
      'k.key_hint',
      'k.created_by',
      'k.created_at',
      'k.expires_at',
      'k.max_uses',
      'k.uses',
      'k.last_used_at',
      'k.revoked_at',
      'u.email',
    ]);
}

export async function insertEnrollmentKey(
  db: Db,
  k: {
    id: string;
    organizationId: string;
    name: string;
    group: string | null;
    keyHash: string;
    hint: string;
    createdBy: string;
    expiresAt: Date | null;
    maxUses: number | null;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('enrollment_keys')
    .values({
      id: k.id,
      organization_id: k.organizationId,
      name: k.name,
      group_name: k.group,
      key_hash: k.keyHash,
      key_hint: k.hint,
      created_by: k.createdBy,
      created_at: now,
      expires_at: k.expiresAt,
      max_uses: k.maxUses,
      uses: 0,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
}

/** The organization's keys, newest first (revoked ones too: the list is their history). */
export async function listEnrollmentKeys(db: Db, organizationId: string): Promise<StoredEnrollmentKey[]> {
  const rows = await selectKeys(db)
    .where('k.organization_id', '=', organizationId)
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id')
    .execute();
  return rows.map(rowToKey);
}

export async function findEnrollmentKey(
  db: Db,
  organizationId: string,
  id: string,
): Promise<StoredEnrollmentKey | undefined> {
  const row = await selectKeys(db)
    .where('k.id', '=', id)
    .where('k.organization_id', '=', organizationId)
    .executeTakeFirst();
  return row && rowToKey(row);
}

/** The key with this hash, in whatever state (the caller decides what a revoked one means), or undefined. */
export async function findEnrollmentKeyByHash(
  db: Db,
  keyHash: string,
): Promise<StoredEnrollmentKey | undefined> {
  const row = await selectKeys(db).where('k.key_hash', '=', keyHash).executeTakeFirst();
  return row && rowToKey(row);
}

/** Revokes the key once; false when it was already revoked. */
export async function revokeEnrollmentKey(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('enrollment_keys')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Claims one use of the key, only while it is usable: not revoked, not expired, and below its
 * use limit. One conditional update, never read-then-write: of any number of racing
 * enrolments, exactly as many as the limit allows find it usable, on either engine and across
 * nodes (PostgreSQL re-checks the condition on the row it waited for; SQLite's writers take
 * turns). False when the key is no longer usable.
 *
 * It is its own statement, outside the enrolment's transaction, so that the key's row is
 * locked only while the statement runs, never across a round trip to this process: a fleet
 * enrolling with one key takes turns on that row. On PostgreSQL its commit does not wait for the
 * disk either (`synchronous_commit` off for this one statement, set within it). That is safe: the enrolment's
 * own transaction begins after this returns and commits durably, and a durable commit flushes
 * the log up to its own record, so this claim with it. A crash can lose a claim only together
 * with its device; it can keep a claim whose device was lost (one use counted too many), never
 * a device without its claim, so `max_uses` holds across crashes too.
 */
export async function claimEnrollmentKeyUse(db: Db, id: string, now: Date): Promise<boolean> {
  let claim = db
    .updateTable('enrollment_keys')
    .set({ uses: sql<number>`uses + 1`, last_used_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .where(sql<SqlBool>`(max_uses is null or uses < max_uses)`);
  // The setting, local to this statement's own transaction, is read when it commits.
  if (dialectOf(db) === 'postgres')
    claim = claim.where(sql<SqlBool>`set_config('synchronous_commit', 'off', true) is not null`);
  return Number((await claim.executeTakeFirst()).numUpdatedRows) > 0;
}

/** Gives back a use claimed by `claimEnrollmentKeyUse` whose enrolment then failed. */
export async function releaseEnrollmentKeyUse(db: Db, id: string): Promise<void> {
  await db
    .updateTable('enrollment_keys')
    .set({ uses: sql<number>`uses - 1` })
    .where('id', '=', id)
    .where('uses', '>', 0)
    .execute();
}
