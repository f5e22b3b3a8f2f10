import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { acceptInvitation, myOrganizations } from '../../app/organizations/organizations.ts';
import { previewInvitation } from '../../app/organizations/preview-invitation.ts';
import { problems } from '../route-kit.ts';
import { Role } from '../enums.ts';
import { Id, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';

/** The organizations the account belongs to, and accepting an invitation to one. */
export function organizationRoutes({ deps }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
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
            ...problems(400, 401, 403, 410, 429),
          },
        },
      },
      async (req) => acceptInvitation(deps, req.account!, req.body.token, req.ip),
    );

    app.post(
      '/v1/console/invitations/preview',
      {
        schema: {
          tags,
          summary:
            'What an invitation offers, before accepting it (POST: the token stays out of URLs and logs); rate-limited',
          body: Type.Object(
            { token: Type.String({ minLength: 10, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              organization: Type.Object({ id: Id, name: Type.String() }),
              role: Role,
              email: Type.String(),
              expiresAt: Type.String({ format: 'date-time' }),
              invitedBy: Type.Union([
                Type.Object({ name: Type.String(), email: Type.String() }),
                Type.Null(),
              ]),
              forThisAccount: Type.Boolean({ description: 'The signed-in account is the invited address' }),
            }),
            ...problems(400, 401, 410, 429),
          },
        },
      },
      async (req) => previewInvitation(deps, req.account!, req.body.token, req.ip),
    );
  };
}
