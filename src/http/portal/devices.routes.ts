import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  createConnectCode,
  disconnectMyDevice,
  listMyDevices,
  renameMyDevice,
} from '../../app/devices/customer-devices.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { IdParams, problems } from '../route-kit.ts';
import { deviceListExtras } from '../../app/devices/device-notices.ts';
import { DeviceListExtras } from '../seat-life.schemas.ts';

import { DeviceName, me, tags } from './kit.ts';

/** The account's devices: rename, disconnect, and one-time codes to connect another. */
export function deviceRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/me/devices',
      {
        schema: {
          tags,
          response: {
            200: Type.Object({ devices: Type.Array(Type.Ref('Device')), ...DeviceListExtras }),
            ...problems(401),
          },
        },
      },
      async (req) => ({
        devices: await listMyDevices(deps, me(req)),
        ...(await deviceListExtras(deps, { accountId: me(req), organizationId: null })),
      }),
    );

    app.patch(
      '/v1/me/devices/:id',
      {
        schema: {
          tags,
          params: IdParams,
          body: Type.Object({ name: DeviceName }, { additionalProperties: false }),
          response: { 200: Type.Ref('Device'), ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => renameMyDevice(deps, me(req), req.params.id, req.body.name),
    );

    app.delete(
      '/v1/me/devices/:id',
      { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } } },
      async (req, reply) => {
        await disconnectMyDevice(deps, me(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/v1/me/connect-codes',
      {
        schema: {
          tags,
          response: {
            201: Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
            ...problems(401, 403, 429),
          },
        },
      },
      async (req, reply) => reply.code(201).send(await createConnectCode(deps, me(req))),
    );
  };
}
