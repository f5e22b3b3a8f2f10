import { isIP } from 'node:net';
import type { AuditAction } from '../../domain/console-lists.ts';
import type { Db } from '../../store/database.ts';
import { appendAudit } from '../../store/organizations.repository.ts';
import { findAccountEmail } from '../../store/users.repository.ts';
import type { Deps } from '../shared/deps.ts';

/** Who did it: an organization's audit log names the actor, the time and the client address. */
export interface Actor {
  accountId: string;
  email?: string;
  organizationId: string | null;
}

/** Appends to the organization's audit log, inside the caller's transaction: no change goes unrecorded. */
export async function recordAudit(
  db: Db,
  deps: Deps,
  actor: Actor & { email?: string },
  ip: string | null,
  // One of the domain's actions: each has words in both languages (the console says them as sentences).
  e: { action: AuditAction; targetType: string; targetId: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  if (!actor.organizationId) return;
  const email = actor.email ?? (await findAccountEmail(db, actor.accountId));
  await appendAudit(db, {
    organizationId: actor.organizationId,
    actorAccountId: actor.accountId,
    actorEmail: email ?? null,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    detail: e.detail ?? {},
    // Only an address is kept: the demo's seeding names itself ('demo-seed'), which the log
    // would otherwise show where an address belongs.
    ip: ip && isIP(ip) ? ip : null,
    at: deps.clock.now(),
  });
}
