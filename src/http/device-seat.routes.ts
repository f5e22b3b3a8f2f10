import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../app/shared/deps.ts';
import { ackDeviceRevocation, pendingRevocations } from '../app/sending/revoke.ts';
import { IdParams, problems } from './route-kit.ts';
import { requireDevice } from './security.ts';

/** The device's side of a revocation: what it has not acknowledged yet, and the acknowledgement. */
export function deviceSeatRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireDevice(deps));
    const security = [{ deviceToken: [] }];

    app.get(
      '/v1/device/revocations',
      {
        schema: {
          tags: ['device'],
          security,
          description:
            'The revocations the app has not acknowledged: what it missed while its stream was closed.',
          response: {
            200: Type.Object({ revocations: Type.Array(Type.Ref('Revocation')) }),
            ...problems(401),
          },
        },
      },
      async (req) => ({ revocations: await pendingRevocations(deps, req.device!) }),
    );

    app.post(
      '/v1/device/revocations/:id/ack',
      {
        schema: {
          tags: ['device'],
          security,
          description:
            'The app has stopped using the subscription a `revocation` event named (the id is the event’s `revocation.id`). Repeating it is harmless.',
          params: IdParams,
          response: { 200: Type.Ref('Revocation'), ...problems(401, 404) },
        },
      },
      async (req) => ackDeviceRevocation(deps, req.device!, req.params.id),
    );
  };
}
