import type { Static } from 'typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Actor } from '../../app/organizations/audit.ts';
import type { Deps } from '../../app/shared/deps.ts';
import type { StreamRegistry } from '../streams.ts';

export const Id = Type.String({ minLength: 1, maxLength: 100 });
export const Org = Type.Object({ org: Id });
export const OrgAndId = Type.Object({ org: Id, id: Id });
export const OrgAndMember = Type.Object({ org: Id, accountId: Id });
export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 50 })),
  actor: Type.Optional(Type.String({ maxLength: 254 })),
  targetId: Type.Optional(Id),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
});

export const tags = ['console'];

/** The audit log's query, as the use case takes it. */
export function auditFilter(q: Static<typeof AuditQuery>) {
  return {
    action: q.action,
    actor: q.actor,
    targetId: q.targetId,
    since: q.since ? new Date(q.since) : undefined,
    until: q.until ? new Date(q.until) : undefined,
    before: q.before ? Number(q.before) : undefined,
    limit: Math.min(Number(q.limit ?? 200), 5000),
  };
}

/** Who acts in the console: the signed-in account, within one organization. */
export function actor(req: FastifyRequest, org: string): Actor {
  return { accountId: req.account!.id, email: req.account!.email, organizationId: org };
}

/** What every console route group is given. */
export interface ConsoleContext {
  deps: Deps;
  streams: StreamRegistry;
  heartbeatMs: number;
}
