import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Auth } from '../../app/accounts/accounts.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { requireAccount, requireSameOrigin } from '../security.ts';
import type { StreamRegistry } from '../streams.ts';
import { auditRoutes } from './audit.routes.ts';
import { consoleDeviceNoticeRoutes } from './device-notices.routes.ts';
import { enrollmentKeyRoutes } from './enrollment-keys.routes.ts';
import { consoleSeatLifeRoutes } from './seat-life.routes.ts';
import { consoleSeatRoutes } from './seat.routes.ts';
import { fleetRoutes } from './fleet.routes.ts';
import { memberRoutes } from './members.routes.ts';
import { organizationRoutes } from './organizations.routes.ts';
import { consoleSendingRoutes } from './sending.routes.ts';

/**
 * The admin console of business customers, for the organization's members; only admins change
 * things. Someone who is not a member finds no organization at all (404).
 */
export function consoleRoutes(
  deps: Deps,
  auth: Auth,
  streams: StreamRegistry,
  heartbeatMs: number,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireSameOrigin(deps.settings.publicUrl));
    app.addHook('onRequest', requireAccount(auth));
    const context = { deps, streams, heartbeatMs };
    for (const routes of [organizationRoutes, consoleSendingRoutes, fleetRoutes, memberRoutes, auditRoutes])
      await app.register(routes(context));
    await app.register(enrollmentKeyRoutes(context));
    await app.register(consoleSeatLifeRoutes(context));
    await app.register(consoleSeatRoutes(context));
    await app.register(consoleDeviceNoticeRoutes(context));
  };
}
