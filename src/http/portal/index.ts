import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Auth } from '../../app/accounts/accounts.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { requireAccount, requireSameOrigin } from '../security.ts';
import { accountRoutes } from './account.routes.ts';
import { deviceRoutes } from './devices.routes.ts';
import { deviceAuthorizationRoutes } from './device-authorizations.routes.ts';
import { downloadRoutes } from './downloads.routes.ts';
import { supportRoutes } from './support.routes.ts';
import { subscriptionRoutes } from './subscriptions.routes.ts';
import { seatRoutes } from './seat.routes.ts';
import { securityRoutes } from './security.routes.ts';
import { silentDeviceRoutes } from './silent-devices.routes.ts';
import { seatLifeRoutes } from './seat-life.routes.ts';

export { authRoutes } from './auth.routes.ts';

/** The customer's own API: everything here is scoped to the signed-in account. */
export function customerRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireSameOrigin(deps.settings.publicUrl));
    app.addHook('onRequest', requireAccount(auth));
    for (const routes of [accountRoutes, subscriptionRoutes, deviceRoutes, downloadRoutes, supportRoutes])
      await app.register(routes(deps));
    await app.register(securityRoutes(deps, auth));
    await app.register(deviceAuthorizationRoutes(deps));
    await app.register(silentDeviceRoutes(deps));
    await app.register(seatLifeRoutes(deps));
    await app.register(seatRoutes(deps));
  };
}
