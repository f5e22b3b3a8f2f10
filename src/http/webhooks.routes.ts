import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../app/shared/deps.ts';
import { requireOperator } from './security.ts';
import { webhookEndpointRoutes } from './webhook-endpoints.routes.ts';

/**
 * Webhooks by the Standard Webhooks spec (issue 18), for the operator key: endpoints, their
 * attempt log, manual retry and secret rotation. See app/webhooks/ and docs/webhooks.md.
 */
export function webhookRoutes(deps: Deps, operatorKey: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireOperator(operatorKey));
    await app.register(
      webhookEndpointRoutes(deps, {
        base: '/v1/operator/webhook-endpoints',
        tags: ['operator'],
        security: [{ operatorKey: [] }],
        refused: [401],
      }),
    );
  };
}
