import { inTransaction } from '../../store/database.ts';
import {
  findOrganizationInvitation,
  renewInvitation,
  revokeInvitation,
} from '../../store/invitations.repository.ts';
import { findOrganization } from '../../store/organizations.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { countAndLimit } from '../shared/rate-limit.ts';
import type { Actor } from './audit.ts';
import { recordAudit } from './audit.ts';
import { INVITATION_TTL_MS, mailInvitation } from './invitation-mail.ts';
import { invitationView, requireAdmin } from './organizations.ts';

/** Sends of one invitation allowed per hour: enough to retry a typo'd spam filter, not to mail-bomb an address. */
export const INVITATION_RESENDS_PER_HOUR = 3;

async function openInvitation(deps: Deps, actor: Actor, id: string) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const invitation = await findOrganizationInvitation(deps.db, organizationId, id);
  if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw notFound('Invitation');
  return invitation;
}

/** Takes an invitation back: its link stops working at once. */
export async function revokeMemberInvitation(deps: Deps, actor: Actor, ip: string | null, id: string) {
  const invitation = await openInvitation(deps, actor, id);
  await inTransaction(deps.db, async (tx) => {
    // Accepted or revoked a moment ago: then there is nothing left to take back.
    if (!(await revokeInvitation(tx, id, deps.clock.now()))) throw notFound('Invitation');
    await recordAudit(tx, deps, actor, ip, {
      action: 'invitation.revoke',
      targetType: 'invitation',
      targetId: id,
      detail: { email: invitation.email, role: invitation.role },
    });
  });
}

/**
 * Sends an invitation again, with a new link that works for another week; the old link stops
 * working. Counted atomically per invitation (one upsert that counts and answers), so parallel
 * clicks cannot send more than the limit. The email goes through the outbox, with the change.
 */
export async function resendMemberInvitation(deps: Deps, actor: Actor, ip: string | null, id: string) {
  const invitation = await openInvitation(deps, actor, id);
  await countAndLimit(deps, `invitation-resend:${id}`, INVITATION_RESENDS_PER_HOUR, 3_600_000);
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const token = deps.random.token(32);
    const renewed = { ...invitation, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
    if (!(await renewInvitation(tx, id, secretHash(token), renewed.expiresAt)))
      throw new AppError('INVITATION_INVALID', 'This invitation has just been accepted or revoked');
    const org = (await findOrganization(tx, invitation.organizationId))!;
    await mailInvitation(tx, deps, renewed, org.name, token);
    await recordAudit(tx, deps, actor, ip, {
      action: 'invitation.resend',
      targetType: 'invitation',
      targetId: id,
      detail: { email: invitation.email, role: invitation.role },
    });
    return invitationView(renewed);
  });
}
