import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../app/shared/deps.ts';
import { requireStaffAdmin } from '../app/staff/staff.ts';
import { catalogRoutes } from './catalog.routes.ts';

/**
 * The catalogue in the support console (issue 18, item 2): products, releases and installers,
 * for staff with the admin role, through the operator's own routes. Registered inside
 * `staffRoutes`, so its hooks (same origin, session, staff with two factors) run first.
 */
export function staffCatalogRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Checked before the body is read: a refused upload is not streamed into the store first.
    app.addHook('onRequest', async (req) => requireStaffAdmin(req.staff!));
    await app.register(
      catalogRoutes(deps, {
        base: '/v1/staff',
        tags: ['staff'],
        security: [{ session: [] }],
        refused: [401, 403],
      }),
    );
  };
}
