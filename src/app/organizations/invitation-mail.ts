import type { Db } from '../../store/database.ts';
import type { Invitation } from '../../store/organizations.repository.ts';
import type { Deps } from '../shared/deps.ts';
import type { InvitationMail } from '../shared/mail-port.ts';

/** How long an invitation's link works, from when it is sent (or sent again). */
export const INVITATION_TTL_MS = 7 * 86_400_000;

/** Queues the invitation's email in the outbox, inside the caller's transaction; the link carries `token`. */
export async function mailInvitation(
  db: Db,
  deps: Deps,
  invitation: Invitation,
  organizationName: string,
  token: string,
): Promise<InvitationMail> {
  const mail: InvitationMail = {
    to: invitation.email,
    organizationName,
    role: invitation.role,
    acceptUrl: `${deps.settings.publicUrl}/console/invitations/${encodeURIComponent(token)}`,
    expiresAt: invitation.expiresAt,
  };
  await deps.mail.invitation(db, mail);
  return mail;
}
