import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The portal's client-side routes: any GET outside the API gets the app. */
export const PORTAL_PAGES = '/*';

/**
 * Vite names every file under assets/ by a hash of its content: a name never changes what it
 * holds (a new build makes new names), so a browser may keep it for a year without asking.
 */
const HASHED_FILE = 'public, max-age=31536000, immutable';

/** index.html names the current build's files: asked for again each time (its ETag makes that a 304). */
const ENTRY_FILE = 'no-cache';

/**
 * The built portal (`npm run build`): its files, each sent compressed when the browser accepts
 * it (the build writes `.br` and `.gz` beside each one, see vite.config.ts), and index.html for
 * every client-side page. An API path no route answers stays the API's 404 or 405.
 */
export async function servePortal(
  app: FastifyInstance,
  webRoot: string,
  noRoute: (req: FastifyRequest, reply: FastifyReply) => FastifyReply,
): Promise<void> {
  const assets = join(resolve(webRoot), 'assets') + sep;
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    // A list, not a string: given a string, @fastify/static 10.1 finds no index for `/` when the
    // browser accepts a compression, and calls the not-found handler instead.
    index: ['index.html'],
    preCompressed: true,
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.startsWith(assets) ? HASHED_FILE : ENTRY_FILE);
    },
  });
  app.get(PORTAL_PAGES, { schema: { hide: true } }, async (req, reply) =>
    req.url.startsWith('/v1/') ? noRoute(req, reply) : reply.sendFile('index.html'),
  );
}
