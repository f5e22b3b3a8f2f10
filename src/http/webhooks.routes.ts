import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook-events.ts';
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
import { oneOf } from './enums.ts';
import { IdParams, NoContent, problems } from './route-kit.ts';
import { requireOperator } from './security.ts';

const EventType = oneOf(WEBHOOK_EVENT_TYPES);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });

export const Endpoint = Type.Object({
  id: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  events: Nullable(Type.Array(EventType)),
  enabled: Type.Boolean(),
  disabledAt: Nullable(Time),
  disabledReason: Nullable(
    Type.String({ description: '`operator`, or `failing` when it failed for three days' }),
  ),
  previousSecretValidUntil: Nullable(Time),
  lastSuccessAt: Nullable(Time),
  createdAt: Time,
});

export const Secret = Type.String({ description: '`whsec_` and base64: shown once' });

export const Attempt = Type.Object({
  id: Type.String(),
  messageId: Type.String({ description: 'the `webhook-id` header' }),
  type: EventType,
  attempt: Type.Integer({ minimum: 1 }),
  status: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
  responseStatus: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  latencyMs: Type.Integer({ minimum: 0 }),
  startedAt: Time,
  nextAttemptAt: Nullable(Time),
  messageState: Type.String({
    description: '`pending`, `succeeded` or `failed`: what became of the message',
  }),
});

export const Rotated = Type.Object({ id: Type.String(), secret: Secret, previousSecretValidUntil: Time });
export const Requeued = Type.Object({ messageId: Type.String(), state: Type.Literal('pending') });

/** A new endpoint: its URL, and the event types it wants (all of them when left out). */
export const NewEndpoint = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    events: Type.Optional(Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const AttemptParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100 }),
  attempt: Type.String({ minLength: 1, maxLength: 100 }),
});

/**
 * Webhooks by the Standard Webhooks spec (issue 18), for the operator key: endpoints, their
 * attempt log, manual retry and secret rotation. See app/webhooks/ and docs/webhooks.md.
 */
export function webhookRoutes(deps: Deps, operatorKey: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireOperator(operatorKey));
    const security = [{ operatorKey: [] }];
    const tags = ['operator'];
    const base = '/v1/operator/webhook-endpoints';

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
            ...problems(400, 401),
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
          response: { 200: Type.Object({ endpoints: Type.Array(Endpoint) }), ...problems(401) },
        },
      },
      async () => ({ endpoints: await listWebhookEndpointViews(deps) }),
    );

    app.get(
      `${base}/:id`,
      { schema: { tags, security, params: IdParams, response: { 200: Endpoint, ...problems(401, 404) } } },
      async (req) => getWebhookEndpoint(deps, req.params.id),
    );

    app.delete(
      `${base}/:id`,
      { schema: { tags, security, params: IdParams, response: { 204: NoContent, ...problems(401, 404) } } },
      async (req, reply) => {
        await removeWebhookEndpoint(deps, req.params.id);
        return reply.code(204).send(null);
      },
    );

    for (const action of ['enable', 'disable'] as const)
      app.post(
        `${base}/:id/${action}`,
        { schema: { tags, security, params: IdParams, response: { 200: Endpoint, ...problems(401, 404) } } },
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
            ...problems(401, 404),
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
          response: { 200: Type.Object({ attempts: Type.Array(Attempt) }), ...problems(401, 404) },
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
            ...problems(401, 404),
          },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await retryWebhookAttempt(deps, req.params.id, req.params.attempt)),
    );
  };
}
