import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../../app/shared/deps.ts';
import { myDownloads, myInstaller } from '../../app/downloads/downloads.ts';
import { sendDownloadLink } from '../../app/downloads/send-download-link.ts';
import { sendInstaller } from '../download-page.routes.ts';
import { IdParams, problems } from '../route-kit.ts';

import { Email, me, tags } from './kit.ts';

/** A subscription's installers, and emailed download links for a new device. */
export function downloadRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/me/subscriptions/:id/downloads',
      {
        schema: {
          tags,
          description:
            '"Other downloads": the installers offered for the subscription’s product, newest supported release per platform, the caller’s platform first.',
          params: IdParams,
          response: {
            200: Type.Object({ installers: Type.Array(Type.Ref('Installer')) }),
            ...problems(401, 404),
          },
        },
      },
      async (req) => myDownloads(deps, me(req), req.params.id, req.headers['user-agent']),
    );

    app.get(
      '/v1/me/subscriptions/:id/downloads/:installerId',
      {
        schema: {
          tags,
          description:
            'Downloads an installer on this device (no one-time code: connect the app from Devices).',
          params: Type.Object({
            id: IdParams.properties.id,
            installerId: Type.String({ minLength: 1, maxLength: 100 }),
          }),
          response: {
            200: {
              description: 'the installer, as an attachment',
              content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
            },
            302: Type.Null({ description: "to the vendor's own URL for this installer" }),
            ...problems(401, 404),
          },
        },
      },
      async (req, reply) =>
        sendInstaller(reply, await myInstaller(deps, me(req), req.params.id, req.params.installerId)),
    );

    app.post(
      '/v1/me/subscriptions/:id/download-links',
      {
        schema: {
          tags,
          description:
            '"Send link": emails a download link for a new device, in the account’s language. Refused (409 SEND_REFUSED) with the link’s reason codes; limited per account and per recipient (429).',
          params: IdParams,
          body: Type.Object({ email: Email }, { additionalProperties: false }),
          response: {
            202: Type.Object({ email: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
            ...problems(400, 401, 403, 404, 409, 429),
          },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await sendDownloadLink(deps, req.account!, req.params.id, req.body.email)),
    );
  };
}
