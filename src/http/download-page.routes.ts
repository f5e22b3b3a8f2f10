import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import Type from 'typebox';
import type { Deps } from '../app/shared/deps.ts';
import { downloadPage, linkConnectCode, linkInstaller } from '../app/downloads/downloads.ts';
import { AppError } from '../app/shared/errors.ts';
import { isOwnOrigin, ownOrigins } from '../app/shared/own-origins.ts';
import type { openInstaller } from '../app/operator/releases.ts';
import { contentSecurityPolicy, renderDownloadPage, renderLinkProblem } from './download-page.html.ts';
import { problems } from './route-kit.ts';

type OpenedInstaller = Awaited<ReturnType<typeof openInstaller>>;

/** Paths whose last part is a secret (a download link's, an invitation's or a keep link's token). */
const SECRET_PATHS = /^(\/d\/|\/console\/invitations\/|\/keep-device\/)[^/?#]+/;

/** A request's URL as logs may keep it: a secret in the path masked. */
export function urlWithoutSecrets(url: string): string {
  return url.replace(SECRET_PATHS, '$1…');
}

/**
 * The logger options with a request serializer that masks link tokens, so that no log line ever
 * holds one (codes travel only in bodies, which are not logged).
 */
export function loggerWithoutSecrets(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const options = logger === true ? {} : logger;
  return {
    ...options,
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: urlWithoutSecrets(req.url),
        host: req.host,
        remoteAddress: req.ip,
        remotePort: req.socket?.remotePort,
      }),
      ...options.serializers,
    },
  };
}

/** Hands out an installer: the stored file as an attachment, or a redirect to the vendor's own URL. */
export function sendInstaller(reply: FastifyReply, opened: OpenedInstaller): FastifyReply {
  if (opened.kind === 'redirect') {
    // The URL is the operator's, from the database: never anything a request said.
    void reply.header('referrer-policy', 'no-referrer');
    return reply.redirect(opened.url, 302);
  }
  return reply
    .header('content-type', 'application/octet-stream')
    .header('content-length', String(opened.size))
    .header('content-disposition', `attachment; filename="${opened.fileName}"`)
    .header('repr-digest', `sha-256=:${Buffer.from(opened.sha256, 'hex').toString('base64')}:`)
    .header('x-content-type-options', 'nosniff')
    .send(opened.stream);
}

/** A download link's token in the path: checked by the use case, so that a bad one gets the page, not a 400. */
const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });
const Html = (description: string) => ({ description, content: { 'text/html': { schema: Type.String() } } });
/** Redirects the vendor's own installer URLs answer with. */
const Redirect = Type.Null({ description: "to the vendor's own URL for this installer" });
const InstallerFile = {
  description: 'the installer, as an attachment',
  content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
};

/** Every answer here carries a secret in its URL: never cached, never sent on as a Referer. */
function privateHeaders(reply: FastifyReply): void {
  void reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-robots-tag', 'noindex');
}

function html(reply: FastifyReply, status: number, render: (nonce: string) => string): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  privateHeaders(reply);
  return reply
    .code(status)
    .header('content-security-policy', contentSecurityPolicy(nonce))
    .type('text/html; charset=utf-8')
    .send(render(nonce));
}

/**
 * The new device's side of a download link: no sign-in, the link's token is the credential. The
 * page, a fresh one-time connect code for each download, and the installers.
 */
export function downloadPageRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  const own = ownOrigins(deps.settings.publicUrl);
  return async (app) => {
    const tags = ['download link'];

    app.get(
      '/d/:token',
      {
        schema: {
          tags,
          description:
            'The download page a download link opens: the installers, the visitor’s platform first, in the account’s language.',
          params: TokenParams,
          response: {
            200: Html('the download page'),
            404: Html('the link is wrong or has been tampered with'),
            410: Html('the link has expired'),
          },
        },
      },
      async (req, reply) => {
        const { token } = req.params;
        const found = await downloadPage(deps, token, req.headers['user-agent']);
        if (found.state === 'open')
          return html(reply, 200, (nonce) => renderDownloadPage(found, token, nonce));
        const language = found.state === 'expired' ? found.language : null;
        return html(reply, found.state === 'expired' ? 410 : 404, (nonce) =>
          renderLinkProblem(found.state, language, nonce),
        );
      },
    );

    // A token too long for a path parameter: the same clear page as any other wrong link.
    app.get('/d/*', { schema: { hide: true } }, async (_req, reply) =>
      html(reply, 404, (nonce) => renderLinkProblem('unknown', null, nonce)),
    );

    app.post(
      '/d/:token/code',
      {
        schema: {
          tags,
          description:
            'A fresh one-time connect code for the app being downloaded: it connects the new device to the link’s account and applies the link’s subscription when the rules allow. Limited per link.',
          params: TokenParams,
          response: {
            201: Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
            ...problems(403, 404, 410, 429),
          },
        },
      },
      async (req, reply) => {
        // The page's own script sends its Origin; another site's page cannot mint codes with it.
        const origin = req.headers.origin;
        if (origin !== undefined && !isOwnOrigin(own, origin))
          throw new AppError('CSRF_REJECTED', 'This request must come from the download page itself');
        privateHeaders(reply);
        return reply.code(201).send(await linkConnectCode(deps, req.params.token));
      },
    );

    app.get(
      '/d/:token/installers/:installerId',
      {
        schema: {
          tags,
          params: Type.Object({
            token: TokenParams.properties.token,
            installerId: Type.String({ minLength: 1, maxLength: 100 }),
          }),
          response: {
            200: InstallerFile,
            302: Redirect,
            404: Html('the link or the installer is not known'),
            410: Html('the link has expired'),
          },
        },
      },
      async (req, reply) => {
        try {
          const opened = await linkInstaller(deps, req.params.token, req.params.installerId);
          privateHeaders(reply);
          return sendInstaller(reply, opened);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          if (err.code === 'DOWNLOAD_LINK_EXPIRED')
            return html(reply, 410, (nonce) => renderLinkProblem('expired', null, nonce));
          if (err.code === 'NOT_FOUND')
            return html(reply, 404, (nonce) => renderLinkProblem('unknown', null, nonce));
          throw err;
        }
      },
    );
  };
}
