import type { Selectable } from 'kysely';
import type { Db } from './database.ts';
import type { InvitationTable } from './schema.ts';
import { dialectOf, toDate, toDateOrNull, toInt } from './dialect.ts';

import type { Role } from '../domain/model.ts';
export type { Role };

export interface Organization {
  id: string;
  name: string;
  createdAt: Date;
}

export interface Member {
  accountId: string;
  email: string;
  name: string;
  role: Role;
  since: Date;
}

export async function insertOrganization(db: Db, o: Organization): Promise<void> {
  await db.insertInto('organizations').values({ id: o.id, name: o.name, created_at: o.createdAt }).execute();
}

export async function findOrganization(db: Db, id: string): Promise<Organization | undefined> {
  const r = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { id: r.id, name: r.name, createdAt: toDate(r.created_at) };
}

/** The caller's role in the organization, or undefined when they are not a member. */
export async function roleOf(db: Db, organizationId: string, accountId: string): Promise<Role | undefined> {
  const r = await db
    .selectFrom('memberships')
    .select('role')
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return r?.role as Role | undefined;
}

export async function organizationsOf(db: Db, accountId: string): Promise<(Organization & { role: Role })[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.id', 'organizations.name', 'organizations.created_at', 'memberships.role'])
    .where('memberships.account_id', '=', accountId)
    .orderBy('organizations.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: toDate(r.created_at), role: r.role as Role }));
}

export async function listMembers(db: Db, organizationId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('user', 'user.id', 'memberships.account_id')
    .select([
      'memberships.account_id',
      'memberships.role',
      'memberships.created_at',
      'user.email',
      'user.name',
    ])
    .where('memberships.organization_id', '=', organizationId)
    .orderBy('user.email')
    .execute();
  return rows.map((r) => ({
    accountId: r.account_id,
    email: r.email,
    name: r.name,
    role: r.role as Role,
    since: toDate(r.created_at),
  }));
}

export async function upsertMembership(
  db: Db,
  m: { organizationId: string; accountId: string; role: Role },
  now: Date,
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ organization_id: m.organizationId, account_id: m.accountId, role: m.role, created_at: now })
    .onConflict((oc) => oc.columns(['organization_id', 'account_id']).doUpdateSet({ role: m.role }))
    .execute();
}

export async function setRole(
  db: Db,
  organizationId: string,
  accountId: string,
  role: Role,
): Promise<boolean> {
  const r = await db
    .updateTable('memberships')
    .set({ role })
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function deleteMembership(db: Db, organizationId: string, accountId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('memberships')
    .where('organization_id', '=', organizationId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Locks the organization's membership rows, so that two admins cannot demote each other to none. */
export async function countAdmins(db: Db, organizationId: string): Promise<number> {
  let q = db
    .selectFrom('memberships')
    .select('account_id')
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'admin');
  if (dialectOf(db) === 'postgres') q = q.forUpdate();
  return (await q.execute()).length;
}

export interface Invitation {
  id: string;
  organizationId: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
}

/** An invitations row as the app sees it. */
export function invitationOf(r: Selectable<InvitationTable>): Invitation {
  return {
    id: r.id,
    organizationId: r.organization_id,
    email: r.email,
    role: r.role as Role,
    invitedBy: r.invited_by,
    createdAt: toDate(r.created_at),
    expiresAt: toDate(r.expires_at),
    acceptedAt: toDateOrNull(r.accepted_at),
  };
}

export async function insertInvitation(db: Db, i: Invitation, tokenHash: string): Promise<void> {
  await db
    .insertInto('invitations')
    .values({
      id: i.id,
      organization_id: i.organizationId,
      email: i.email,
      role: i.role,
      token_hash: tokenHash,
      invited_by: i.invitedBy,
      created_at: i.createdAt,
      expires_at: i.expiresAt,
      accepted_at: null,
    })
    .execute();
}

export async function findInvitationByTokenHash(db: Db, tokenHash: string): Promise<Invitation | undefined> {
  const r = await db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r && invitationOf(r);
}

export async function listOpenInvitations(db: Db, organizationId: string, now: Date): Promise<Invitation[]> {
  const rows = await db
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map(invitationOf);
}

/** Uses the invitation up: succeeds once, while unexpired. */
export async function acceptInvitation(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('invitations')
    .set({ accepted_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export interface AuditEntry {
  id: number;
  organizationId: string;
  actorAccountId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  at: Date;
}

export async function appendAudit(db: Db, e: Omit<AuditEntry, 'id'>): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      organization_id: e.organizationId,
      actor_account_id: e.actorAccountId,
      actor_email: e.actorEmail,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      detail: JSON.stringify(e.detail),
      ip: e.ip,
      created_at: e.at,
    })
    .execute();
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
  /** Entries with an id below this one (paging backwards). */
  before?: number;
  limit: number;
}

export async function listAudit(db: Db, organizationId: string, f: AuditFilter): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll().where('organization_id', '=', organizationId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actor) q = q.where('actor_email', '=', f.actor.toLowerCase());
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.since) q = q.where('created_at', '>=', f.since);
  if (f.until) q = q.where('created_at', '<', f.until);
  if (f.before) q = q.where('id', '<', f.before);
  const rows = await q.orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: toInt(r.id),
    organizationId: r.organization_id,
    actorAccountId: r.actor_account_id,
    actorEmail: r.actor_email,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    ip: r.ip,
    at: toDate(r.created_at),
  }));
}
