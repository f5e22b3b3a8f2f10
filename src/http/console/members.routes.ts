import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { changeRole, inviteMember, membersOf, removeMember } from '../../app/organizations/organizations.ts';
import { resendMemberInvitation, revokeMemberInvitation } from '../../app/organizations/invitations.ts';
import { problems } from '../route-kit.ts';
import { Role } from '../enums.ts';
import { Email, InvitationView } from '../schemas.ts';
import { actor, Org, OrgAndId, OrgAndMember, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';

/** Members and invitations; only admins change them, and the last admin cannot leave. */
export function memberRoutes({ deps }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
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
          body: Type.Object({ email: Email, role: Role }, { additionalProperties: false }),
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

    app.delete(
      '/v1/console/organizations/:org/invitations/:id',
      {
        schema: {
          tags,
          summary: 'Revoke an invitation: its link stops working',
          params: OrgAndId,
          response: { 204: Type.Null(), ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        await revokeMemberInvitation(deps, actor(req, req.params.org), req.ip, req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/v1/console/organizations/:org/invitations/:id/resend',
      {
        schema: {
          tags,
          summary: 'Send an invitation again, with a new link (the old one stops working); rate-limited',
          params: OrgAndId,
          response: { 200: InvitationView, ...problems(401, 403, 404, 410, 429) },
        },
      },
      async (req) => resendMemberInvitation(deps, actor(req, req.params.org), req.ip, req.params.id),
    );
  };
}
