import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { SUPPORT_CONTACT_KINDS } from '../domain/support-reference.ts';
import type { Deps } from '../app/shared/deps.ts';
import { lookUpSupportReference, supportContact } from '../app/support/support-references.ts';
import { oneOf, Platform, Renewal, SubscriptionKind, SubscriptionState } from './enums.ts';
import { problems } from './route-kit.ts';
import { requireOperator } from './security.ts';

const Time = Type.String({ format: 'date-time' });

/** Where customers reach customer service (SEATPOST_SUPPORT_CONTACT). */
export const SupportContact = Type.Object({
  kind: oneOf(SUPPORT_CONTACT_KINDS),
  value: Type.String({ description: 'the email address, or the https URL of a contact page' }),
});

export const SupportReferenceCode = Type.String({
  description: 'the short reference to quote, `SP-` and 8 Crockford base32 characters: `SP-7K3Q-9XF2`',
});

const ReferenceParams = Type.Object({
  ref: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'as the customer read it: case, hyphens and the `SP` prefix do not matter',
  }),
});

const SupportReferenceView = Type.Object({
  reference: SupportReferenceCode,
  createdAt: Time,
  expiresAt: Time,
  reasons: Type.Array(Type.String(), { description: 'the reason or error codes the customer met' }),
  account: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
  subscription: Type.Union([
    Type.Object({
      id: Type.String(),
      product: Type.Object({ id: Type.String(), name: Type.String() }),
      kind: SubscriptionKind,
      renewal: Renewal,
      state: SubscriptionState,
      expiresAt: Time,
      organizationId: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  device: Type.Union([
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      platform: Platform,
      lastSeenAt: Time,
      disconnectedAt: Type.Union([Time, Type.Null()]),
    }),
    Type.Null(),
  ]),
});

/** The support contact, for everyone: the portal's Help shows it before sign-in too. */
export function supportContactRoute(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/support/contact',
      {
        schema: {
          tags: ['customer'],
          description: 'Where customers reach customer service (SEATPOST_SUPPORT_CONTACT).',
          response: { 200: Type.Object({ contact: SupportContact }) },
        },
      },
      async () => supportContact(deps),
    );
  };
}

/** The vendor's support staff open a customer's short reference. */
export function supportOperatorRoutes(deps: Deps, operatorKey: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireOperator(operatorKey));
    app.get(
      '/v1/operator/support/references/:ref',
      {
        schema: {
          tags: ['operator'],
          security: [{ operatorKey: [] }],
          description:
            'What a customer’s short support reference stands for: the account, and the subscription, device and reasons it was made beside. Unknown and expired (after 30 days) references are 404.',
          params: ReferenceParams,
          response: { 200: SupportReferenceView, ...problems(401, 404) },
        },
      },
      async (req) => lookUpSupportReference(deps, req.params.ref),
    );
  };
}
