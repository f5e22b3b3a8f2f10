import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Auth } from '../../app/accounts/accounts.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { requireAccount, requireSameOrigin } from '../security.ts';
import { accountRoutes } from './account.routes.ts';
import { deviceRoutes } from './devices.routes.ts';
import { downloadRoutes } from './downloads.routes.ts';
import { subscriptionRoutes } from './subscriptions.routes.ts';

export { authRoutes } from './auth.routes.ts';

/** The customer's own API: everything here is scoped to the signed-in account. */
export function customerRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireSameOrigin(deps.settings.publicUrl));
    app.addHook('onRequest', requireAccount(auth));
    for (const routes of [accountRoutes, subscriptionRoutes, deviceRoutes, downloadRoutes])
      await app.register(routes(deps));
  };
}
