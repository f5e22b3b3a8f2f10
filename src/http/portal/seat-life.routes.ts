import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { mergeMyDevices } from '../../app/devices/merge-devices.ts';
import { reportMyDeviceLost } from '../../app/devices/lost-device.ts';
import { mySeatHistory, seatHistoryCsv } from '../../app/sending/seat-history.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { IdParams, problems } from '../route-kit.ts';
import { CsvText, LostAnswer, MergeAnswer, MergeBody, SeatHistory } from '../seat-life.schemas.ts';
import { me, tags } from './kit.ts';

/** The life of a seat in the portal (issue 15): lost or stolen, merging duplicates, seat history. */
export function seatLifeRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/me/devices/:id/lost',
      {
        schema: {
          tags,
          params: IdParams,
          description:
            'Lost or stolen: every activation of the device ends (why `lost`), its token is refused from now on ' +
            '(a later request with it is answered 401 `DEVICE_TOKEN_REVOKED` and recorded on the device), and ' +
            'what is on its way to it is cancelled. 409 `DEVICE_ALREADY_LOST` the second time.',
          response: { 200: LostAnswer, ...problems(401, 403, 404, 409) },
        },
      },
      async (req) => reportMyDeviceLost(deps, me(req), req.params.id),
    );

    app.post(
      '/v1/me/devices/:id/merge',
      {
        schema: {
          tags,
          params: IdParams,
          body: MergeBody,
          description:
            'Two entries that are one machine become one: the newer connection stays, the activations of the ' +
            'older one move to it (or end, for an app it already has one for), and the older one is disconnected.',
          response: { 200: MergeAnswer, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => mergeMyDevices(deps, me(req), req.params.id, req.body.duplicateId),
    );

    app.get(
      '/v1/me/subscriptions/:id/seat-history',
      { schema: { tags, params: IdParams, response: { 200: SeatHistory, ...problems(401, 404) } } },
      async (req) => mySeatHistory(deps, me(req), req.params.id),
    );

    app.get(
      '/v1/me/subscriptions/:id/seat-history.csv',
      {
        schema: {
          tags,
          params: IdParams,
          produces: ['text/csv'],
          response: { 200: CsvText, ...problems(401, 404) },
        },
      },
      async (req, reply) => {
        // Found first: the file is named after an id that exists (ours, so safe in a header).
        const history = await mySeatHistory(deps, me(req), req.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="seat-history-${req.params.id}.csv"`)
          .send(seatHistoryCsv(history));
      },
    );
  };
}
