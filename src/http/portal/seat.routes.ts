import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../../app/shared/deps.ts';
import { portalScope } from '../../app/sending/send-scope.ts';
import { revokeFromDevice } from '../../app/sending/revoke.ts';
import { undoReserve } from '../../app/sending/reserves.ts';
import { IdParams, problems } from '../route-kit.ts';
import { tags } from './kit.ts';

/** The seat's plans in the portal: revoke a subscription from a device, undo a reserve. */
export function seatRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/me/devices/:id/revoke',
      {
        schema: {
          tags,
          description:
            'Ends the subscription on the device and keeps the device connected: the seat is free at once, and the device hears `revocation` on its stream. 409 NOT_ACTIVE_ON_DEVICE when it holds no such activation.',
          params: IdParams,
          body: Type.Object(
            { subscriptionId: Type.String({ minLength: 1, maxLength: 100 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('EndedActivation'), ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) =>
        revokeFromDevice(deps, portalScope(req.account!), req.params.id, req.body.subscriptionId),
    );

    app.post(
      '/v1/me/reserves/:id/undo',
      {
        schema: {
          tags,
          description: 'Undoes a reserve before it starts; 409 RESERVE_FINAL once it has started or ended.',
          params: IdParams,
          response: { 200: Type.Ref('Reserve'), ...problems(401, 403, 404, 409) },
        },
      },
      async (req) => undoReserve(deps, portalScope(req.account!), req.params.id),
    );
  };
}
