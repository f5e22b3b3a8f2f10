import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  organizationConnectCode,
  organizationDevices,
  removeOrganizationDevice,
  updateOrganizationDevice,
} from '../../app/organizations/console.ts';
import { problems } from '../route-kit.ts';
import { actor, Id, Org, OrgAndId, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';

/** The organization's managed devices, and codes to connect more. */
export function fleetRoutes({ deps }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
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
  };
}
