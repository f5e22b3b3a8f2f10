import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import Type from 'typebox';
import type { Auth } from '../app/accounts/accounts.ts';
import type { Deps } from '../app/shared/deps.ts';
import { readiness } from '../app/shared/health.ts';
import { consoleRoutes } from './console/index.ts';
import { deviceConnectRoute, deviceRoutes } from './device.routes.ts';
import { deviceSeatRoutes } from './device-seat.routes.ts';
import { deviceEnrollRoute } from './device-enroll.routes.ts';
import { downloadPageRoutes, loggerWithoutSecrets } from './download-page.routes.ts';
import { licenceRoutes } from './licence.routes.ts';
import { keepDeviceRoutes } from './keep-device.routes.ts';
import { oauthMetadataRoute, oauthRoutes } from './oauth.routes.ts';
import { HttpMetrics, metricsRoute } from './metrics.ts';
import { operatorRoutes } from './operator.routes.ts';
import { operatorOrganizationRoutes } from './operator-organizations.routes.ts';
import { operatorStaffRoutes } from './operator-staff.routes.ts';
import { staffRoutes } from './staff.routes.ts';
import { webhookRoutes } from './webhooks.routes.ts';
import { supportContactRoute, supportOperatorRoutes } from './support.routes.ts';
import { RequestLogController, lazyChildLoggers, requestIds } from './request-log.ts';
import { authRoutes, customerRoutes } from './portal/index.ts';
import type { ConnectionLimits } from './connections.ts';
import { DEFAULT_CONNECTION_LIMITS, guardConnections } from './connections.ts';
import { addSecurityHeaders, securityHeaders } from './headers.ts';
import { allowedMethods } from './allowed-methods.ts';
import type { RegisteredRoute } from './allowed-methods.ts';
import { clientErrorHandler, errorHandler, frameworkErrorHandler, sendProblem } from './problem.ts';
import { SHARED_SCHEMAS } from './schemas.ts';
import { SENDING_SCHEMAS } from './schemas-sending.ts';
import { StreamRegistry, streamRoutes } from './streams.ts';
import { refuseControlCharacters } from './text.ts';
import { PORTAL_PAGES, servePortal } from './portal-files.ts';

export interface ServerOptions {
  deps: Deps;
  auth: Auth;
  operatorKey: string;
  logger?: FastifyServerOptions['logger'];
  /** Event-stream heartbeat interval. */
  heartbeatMs?: number;
  /** The built portal to serve at `/`, if present. */
  webRoot?: string;
  /** Timeouts and the connections one client may hold (defaults: DEFAULT_CONNECTION_LIMITS). */
  connections?: Partial<ConnectionLimits>;
}

/**
 * A request no route answers: 405 with the methods its path does answer (`Allow`), or 404 when
 * the path is nobody's.
 */
function noRouteHandler(allowedFor: (path: string) => string[]) {
  return (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    const allowed = allowedFor(path);
    // A route that answers this method but found nothing (callNotFound) is a 404 all the same.
    if (allowed.length === 0 || allowed.includes(req.method))
      return sendProblem(reply, { status: 404, code: 'NOT_FOUND', detail: `No route ${req.method} ${path}` });
    void reply.header('allow', allowed.join(', '));
    return sendProblem(reply, {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      detail: `${req.method} is not allowed on ${path}; it answers ${allowed.join(', ')}`,
    });
  };
}

export interface RouteInfo extends RegisteredRoute {
  schema?: Record<string, unknown>;
}

export async function buildServer(
  options: ServerOptions,
): Promise<FastifyInstance & { streams: StreamRegistry; routes: RouteInfo[] }> {
  const { deps, auth } = options;
  const httpMetrics = new HttpMetrics();
  const app = Fastify({
    // Never no logger at all: Fastify calls the log controller, which records the request metrics,
    // only when there is one.
    logger: loggerWithoutSecrets(options.logger || { level: 'silent' }),
    logController: new RequestLogController(httpMetrics),
    childLoggerFactory: lazyChildLoggers,
    genReqId: requestIds(),
    bodyLimit: 256 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    forceCloseConnections: 'idle',
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    // Half-sent requests are looked for every second (Node's default is every 30 s).
    http: { connectionsCheckingInterval: 1_000 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  guardConnections(app.server, { ...DEFAULT_CONNECTION_LIMITS, ...options.connections });
  const streams = new StreamRegistry();
  // Every route and its schema, so a test can prove that none goes unvalidated or undocumented.
  const routes: RouteInfo[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat())
      if (method !== 'HEAD') routes.push({ method, url: r.url, schema: r.schema as Record<string, unknown> });
  });
  httpMetrics.install(app);

  // The request id and the security headers, from one synchronous hook (it runs on every request).
  addSecurityHeaders(app, securityHeaders(deps.settings.publicUrl));
  app.setErrorHandler(errorHandler);
  app.addHook('preValidation', refuseControlCharacters);
  const noRoute = noRouteHandler(allowedMethods(routes, [PORTAL_PAGES]));
  app.setNotFoundHandler(noRoute);
  for (const schema of [...SHARED_SCHEMAS, ...SENDING_SCHEMAS]) app.addSchema(schema);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Seatpost',
        version: '1.0.0',
        description:
          'Send subscriptions to devices. Errors are application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          operatorKey: { type: 'http', scheme: 'bearer', description: 'SEATPOST_OPERATOR_KEY' },
          deviceToken: { type: 'http', scheme: 'bearer', description: 'the token from /v1/device/connect' },
          session: { type: 'apiKey', in: 'cookie', name: 'seatpost.session_token' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });

  app.get(
    '/healthz',
    { schema: { tags: ['operations'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        response: { 200: Type.Object({ status: Type.Literal('ready') }), 503: Type.Ref('Problem') },
      },
    },
    async (_req, reply) => {
      const r = await readiness(deps);
      if (r.ready) return { status: 'ready' as const };
      return sendProblem(reply, { status: 503, code: r.code, detail: r.detail });
    },
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(operatorRoutes(deps, options.operatorKey));
  await app.register(operatorOrganizationRoutes(deps, options.operatorKey));
  await app.register(operatorStaffRoutes(deps, options.operatorKey));
  await app.register(staffRoutes(deps, auth));
  await app.register(webhookRoutes(deps, options.operatorKey));
  await app.register(supportOperatorRoutes(deps, options.operatorKey));
  await app.register(supportContactRoute(deps));
  await app.register(authRoutes(deps, auth));
  await app.register(customerRoutes(deps, auth));
  await app.register(deviceConnectRoute(deps));
  await app.register(deviceEnrollRoute(deps));
  await app.register(deviceRoutes(deps));
  await app.register(deviceSeatRoutes(deps));
  await app.register(oauthMetadataRoute(deps));
  await app.register(oauthRoutes(deps));
  await app.register(licenceRoutes(deps, options.operatorKey));
  await app.register(downloadPageRoutes(deps));
  await app.register(keepDeviceRoutes(deps));
  await app.register(streamRoutes(deps, auth, streams, options.heartbeatMs ?? 15_000));
  await app.register(consoleRoutes(deps, auth, streams, options.heartbeatMs ?? 15_000));
  await app.register(metricsRoute(deps, httpMetrics, streams, options.operatorKey));

  const webRoot = options.webRoot ?? join(import.meta.dirname, '../../dist/web');
  if (existsSync(join(webRoot, 'index.html'))) {
    await servePortal(app, webRoot, noRoute);
  }

  // Streams never finish by themselves: end them first, so that close() can wait for the rest.
  app.addHook('preClose', async () => streams.closeAll());
  return Object.assign(app, { streams, routes });
}
