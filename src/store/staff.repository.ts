import { sql } from 'kysely';
import type { StaffAction, StaffRole } from '../domain/staff.ts';
import type { Db } from './database.ts';
import { toDate, toInt } from './dialect.ts';

export interface StaffMember {
  accountId: string;
  email: string;
  name: string;
  role: StaffRole;
  since: Date;
}

/** Makes the account staff with `role`, or changes the role it has. */
export async function upsertStaff(db: Db, accountId: string, role: StaffRole, now: Date): Promise<void> {
  await db
    .insertInto('staff')
    .values({ account_id: accountId, role, created_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ role }))
    .execute();
}

export async function deleteStaff(db: Db, accountId: string): Promise<boolean> {
  const r = await db.deleteFrom('staff').where('account_id', '=', accountId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Every member of staff, or only the one with `accountId`. */
export async function listStaff(db: Db, accountId?: string): Promise<StaffMember[]> {
  const rows = await db
    .selectFrom('staff')
    .innerJoin('user', 'user.id', 'staff.account_id')
    .select(['staff.account_id', 'staff.role', 'staff.created_at', 'user.email', 'user.name'])
    .$if(accountId !== undefined, (q) => q.where('staff.account_id', '=', accountId!))
    .orderBy('user.email')
    .execute();
  return rows.map((r) => ({
    accountId: r.account_id,
    email: r.email,
    name: r.name,
    role: r.role as StaffRole,
    since: toDate(r.created_at),
  }));
}

/** The account's staff role, and whether it signs in with two factors (better-auth's `twoFactorEnabled`). */
export async function findStaff(
  db: Db,
  accountId: string,
): Promise<{ role: StaffRole; email: string; twoFactorEnabled: boolean } | undefined> {
  const row = await db
    .selectFrom('staff')
    .innerJoin('user', 'user.id', 'staff.account_id')
    .select(['staff.role', 'user.email'])
    .where('staff.account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    role: row.role as StaffRole,
    email: row.email,
    twoFactorEnabled: await twoFactorEnabled(db, accountId),
  };
}

/**
 * Whether the account has turned two factors on. The column is better-auth's two-factor
 * plugin's, outside our migrations: where it is missing, or unreadable, the answer is "no", so
 * that staff access fails closed.
 */
export async function twoFactorEnabled(db: Db, accountId: string): Promise<boolean> {
  try {
    const row = await db
      .selectFrom('user')
      .select(sql<boolean | number | null>`${sql.ref('twoFactorEnabled')}`.as('enabled'))
      .where('id', '=', accountId)
      .executeTakeFirst();
    return row?.enabled === true || row?.enabled === 1;
  } catch {
    return false;
  }
}

export interface StaffAuditEntry {
  id: number;
  staffAccountId: string | null;
  staffEmail: string;
  action: StaffAction;
  targetType: string;
  targetId: string | null;
  accountId: string | null;
  organizationId: string | null;
  reason: string;
  detail: Record<string, unknown>;
  at: Date;
}

export async function appendStaffAudit(db: Db, e: Omit<StaffAuditEntry, 'id'>): Promise<void> {
  await db
    .insertInto('staff_audit')
    .values({
      staff_account_id: e.staffAccountId,
      staff_email: e.staffEmail,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      account_id: e.accountId,
      organization_id: e.organizationId,
      reason: e.reason,
      detail: JSON.stringify(e.detail),
      created_at: e.at,
    })
    .execute();
}

/** The staff audit, newest first: all of it, or what was done for one account or organization. */
export async function listStaffAudit(
  db: Db,
  f: { accountId?: string; organizationIds?: readonly string[]; limit: number },
): Promise<StaffAuditEntry[]> {
  let q = db.selectFrom('staff_audit').selectAll();
  const { accountId, organizationIds = [] } = f;
  if (accountId !== undefined || organizationIds.length > 0)
    q = q.where((eb) =>
      eb.or([
        ...(accountId !== undefined ? [eb('account_id', '=', accountId)] : []),
        ...(organizationIds.length > 0 ? [eb('organization_id', 'in', organizationIds)] : []),
      ]),
    );
  const rows = await q.orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: toInt(r.id),
    staffAccountId: r.staff_account_id,
    staffEmail: r.staff_email,
    action: r.action as StaffAction,
    targetType: r.target_type,
    targetId: r.target_id,
    accountId: r.account_id,
    organizationId: r.organization_id,
    reason: r.reason,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    at: toDate(r.created_at),
  }));
}
