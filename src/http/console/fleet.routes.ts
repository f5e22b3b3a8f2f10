import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyInstance,
  FastifyBaseLogger,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Deps } from '../../app/shared/deps.ts';
import Type from 'typebox';
import {
  organizationConnectCode,
  removeOrganizationDevice,
  updateOrganizationDevice,
} from '../../app/organizations/console.ts';
import { organizationDevicesPage } from '../../app/organizations/fleet-pages.ts';
import { problems } from '../route-kit.ts';
import { actor, Id, Org, OrgAndId, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';
import { DevicesQuery, NextCursor } from './paging.ts';

/** The organization's managed devices, and codes to connect more. */
export function fleetRoutes({ deps }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/console/organizations/:org/devices',
      {
        schema: {
          tags,
          params: Org,
          querystring: DevicesQuery,
          response: {
            200: Type.Object({ devices: Type.Array(Type.Ref('Device')), nextCursor: NextCursor }),
            ...problems(400, 401, 404),
          },
        },
      },
      async (req) => {
        const { platform, group, name, ...page } = req.query;
        return organizationDevicesPage(deps, actor(req, req.params.org), { platform, group, name }, page);
      },
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

    // Like the portal's, the body is optional: none, an empty one (whatever its content type) or JSON.
    await app.register(async (scoped) => {
      scoped.removeAllContentTypeParsers();
      const json = scoped.getDefaultJsonParser('error', 'error');
      scoped.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
        if (String(body).trim() === '') done(null, {});
        else void json(req, String(body), done);
      });
      scoped.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
        if (String(body) === '') done(null, {});
        else done(Object.assign(new Error('Send JSON, or no body'), { statusCode: 415 }));
      });
      // No body at all is no parser's business: it is the empty object too.
      scoped.addHook('preValidation', async (req) => {
        req.body ??= {};
      });
      connectCodeRoute(scoped, deps);
    });
  };
}

type FastifyInstanceTypebox = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

function connectCodeRoute(app: FastifyInstanceTypebox, deps: Deps) {
  app.post(
    '/v1/console/organizations/:org/connect-codes',
    {
      schema: {
        tags,
        params: Org,
        body: Type.Object({ forAccountId: Type.Optional(Id) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
          ...problems(400, 401, 403, 404, 429),
        },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await organizationConnectCode(deps, actor(req, req.params.org), req.ip, req.body.forAccountId)),
  );
}
