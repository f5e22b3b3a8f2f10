import type { Db } from './database.ts';
import { toDateOrNull } from './dialect.ts';
import { invitationOf } from './organizations.repository.ts';
import type { Invitation } from './organizations.repository.ts';

/** Invitations an administrator takes back or sends again; creating and accepting them is in organizations.repository.ts. */

export interface OpenableInvitation extends Invitation {
  revokedAt: Date | null;
}

export async function findOrganizationInvitation(
  db: Db,
  organizationId: string,
  id: string,
): Promise<OpenableInvitation | undefined> {
  const r = await db
    .selectFrom('invitations')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return r && { ...invitationOf(r), revokedAt: toDateOrNull(r.revoked_at) };
}

/** Takes an invitation back: its link stops working. Only an invitation neither accepted nor revoked. */
export async function revokeInvitation(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Gives an invitation a new token and expiry, for sending again: the old link stops working
 * (only the token's hash is kept, so the old link could not be sent again anyway).
 */
export async function renewInvitation(
  db: Db,
  id: string,
  tokenHash: string,
  expiresAt: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('invitations')
    .set({ token_hash: tokenHash, expires_at: expiresAt })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
