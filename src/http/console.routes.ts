import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Static } from 'typebox';
import type { Auth } from '../app/accounts.ts';
import type { Actor } from '../app/audit.ts';
import {
  auditCsv,
  auditLog,
  organizationConnectCode,
  organizationDevices,
  organizationSubscription,
  organizationSubscriptions,
  removeOrganizationDevice,
  scopeFor,
  updateOrganizationDevice,
} from '../app/console.ts';
import type { Deps } from '../app/deps.ts';
import { organizationTopic } from '../app/notifier.ts';
import {
  acceptInvitation,
  changeRole,
  inviteMember,
  membersOf,
  membership,
  myOrganizations,
  removeMember,
} from '../app/organizations.ts';
import { checkEligibility, sendToDevices } from '../app/send-to-devices.ts';
import { undoSend } from '../app/undo-send.ts';
import { problems } from './route-kit.ts';
import { InvitationView } from './schemas.ts';
import { requireAccount, requireSameOrigin } from './security.ts';
import type { StreamRegistry } from './streams.ts';
import { openStream } from './streams.ts';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Org = Type.Object({ org: Id });
const OrgAndId = Type.Object({ org: Id, id: Id });
const OrgAndMember = Type.Object({ org: Id, accountId: Id });
const Role = Type.Union([Type.Literal('admin'), Type.Literal('member')]);
const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 50 })),
  actor: Type.Optional(Type.String({ maxLength: 254 })),
  targetId: Type.Optional(Id),
  since: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
});

/**
 * The admin console of business customers, for the organization's members; only admins change
 * things. Someone who is not a member finds no organization at all (404).
 */
export function consoleRoutes(
  deps: Deps,
  auth: Auth,
  streams: StreamRegistry,
  heartbeatMs: number,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireSameOrigin(deps.settings.publicUrl));
    app.addHook('onRequest', requireAccount(auth));
    const tags = ['console'];
    const actor = (req: FastifyRequest, org: string): Actor => ({
      accountId: req.account!.id,
      email: req.account!.email,
      organizationId: org,
    });

    app.get(
      '/v1/console/organizations',
      {
        schema: {
          tags,
          response: {
            200: Type.Object({
              organizations: Type.Array(Type.Object({ id: Id, name: Type.String(), role: Role })),
            }),
            ...problems(401),
          },
        },
      },
      async (req) => ({ organizations: await myOrganizations(deps, req.account!.id) }),
    );

    app.post(
      '/v1/console/invitations/accept',
      {
        schema: {
          tags,
          body: Type.Object(
            { token: Type.String({ minLength: 10, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ id: Id, name: Type.String(), role: Role }),
            ...problems(400, 401, 403, 410),
          },
        },
      },
      async (req) => acceptInvitation(deps, req.account!, req.body.token, req.ip),
    );

    app.get(
      '/v1/console/organizations/:org/subscriptions',
      {
        schema: {
          tags,
          params: Org,
          response: {
            200: Type.Object({ subscriptions: Type.Array(Type.Ref('Subscription')) }),
            ...problems(401, 404),
          },
        },
      },
      async (req) => ({ subscriptions: await organizationSubscriptions(deps, actor(req, req.params.org)) }),
    );

    app.get(
      '/v1/console/organizations/:org/subscriptions/:id',
      {
        schema: {
          tags,
          params: OrgAndId,
          response: { 200: Type.Ref('SubscriptionDetail'), ...problems(401, 404) },
        },
      },
      async (req) => organizationSubscription(deps, actor(req, req.params.org), req.params.id),
    );

    app.get(
      '/v1/console/organizations/:org/subscriptions/:id/eligibility',
      {
        schema: { tags, params: OrgAndId, response: { 200: Type.Ref('Eligibility'), ...problems(401, 404) } },
      },
      async (req) => ({
        devices: await checkEligibility(
          deps,
          await scopeFor(deps, req.account!, req.params.org),
          req.params.id,
        ),
      }),
    );

    app.post(
      '/v1/console/organizations/:org/subscriptions/:id/deliveries',
      {
        schema: {
          tags,
          params: OrgAndId,
          headers: Type.Object({
            'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          }),
          body: Type.Object(
            { deviceIds: Type.Array(Id, { minItems: 1, maxItems: 1000 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('SendResults'), ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req) =>
        sendToDevices(
          deps,
          await scopeFor(deps, req.account!, req.params.org),
          req.params.id,
          req.body.deviceIds,
          req.headers['idempotency-key'],
          req.ip,
        ),
    );

    app.post(
      '/v1/console/organizations/:org/deliveries/:id/undo',
      {
        schema: {
          tags,
          params: OrgAndId,
          response: { 200: Type.Ref('Delivery'), ...problems(401, 403, 404, 409) },
        },
      },
      async (req) =>
        undoSend(deps, await scopeFor(deps, req.account!, req.params.org), req.params.id, req.ip),
    );

    app.get(
      '/v1/console/organizations/:org/devices',
      {
        schema: {
          tags,
          params: Org,
          querystring: Type.Object({
            platform: Type.Optional(Type.String({ maxLength: 40 })),
            group: Type.Optional(Type.String({ maxLength: 100 })),
            name: Type.Optional(Type.String({ maxLength: 100 })),
          }),
          response: { 200: Type.Object({ devices: Type.Array(Type.Ref('Device')) }), ...problems(401, 404) },
        },
      },
      async (req) => ({ devices: await organizationDevices(deps, actor(req, req.params.org), req.query) }),
    );

    app.patch(
      '/v1/console/organizations/:org/devices/:id',
      {
        schema: {
          tags,
          params: OrgAndId,
          body: Type.Object(
            {
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              group: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('Device'), ...problems(400, 401, 403, 404) },
        },
      },
      async (req) =>
        updateOrganizationDevice(deps, actor(req, req.params.org), req.ip, req.params.id, req.body),
    );

    app.delete(
      '/v1/console/organizations/:org/devices/:id',
      { schema: { tags, params: OrgAndId, response: { 204: Type.Null(), ...problems(401, 403, 404) } } },
      async (req, reply) => {
        await removeOrganizationDevice(deps, actor(req, req.params.org), req.ip, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/v1/console/organizations/:org/connect-codes',
      {
        schema: {
          tags,
          params: Org,
          body: Type.Optional(
            Type.Object({ forAccountId: Type.Optional(Id) }, { additionalProperties: false }),
          ),
          response: {
            201: Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
            ...problems(400, 401, 403, 404, 429),
          },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await organizationConnectCode(deps, actor(req, req.params.org), req.body?.forAccountId)),
    );

    app.get(
      '/v1/console/organizations/:org/members',
      { schema: { tags, params: Org, response: { 200: Type.Ref('Members'), ...problems(401, 404) } } },
      async (req) => membersOf(deps, actor(req, req.params.org)),
    );

    app.post(
      '/v1/console/organizations/:org/invitations',
      {
        schema: {
          tags,
          params: Org,
          body: Type.Object(
            { email: Type.String({ format: 'email', maxLength: 254 }), role: Role },
            { additionalProperties: false },
          ),
          response: { 201: InvitationView, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await inviteMember(deps, actor(req, req.params.org), req.ip, req.body)),
    );

    app.patch(
      '/v1/console/organizations/:org/members/:accountId',
      {
        schema: {
          tags,
          params: OrgAndMember,
          body: Type.Object({ role: Role }, { additionalProperties: false }),
          response: { 200: Type.Ref('Members'), ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) =>
        changeRole(deps, actor(req, req.params.org), req.ip, req.params.accountId, req.body.role),
    );

    app.delete(
      '/v1/console/organizations/:org/members/:accountId',
      {
        schema: {
          tags,
          params: OrgAndMember,
          response: { 204: Type.Null(), ...problems(401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        await removeMember(deps, actor(req, req.params.org), req.ip, req.params.accountId);
        return reply.code(204).send(null);
      },
    );

    const auditFilter = (q: Static<typeof AuditQuery>) => ({
      action: q.action,
      actor: q.actor,
      targetId: q.targetId,
      since: q.since ? new Date(q.since) : undefined,
      until: q.until ? new Date(q.until) : undefined,
      before: q.before ? Number(q.before) : undefined,
      limit: Math.min(Number(q.limit ?? 200), 5000),
    });

    app.get(
      '/v1/console/organizations/:org/audit',
      {
        schema: {
          tags,
          params: Org,
          querystring: AuditQuery,
          response: {
            200: Type.Object({ entries: Type.Array(Type.Ref('AuditEntry')) }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (req) => ({ entries: await auditLog(deps, actor(req, req.params.org), auditFilter(req.query)) }),
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
        await membership(deps, req.params.org, req.account!.id);
        const stream = openStream(req, reply, streams, heartbeatMs);
        stream.onClose(
          deps.notifier.subscribe(organizationTopic(req.params.org), (payload) => {
            const p = payload as { delivery?: unknown } | undefined;
            if (p?.delivery)
              stream.write(`event: delivery\ndata: ${JSON.stringify({ delivery: p.delivery })}\n\n`);
            else stream.write('event: refresh\ndata: {}\n\n');
          }),
        );
      },
    );
  };
}
