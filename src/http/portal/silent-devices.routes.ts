import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { keepMyDevice, mySilentDevices } from '../../app/devices/keep-device.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { IdParams, problems } from '../route-kit.ts';
import { Kept, SilentDevice } from '../seat-life.schemas.ts';
import { me, tags } from './kit.ts';

/** Silent devices (issue 15, item 5): which of the account's devices are about to lose their seats, and "Keep". */
export function silentDeviceRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/me/silent-devices',
      {
        schema: {
          tags,
          description:
            "The account's devices silent long enough that their seats free on a date unless they check in: from the moment the owner is warned.",
          response: {
            200: Type.Object({ devices: Type.Array(SilentDevice) }),
            ...problems(401),
          },
        },
      },
      async (req) => ({ devices: await mySilentDevices(deps, me(req)) }),
    );

    app.post(
      '/v1/me/devices/:id/keep',
      {
        schema: {
          tags,
          description:
            '"Keep this device": its silence starts again now, as a check-in would start it; its "last seen" stays the last check-in.',
          params: IdParams,
          response: {
            200: Kept,
            ...problems(401, 403, 404),
          },
        },
      },
      async (req) => keepMyDevice(deps, me(req), req.params.id),
    );
  };
}
