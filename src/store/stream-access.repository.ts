import type { Role } from '../domain/model.ts';
import type { Db } from './database.ts';
import { toDate } from './dialect.ts';

/**
 * What a long-lived stream's holder may still see, in one query: the session it was opened
 * with (better-auth's row; gone once signed out or revoked) and, for an organization's stream,
 * the holder's role there now. Undefined when the session is gone.
 */
export async function holderAccess(
  db: Db,
  holder: { accountId: string; sessionId: string; organizationId?: string },
): Promise<{ sessionExpiresAt: Date; role: Role | undefined } | undefined> {
  const organizationId = holder.organizationId;
  const row = await db
    .selectFrom('session')
    .select('session.expiresAt')
    .$if(organizationId !== undefined, (q) =>
      q.select((eb) =>
        eb
          .selectFrom('memberships')
          .select('memberships.role')
          .where('memberships.organization_id', '=', organizationId!)
          .where('memberships.account_id', '=', holder.accountId)
          .as('role'),
      ),
    )
    .where('session.id', '=', holder.sessionId)
    .where('session.userId', '=', holder.accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  const role = (row as { role?: string | null }).role;
  return { sessionExpiresAt: toDate(row.expiresAt), role: (role ?? undefined) as Role | undefined };
}
