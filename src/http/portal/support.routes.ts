import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { SUPPORT_REASON_PATTERN, SUPPORT_REFERENCE_MAX_REASONS } from '../../domain/support-reference.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { createSupportReference } from '../../app/support/support-references.ts';
import { problems } from '../route-kit.ts';
import { SupportContact, SupportReferenceCode } from '../support.routes.ts';
import { me, tags } from './kit.ts';

const Id = Type.String({ minLength: 1, maxLength: 100 });

const SupportReferenceBody = Type.Object(
  {
    subscriptionId: Type.Optional(Id),
    deviceId: Type.Optional(Id),
    reasons: Type.Optional(
      Type.Array(Type.String({ pattern: SUPPORT_REASON_PATTERN }), {
        maxItems: SUPPORT_REFERENCE_MAX_REASONS,
      }),
    ),
  },
  { additionalProperties: false },
);

/** "Contact customer service": a short reference for the account and what it met. */
export function supportRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/me/support-references',
      {
        schema: {
          tags,
          description:
            'A short reference (kept 30 days) standing for the account and, when given, one of its subscriptions and devices and the reasons it met; another account’s subscription or device is 404.',
          body: SupportReferenceBody,
          response: {
            201: Type.Object({
              reference: SupportReferenceCode,
              expiresAt: Type.String({ format: 'date-time' }),
              contact: SupportContact,
            }),
            ...problems(400, 401, 403, 404, 429),
          },
        },
      },
      async (req, reply) => {
        const made = await createSupportReference(deps, me(req), req.body ?? {});
        return reply.code(201).send(made);
      },
    );
  };
}
