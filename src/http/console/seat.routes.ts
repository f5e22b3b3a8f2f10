import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { scopeFor } from '../../app/organizations/console.ts';
import { revokeFromDevice } from '../../app/sending/revoke.ts';
import { undoReserve } from '../../app/sending/reserves.ts';
import { problems } from '../route-kit.ts';
import { OrgAndId, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';

/** The seat's plans in the console (admins only, audited): revoke from a managed device, undo a reserve. */
export function consoleSeatRoutes({ deps }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/console/organizations/:org/devices/:id/revoke',
      {
        schema: {
          tags,
          description:
            'Ends the subscription on the managed device, which stays connected; the seat is free at once. Admins only; audited.',
          params: OrgAndId,
          body: Type.Object(
            { subscriptionId: Type.String({ minLength: 1, maxLength: 100 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('EndedActivation'), ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req) =>
        revokeFromDevice(
          deps,
          await scopeFor(deps, req.account!, req.params.org),
          req.params.id,
          req.body.subscriptionId,
          req.ip,
        ),
    );

    app.post(
      '/v1/console/organizations/:org/reserves/:id/undo',
      {
        schema: {
          tags,
          params: OrgAndId,
          response: { 200: Type.Ref('Reserve'), ...problems(401, 403, 404, 409) },
        },
      },
      async (req) =>
        undoReserve(deps, await scopeFor(deps, req.account!, req.params.org), req.params.id, req.ip),
    );
  };
}
