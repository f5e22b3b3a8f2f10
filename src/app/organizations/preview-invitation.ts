import { findInvitationByTokenHash, findOrganization } from '../../store/organizations.repository.ts';
import { findAccountNameAndEmail } from '../../store/users.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { reserveInvitationAttempt } from './invitation-guesses.ts';

/**
 * What an invitation's link offers, shown before it is accepted: the organization, the role, who
 * invited and the address it is for. The link is the secret, so whoever holds a valid one may see
 * this much (not the members or anything else); any signed-in account may ask, and
 * `forThisAccount` says whether it may accept.
 *
 * A token that is unknown, expired, revoked or used answers the same INVITATION_INVALID as
 * accepting does, saying nothing about which. Every look-up is limited as accepting is
 * (`reserveInvitationAttempt`); a valid token is forgiven.
 */
export async function previewInvitation(
  deps: Deps,
  account: { id: string; email: string },
  token: string,
  clientAddress: string,
) {
  const attempt = await reserveInvitationAttempt(deps, account.id, clientAddress);
  const invitation = await findInvitationByTokenHash(deps.db, secretHash(token));
  const organization = invitation && (await findOrganization(deps.db, invitation.organizationId));
  if (
    !invitation ||
    !organization ||
    invitation.acceptedAt ||
    invitation.expiresAt.getTime() <= deps.clock.now().getTime()
  )
    throw new AppError(
      'INVITATION_INVALID',
      'This invitation is not valid: it may have expired or been used',
    );
  await attempt.forgive();
  const inviter = invitation.invitedBy
    ? await findAccountNameAndEmail(deps.db, invitation.invitedBy)
    : undefined;
  return {
    organization: { id: organization.id, name: organization.name },
    role: invitation.role,
    email: invitation.email,
    expiresAt: invitation.expiresAt.toISOString(),
    invitedBy: inviter ? { name: inviter.name, email: inviter.email } : null,
    forThisAccount: invitation.email === account.email.toLowerCase(),
  };
}
