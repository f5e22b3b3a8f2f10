import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  addOrganizationAdmin,
  listOrganizations,
  readOrganization,
} from '../app/operator/organizations-admin.ts';
import type { Deps } from '../app/shared/deps.ts';
import { Cursor, Limit, NextCursor } from './console/paging.ts';
import { Role } from './enums.ts';
import { IdParams, problems } from './route-kit.ts';
import { Email, InvitationView } from './schemas.ts';
import { requireOperator } from './security.ts';

const Time = Type.String({ format: 'date-time' });

const ListedOrganization = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Time,
  members: Type.Integer({ description: 'members, administrators included' }),
  admins: Type.Integer({
    description: 'administrators who have accepted; 0 for an organization still stuck',
  }),
});

export const OrganizationRead = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Time,
  members: Type.Array(
    Type.Object({
      accountId: Type.String(),
      email: Type.String(),
      name: Type.String(),
      role: Role,
      since: Time,
    }),
  ),
  invitations: Type.Array(InvitationView, {
    description: 'invitations not yet accepted, revoked or expired',
  }),
  subscriptions: Type.Array(Type.Ref('Subscription'), { description: 'each with its seats' }),
  devices: Type.Integer({ description: 'connected devices the organization manages' }),
});

const ListQuery = Type.Object({
  search: Type.Optional(Type.String({ maxLength: 200, description: 'a part of the name, any case' })),
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});

export const AdminBody = Type.Object({ email: Email }, { additionalProperties: false });

/** The vendor's organizations: list, read, and add an administrator (by an invitation). */
export function operatorOrganizationRoutes(deps: Deps, operatorKey: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireOperator(operatorKey));
    const security = [{ operatorKey: [] }];
    const tags = ['operator'];

    app.get(
      '/v1/operator/organizations',
      {
        schema: {
          tags,
          security,
          description: 'The organizations by name, a page at a time; `search` finds a part of the name.',
          querystring: ListQuery,
          response: {
            200: Type.Object({ organizations: Type.Array(ListedOrganization), nextCursor: NextCursor }),
            ...problems(400, 401),
          },
        },
      },
      async (req) => listOrganizations(deps, req.query),
    );

    app.get(
      '/v1/operator/organizations/:id',
      {
        schema: {
          tags,
          security,
          params: IdParams,
          response: { 200: OrganizationRead, ...problems(401, 404) },
        },
      },
      async (req) => readOrganization(deps, req.params.id),
    );

    app.post(
      '/v1/operator/organizations/:id/admins',
      {
        schema: {
          tags,
          security,
          description:
            'Invites `email` as an administrator (the invitation is emailed); for an organization whose ' +
            'first administrator never accepted. Recorded in its audit log as done by the operator.',
          params: IdParams,
          body: AdminBody,
          response: { 201: InvitationView, ...problems(400, 401, 404) },
        },
      },
      async (req, reply) =>
        reply
          .code(201)
          .send(await addOrganizationAdmin(deps, req.params.id, req.body.email, { by: 'operator' }, req.ip)),
    );
  };
}
