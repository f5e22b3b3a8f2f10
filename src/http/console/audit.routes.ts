import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { auditCsv, auditLog } from '../../app/organizations/console.ts';
import { auditPage } from '../../app/organizations/fleet-pages.ts';
import { organizationTopic } from '../../app/shared/notifier.ts';
import { membership } from '../../app/organizations/organizations.ts';
import { problems } from '../route-kit.ts';
import { followTopic } from '../stream-guard.ts';
import { openStream } from '../streams.ts';
import { actor, auditFilter, AuditQuery, Org, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';
import { AuditPage, AuditPageQuery } from './paging.ts';

/** The audit log (JSON and CSV) and the organization's live events. */
export function auditRoutes({ deps, streams, heartbeatMs }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/console/organizations/:org/audit',
      {
        schema: {
          tags,
          params: Org,
          querystring: AuditPageQuery,
          response: { 200: AuditPage, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => {
        const { cursor, limit, before, since, until, ...filter } = req.query;
        return auditPage(
          deps,
          actor(req, req.params.org),
          {
            ...filter,
            since: since ? new Date(since) : undefined,
            until: until ? new Date(until) : undefined,
          },
          { cursor, limit, before: before ? Number(before) : undefined },
        );
      },
    );

    app.get(
      '/v1/console/organizations/:org/audit.csv',
      {
        schema: {
          tags,
          params: Org,
          querystring: AuditQuery,
          produces: ['text/csv'],
          response: { 200: Type.String({ description: 'text/csv' }), ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const entries = await auditLog(deps, actor(req, req.params.org), {
          ...auditFilter(req.query),
          limit: 100_000,
        });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="audit-${req.params.org}.csv"`)
          .send(auditCsv(entries));
      },
    );

    app.get(
      '/v1/console/organizations/:org/events',
      {
        schema: {
          tags,
          params: Org,
          produces: ['text/event-stream'],
          response: {
            200: Type.String({ description: 'text/event-stream of `delivery` and `refresh` events' }),
            ...problems(401, 404),
          },
        },
      },
      async (req, reply) => {
        const role = await membership(deps, req.params.org, req.account!.id);
        const holder = {
          accountId: req.account!.id,
          sessionId: req.accountSession!.id,
          organization: { id: req.params.org, role },
        };
        const stream = openStream(req, reply, streams, heartbeatMs);
        // Ends with `event: revoked` once the holder is removed, their role changes or their session ends.
        followTopic(stream, deps, holder, organizationTopic(req.params.org), req.log);
      },
    );
  };
}
