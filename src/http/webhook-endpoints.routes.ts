import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../app/shared/deps.ts';
import {
  createWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpointViews,
  removeWebhookEndpoint,
  retryWebhookAttempt,
  rotateWebhookEndpointSecret,
  setWebhookEndpointEnabled,
  webhookAttemptLog,
} from '../app/webhooks/endpoints.ts';
import type { Audience } from './route-kit.ts';
import { IdParams, NoContent, problems } from './route-kit.ts';
import {
  Attempt,
  AttemptParams,
  Endpoint,
  NewEndpoint,
  Requeued,
  Rotated,
  Secret,
} from './webhooks.schemas.ts';

/**
 * The webhook endpoints' routes (issue 18): register, list, read, delete, enable and disable,
 * rotate the secret, the attempt log and a manual retry. One definition, registered for the
 * operator key (`/v1/operator/webhook-endpoints`) and for staff admins (`/v1/staff/…`), each
 * inside a plugin whose hooks decide who may call them.
 */
export function webhookEndpointRoutes(deps: Deps, audience: Audience): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { base, tags, security, refused } = audience;

    app.post(
      base,
      {
        schema: {
          tags,
          security,
          description:
            'Registers an endpoint. Its URL is https (http only in development), and its host must resolve to ' +
            'public addresses only (400 `WEBHOOK_URL_PRIVATE`). The secret is answered this once.',
          body: NewEndpoint,
          response: {
            201: Type.Intersect([Endpoint, Type.Object({ secret: Secret })]),
            ...problems(400, ...refused),
          },
        },
      },
      async (req, reply) => reply.code(201).send(await createWebhookEndpoint(deps, req.body)),
    );

    app.get(
      base,
      {
        schema: {
          tags,
          security,
          response: { 200: Type.Object({ endpoints: Type.Array(Endpoint) }), ...problems(...refused) },
        },
      },
      async () => ({ endpoints: await listWebhookEndpointViews(deps) }),
    );

    app.get(
      `${base}/:id`,
      {
        schema: {
          tags,
          security,
          params: IdParams,
          response: { 200: Endpoint, ...problems(...refused, 404) },
        },
      },
      async (req) => getWebhookEndpoint(deps, req.params.id),
    );

    app.delete(
      `${base}/:id`,
      {
        schema: {
          tags,
          security,
          params: IdParams,
          response: { 204: NoContent, ...problems(...refused, 404) },
        },
      },
      async (req, reply) => {
        await removeWebhookEndpoint(deps, req.params.id);
        return reply.code(204).send(null);
      },
    );

    for (const action of ['enable', 'disable'] as const)
      app.post(
        `${base}/:id/${action}`,
        {
          schema: {
            tags,
            security,
            params: IdParams,
            response: { 200: Endpoint, ...problems(...refused, 404) },
          },
        },
        async (req) => setWebhookEndpointEnabled(deps, req.params.id, action === 'enable'),
      );

    app.post(
      `${base}/:id/rotate-secret`,
      {
        schema: {
          tags,
          security,
          description:
            'A new secret, shown once; the old one signs beside it until `previousSecretValidUntil`.',
          params: IdParams,
          response: {
            200: Rotated,
            ...problems(...refused, 404),
          },
        },
      },
      async (req) => rotateWebhookEndpointSecret(deps, req.params.id),
    );

    app.get(
      `${base}/:id/deliveries`,
      {
        schema: {
          tags,
          security,
          description: 'The attempt log, newest first (the last 100 attempts).',
          params: IdParams,
          response: { 200: Type.Object({ attempts: Type.Array(Attempt) }), ...problems(...refused, 404) },
        },
      },
      async (req) => ({ attempts: await webhookAttemptLog(deps, req.params.id) }),
    );

    app.post(
      `${base}/:id/deliveries/:attempt/retry`,
      {
        schema: {
          tags,
          security,
          description: "Sends the attempt's message again at once.",
          params: AttemptParams,
          response: {
            202: Requeued,
            ...problems(...refused, 404),
          },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await retryWebhookAttempt(deps, req.params.id, req.params.attempt)),
    );
  };
}
