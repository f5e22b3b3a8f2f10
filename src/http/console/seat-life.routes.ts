import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { mergeOrganizationDevices } from '../../app/devices/merge-devices.ts';
import { reportOrganizationDeviceLost } from '../../app/devices/lost-device.ts';
import { organizationSeatHistory, seatHistoryCsv } from '../../app/sending/seat-history.ts';
import { problems } from '../route-kit.ts';
import { CsvText, LostAnswer, MergeAnswer, MergeBody, SeatHistory } from '../seat-life.schemas.ts';
import { actor, OrgAndId, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';

/** The life of a seat in the console (issue 15), for the organization's admins; every change audited. */
export function consoleSeatLifeRoutes({ deps }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/console/organizations/:org/devices/:id/lost',
      { schema: { tags, params: OrgAndId, response: { 200: LostAnswer, ...problems(401, 403, 404, 409) } } },
      async (req) => reportOrganizationDeviceLost(deps, actor(req, req.params.org), req.ip, req.params.id),
    );

    app.post(
      '/v1/console/organizations/:org/devices/:id/merge',
      {
        schema: {
          tags,
          params: OrgAndId,
          body: MergeBody,
          response: { 200: MergeAnswer, ...problems(400, 401, 403, 404) },
        },
      },
      async (req) =>
        mergeOrganizationDevices(
          deps,
          actor(req, req.params.org),
          req.ip,
          req.params.id,
          req.body.duplicateId,
        ),
    );

    app.get(
      '/v1/console/organizations/:org/subscriptions/:id/seat-history',
      { schema: { tags, params: OrgAndId, response: { 200: SeatHistory, ...problems(401, 403, 404) } } },
      async (req) => organizationSeatHistory(deps, actor(req, req.params.org), req.params.id),
    );

    app.get(
      '/v1/console/organizations/:org/subscriptions/:id/seat-history.csv',
      {
        schema: {
          tags,
          params: OrgAndId,
          produces: ['text/csv'],
          response: { 200: CsvText, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        // Found first: the file is named after an id that exists (ours, so safe in a header).
        const history = await organizationSeatHistory(deps, actor(req, req.params.org), req.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="seat-history-${req.params.id}.csv"`)
          .send(seatHistoryCsv(history));
      },
    );
  };
}
