import Type from 'typebox';
import { WEBHOOK_EVENT_TYPES } from '../domain/webhook-events.ts';
import { oneOf } from './enums.ts';

/** The wire shapes of webhook endpoints and their attempts (Standard Webhooks; issue 18). */

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
