import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import type { KeepLink } from '../app/devices/keep-device.ts';
import { keepByLink, keepLinkPage } from '../app/devices/keep-device.ts';
import type { Deps } from '../app/shared/deps.ts';
import { AppError } from '../app/shared/errors.ts';
import { isOwnOrigin, ownOrigins } from '../app/shared/own-origins.ts';
import { keepPagePolicy, renderKeepPage } from './keep-device.html.ts';

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const Html = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });
const STATUS = { open: 200, kept: 200, expired: 410, unknown: 404 } as const;

function page(reply: FastifyReply, link: KeepLink): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  return reply
    .code(STATUS[link.state])
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex')
    .header('content-security-policy', keepPagePolicy(nonce))
    .type('text/html; charset=utf-8')
    .send(renderKeepPage(link, nonce));
}

/**
 * The silent-device email's one-click "Keep this device": the link's token is the credential (no
 * sign-in). GET shows the page and changes nothing; its button POSTs back and keeps the device.
 */
export function keepDeviceRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const own = ownOrigins(deps.settings.publicUrl);
  return async (app) => {
    const tags = ['silent devices'];
    // The page's form posts nothing but the address it is on.
    app.addContentTypeParser('application/x-www-form-urlencoded', (_req, payload, done) => {
      payload.resume();
      payload.on('end', () => done(null, {}));
    });
    const responses = {
      200: Html('the keep page'),
      404: Html('the link is wrong'),
      410: Html('the link no longer works'),
    };

    app.get(
      '/keep-device/:token',
      {
        schema: {
          tags,
          description: 'The page the warning email links to; opening it changes nothing.',
          params: TokenParams,
          response: responses,
        },
      },
      async (req, reply) => page(reply, await keepLinkPage(deps, req.params.token)),
    );

    app.post(
      '/keep-device/:token',
      {
        schema: {
          tags,
          description: "The page's button: the device keeps its seats, and its silence starts again.",
          params: TokenParams,
          response: responses,
        },
      },
      async (req, reply) => {
        // The page's own form sends its Origin; another site's page cannot press the button.
        const origin = req.headers.origin;
        if (origin !== undefined && origin !== 'null' && !isOwnOrigin(own, origin))
          throw new AppError('CSRF_REJECTED', 'This request must come from the keep page itself');
        return page(reply, await keepByLink(deps, req.params.token));
      },
    );
  };
}
