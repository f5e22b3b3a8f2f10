import type { Role } from '../../domain/model.ts';
import { holderAccess } from '../../store/stream-access.repository.ts';
import type { Deps } from './deps.ts';
import type { Notifier } from './notifier.ts';
import { accessTopic } from './notifier.ts';

/**
 * Who holds a long-lived event stream (the portal's or an organization's): the account, the
 * session it was opened with and, for an organization's stream, the role it was opened as.
 */
export interface StreamHolder {
  accountId: string;
  sessionId: string;
  organization?: { id: string; role: Role };
}

/** Why a stream stops: its session ended, its holder left the organization, or their role changed. */
export type RevokedReason = 'session_ended' | 'membership_removed' | 'role_changed';

export type StreamAccess =
  { allowed: true; sessionExpiresAt: Date } | { allowed: false; reason: RevokedReason };

/**
 * May the stream's holder still see what it carries? Read from the database, so that it is right
 * on every node whatever notification it heard. A role change ends the stream too: it was opened
 * for the old role, and the client's reconnect opens one for the new.
 */
export async function streamAccess(deps: Deps, holder: StreamHolder): Promise<StreamAccess> {
  const found = await holderAccess(deps.db, {
    accountId: holder.accountId,
    sessionId: holder.sessionId,
    organizationId: holder.organization?.id,
  });
  // better-auth judges a session's expiry by the system clock, so this does too.
  if (!found || found.sessionExpiresAt.getTime() <= Date.now())
    return { allowed: false, reason: 'session_ended' };
  if (holder.organization) {
    if (!found.role) return { allowed: false, reason: 'membership_removed' };
    if (found.role !== holder.organization.role) return { allowed: false, reason: 'role_changed' };
  }
  return { allowed: true, sessionExpiresAt: found.sessionExpiresAt };
}

/**
 * Tells the account's streams, on every node, that what it may see has changed; they re-check.
 * Published after the change has committed.
 */
export function accessChanged(notifier: Notifier, accountId: string): void {
  notifier.publish(accessTopic(accountId));
}
