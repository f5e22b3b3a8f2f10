import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  approveDeviceAuthorization,
  denyDeviceAuthorization,
  lookUpDeviceAuthorization,
} from '../../app/devices/approve-device.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { problems } from '../route-kit.ts';
import { me, tags } from './kit.ts';

/**
 * The page at the verification URI (RFC 8628): the signed-in person looks a user code up, then
 * approves the device into their account or an organization they administer, or denies it.
 * Each call takes the code again, and each counts against the guessing limits.
 */
const UserCode = Type.String({ minLength: 1, maxLength: 20, description: 'as typed: XXXX-XXXX, any case' });
const Decision = Type.Object({
  status: Type.Union([Type.Literal('approved'), Type.Literal('denied')]),
  deviceName: Type.Union([Type.String(), Type.Null()]),
  organizationId: Type.Union([Type.String(), Type.Null()]),
});

export function deviceAuthorizationRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/me/device-authorizations/lookup',
      {
        schema: {
          tags,
          body: Type.Object({ userCode: UserCode }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              userCode: Type.String(),
              deviceName: Type.Union([Type.String(), Type.Null()]),
              platform: Type.Union([Type.String(), Type.Null()]),
              expiresAt: Type.String({ format: 'date-time' }),
              organizations: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), {
                description: 'the organizations the person administers: the device may join one',
              }),
            }),
            ...problems(400, 401, 403, 404, 429),
          },
        },
      },
      async (req) => lookUpDeviceAuthorization(deps, me(req), req.body.userCode, req.ip),
    );

    app.post(
      '/v1/me/device-authorizations/approve',
      {
        schema: {
          tags,
          body: Type.Object(
            {
              userCode: UserCode,
              organizationId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Decision, ...problems(400, 401, 403, 404, 429) },
        },
      },
      async (req) => approveDeviceAuthorization(deps, me(req), req.body, req.ip),
    );

    app.post(
      '/v1/me/device-authorizations/deny',
      {
        schema: {
          tags,
          body: Type.Object({ userCode: UserCode }, { additionalProperties: false }),
          response: { 200: Decision, ...problems(400, 401, 403, 404, 429) },
        },
      },
      async (req) => denyDeviceAuthorization(deps, me(req), req.body, req.ip),
    );
  };
}
