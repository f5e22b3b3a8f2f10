import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../app/shared/deps.ts';
import { requireStaffAdmin } from '../app/staff/staff.ts';
import { webhookEndpointRoutes } from './webhook-endpoints.routes.ts';

/**
 * The operator's webhook endpoints in the support console (issue 18): what
 * `/v1/operator/webhook-endpoints` offers the bearer key, offered to staff with the admin role,
 * through the same routes. Registered inside `staffRoutes`, so its hooks (same origin, the
 * session, staff with two factors) run first; this plugin adds only the role.
 */
export function staffWebhookRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Before validation, so that a member of support learns nothing from a malformed request.
    app.addHook('onRequest', async (req) => requireStaffAdmin(req.staff!));
    await app.register(
      webhookEndpointRoutes(deps, {
        base: '/v1/staff/webhook-endpoints',
        tags: ['staff'],
        security: [{ session: [] }],
        refused: [401, 403],
      }),
    );
  };
}
