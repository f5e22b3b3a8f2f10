import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { keepMyDevice, mySilentDevices } from '../../app/devices/keep-device.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { IdParams, problems } from '../route-kit.ts';
import { me, tags } from './kit.ts';

const Timestamp = Type.String({ format: 'date-time' });

const SilentDevice = Type.Object(
  {
    deviceId: Type.String(),
    lastSeenAt: Timestamp,
    lastSeenDaysAgo: Type.Integer({
      minimum: 0,
      description: 'whole days since lastSeenAt, by the server’s clock',
    }),
    endsAt: Type.String({
      format: 'date-time',
      description: 'when its seats free unless it checks in (or is kept)',
    }),
    products: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  },
  { description: 'a silent device of the account' },
);

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
            200: Type.Object({ deviceId: Type.String(), keptAt: Timestamp }),
            ...problems(401, 403, 404),
          },
        },
      },
      async (req) => keepMyDevice(deps, me(req), req.params.id),
    );
  };
}
