import { inTransaction } from '../../store/database.ts';
import type { Db } from '../../store/database.ts';
import type { Invitation, Role } from '../../store/organizations.repository.ts';
import {
  acceptInvitation as useInvitation,
  countAdmins,
  deleteMembership,
  findInvitationByTokenHash,
  findOrganization,
  insertInvitation,
  insertOrganization,
  listMembers,
  listOpenInvitations,
  organizationsOf,
  roleOf,
  setRole,
  upsertMembership,
} from '../../store/organizations.repository.ts';
import type { Actor } from './audit.ts';
import { recordAudit } from './audit.ts';
import { emit } from '../webhooks/emit.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { accessChanged } from '../shared/stream-access.ts';
import type { InvitationMail } from '../shared/mail-port.ts';

import { reserveInvitationAttempt } from './invitation-guesses.ts';
import { INVITATION_TTL_MS, mailInvitation } from './invitation-mail.ts';

/**
 * An organization's member as the console acts for them. Anyone else gets "not found":
 * another organization's console does not exist for them.
 */
export async function membership(deps: Deps, organizationId: string, accountId: string): Promise<Role> {
  const role = await roleOf(deps.db, organizationId, accountId);
  if (!role) throw notFound('Organization');
  return role;
}

export async function requireAdmin(deps: Deps, organizationId: string, accountId: string): Promise<void> {
  if ((await membership(deps, organizationId, accountId)) !== 'admin')
    throw new AppError('FORBIDDEN', 'Only an administrator of this organization can do this');
}

export async function invite(
  db: Db,
  deps: Deps,
  input: {
    organizationId: string;
    organizationName: string;
    email: string;
    role: Role;
    invitedBy: string | null;
  },
): Promise<{ invitation: Invitation; mail: InvitationMail }> {
  const now = deps.clock.now();
  const token = deps.random.token(32);
  const invitation: Invitation = {
    id: deps.random.id(),
    organizationId: input.organizationId,
    email: input.email.toLowerCase(),
    role: input.role,
    invitedBy: input.invitedBy,
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    acceptedAt: null,
  };
  await insertInvitation(db, invitation, secretHash(token));
  const mail = await mailInvitation(db, deps, invitation, input.organizationName, token);
  return { invitation, mail };
}

/** The operator creates a business customer; its first administrators are invited by email. */
export async function createOrganization(deps: Deps, input: { name: string; admins: string[] }) {
  const emails = [...new Set(input.admins.map((e) => e.toLowerCase()))];
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const organization = { id: deps.random.id(), name: input.name, createdAt: now };
    await insertOrganization(tx, organization);
    const invitations = [];
    for (const email of emails) {
      const { invitation } = await invite(tx, deps, {
        organizationId: organization.id,
        organizationName: organization.name,
        email,
        role: 'admin',
        invitedBy: null,
      });
      invitations.push(invitationView(invitation));
    }
    return { id: organization.id, name: organization.name, createdAt: now.toISOString(), invitations };
  });
}

export function invitationView(i: Invitation) {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
  };
}

export async function inviteMember(
  deps: Deps,
  actor: Actor,
  ip: string | null,
  input: { email: string; role: Role },
) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  return inTransaction(deps.db, async (tx) => {
    const org = (await findOrganization(tx, organizationId))!;
    const { invitation } = await invite(tx, deps, {
      organizationId,
      organizationName: org.name,
      email: input.email,
      role: input.role,
      invitedBy: actor.accountId,
    });
    await recordAudit(tx, deps, actor, ip, {
      action: 'member.invite',
      targetType: 'invitation',
      targetId: invitation.id,
      detail: { email: invitation.email, role: invitation.role },
    });
    return invitationView(invitation);
  });
}

/**
 * The invited person, signed in, accepts with the token from their email. The account's email
 * must be the invited one: the token proves the mailbox, the session proves the account.
 */
export async function acceptInvitation(
  deps: Deps,
  account: { id: string; email: string; emailVerified?: boolean },
  token: string,
  ip: string | null,
) {
  // An invitation to an address goes to whoever proved it, not to whoever typed it in first.
  if (account.emailVerified === false)
    throw new AppError('EMAIL_NOT_VERIFIED', 'Confirm your email address first: see the email we sent you');
  // A token is a secret that accepts: guesses are limited, as the preview's are.
  const attempt = await reserveInvitationAttempt(deps, account.id, ip);
  const joined = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const invitation = await findInvitationByTokenHash(tx, secretHash(token));
    if (!invitation || invitation.acceptedAt || invitation.expiresAt.getTime() <= now.getTime())
      throw new AppError(
        'INVITATION_INVALID',
        'This invitation is not valid: it may have expired or been used',
      );
    if (invitation.email !== account.email.toLowerCase())
      throw new AppError(
        'FORBIDDEN',
        `This invitation is for ${invitation.email}; sign in with that account`,
      );
    if (!(await useInvitation(tx, invitation.id, now)))
      throw new AppError('INVITATION_INVALID', 'This invitation has just been used');
    const existing = await roleOf(tx, invitation.organizationId, account.id);
    // Accepting never demotes: an admin invited again as a member stays an admin.
    const role: Role = existing === 'admin' ? 'admin' : invitation.role;
    await upsertMembership(
      tx,
      { organizationId: invitation.organizationId, accountId: account.id, role },
      now,
    );
    if (existing !== role)
      await emit(tx, deps, existing ? 'organization.member_role_changed' : 'organization.member_added', {
        organizationId: invitation.organizationId,
        accountId: account.id,
        role,
        ...(existing ? { previousRole: existing } : {}),
      });
    await recordAudit(
      tx,
      deps,
      { accountId: account.id, email: account.email, organizationId: invitation.organizationId },
      ip,
      {
        action: 'member.join',
        targetType: 'member',
        targetId: account.id,
        detail: { role },
      },
    );
    const org = (await findOrganization(tx, invitation.organizationId))!;
    return { id: org.id, name: org.name, role };
  });
  await attempt.forgive();
  // A member invited again as an admin has a new role: their open streams re-check.
  accessChanged(deps.notifier, account.id);
  return joined;
}

export async function myOrganizations(deps: Deps, accountId: string) {
  return (await organizationsOf(deps.db, accountId)).map((o) => ({ id: o.id, name: o.name, role: o.role }));
}

export async function membersOf(deps: Deps, actor: Actor) {
  const organizationId = actor.organizationId!;
  await membership(deps, organizationId, actor.accountId);
  const [members, invitations] = await Promise.all([
    listMembers(deps.db, organizationId),
    listOpenInvitations(deps.db, organizationId, deps.clock.now()),
  ]);
  return {
    members: members.map((m) => ({
      accountId: m.accountId,
      email: m.email,
      name: m.name,
      role: m.role,
      since: m.since.toISOString(),
    })),
    invitations: invitations.map(invitationView),
  };
}

/** Changes a member's role; the last administrator cannot be demoted, or nobody could send again. */
export async function changeRole(deps: Deps, actor: Actor, ip: string | null, accountId: string, role: Role) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  await inTransaction(deps.db, async (tx) => {
    const current = await roleOf(tx, organizationId, accountId);
    if (!current) throw notFound('Member');
    if (current === 'admin' && role !== 'admin' && (await countAdmins(tx, organizationId)) <= 1)
      throw new AppError('LAST_ADMIN', 'An organization needs at least one administrator');
    await setRole(tx, organizationId, accountId, role);
    if (current !== role)
      await emit(tx, deps, 'organization.member_role_changed', {
        organizationId,
        accountId,
        role,
        previousRole: current,
      });
    await recordAudit(tx, deps, actor, ip, {
      action: 'member.role',
      targetType: 'member',
      targetId: accountId,
      detail: { from: current, to: role },
    });
  });
  accessChanged(deps.notifier, accountId);
  return membersOf(deps, actor);
}

export async function removeMember(deps: Deps, actor: Actor, ip: string | null, accountId: string) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  await inTransaction(deps.db, async (tx) => {
    const current = await roleOf(tx, organizationId, accountId);
    if (!current) throw notFound('Member');
    if (current === 'admin' && (await countAdmins(tx, organizationId)) <= 1)
      throw new AppError('LAST_ADMIN', 'An organization needs at least one administrator');
    await deleteMembership(tx, organizationId, accountId);
    await emit(tx, deps, 'organization.member_removed', { organizationId, accountId, role: current });
    await recordAudit(tx, deps, actor, ip, {
      action: 'member.remove',
      targetType: 'member',
      targetId: accountId,
      detail: { role: current },
    });
  });
  accessChanged(deps.notifier, accountId);
}
