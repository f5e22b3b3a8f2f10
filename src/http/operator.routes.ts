import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../app/deps.ts';
import { changeSubscriptionState, createProduct, getProducts, issueSubscription } from '../app/operator.ts';
import { createOrganization } from '../app/organizations.ts';
import { IdParams, problems } from './route-kit.ts';
import { Product } from './schemas.ts';
import { requireOperator } from './security.ts';

const IssueBody = Type.Object(
  {
    product: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Union([Type.Literal('paid'), Type.Literal('trial'), Type.Literal('free')]),
    renewal: Type.Union([Type.Literal('limited'), Type.Literal('auto')]),
    unit: Type.Union([Type.Literal('device'), Type.Literal('user')]),
    seats: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    startsAt: Type.Optional(Type.String({ format: 'date-time' })),
    expiresAt: Type.String({ format: 'date-time' }),
    ownerEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    organization: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

const IssuedSubscription = Type.Intersect([
  Type.Ref('Subscription'),
  Type.Object({
    activationCode: Type.String(),
    ownerAccountId: Type.Union([Type.String(), Type.Null()]),
    organizationId: Type.Union([Type.String(), Type.Null()]),
  }),
]);

/** The vendor's back office: products, subscriptions from billing, block/suspend. */
export function operatorRoutes(deps: Deps, operatorKey: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireOperator(operatorKey));
    const security = [{ operatorKey: [] }];

    app.post(
      '/v1/operator/products',
      {
        schema: {
          tags: ['operator'],
          security,
          body: Product,
          response: { 201: Type.Ref('Product'), ...problems(400, 401, 409) },
        },
      },
      async (req, reply) => reply.code(201).send(await createProduct(deps, req.body)),
    );

    app.get(
      '/v1/operator/products',
      {
        schema: {
          tags: ['operator'],
          security,
          response: { 200: Type.Object({ products: Type.Array(Type.Ref('Product')) }), ...problems(401) },
        },
      },
      async () => ({ products: await getProducts(deps) }),
    );

    app.post(
      '/v1/operator/subscriptions',
      {
        schema: {
          tags: ['operator'],
          security,
          body: IssueBody,
          response: { 201: IssuedSubscription, ...problems(400, 401) },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const issued = await issueSubscription(deps, {
          ...b,
          startsAt: b.startsAt ? new Date(b.startsAt) : undefined,
          expiresAt: new Date(b.expiresAt),
        });
        return reply.code(201).send(issued);
      },
    );

    app.post(
      '/v1/operator/organizations',
      {
        schema: {
          tags: ['operator'],
          security,
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200 }),
              admins: Type.Array(Type.String({ format: 'email', maxLength: 254 }), {
                minItems: 1,
                maxItems: 20,
              }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Ref('Organization'), ...problems(400, 401) },
        },
      },
      async (req, reply) => reply.code(201).send(await createOrganization(deps, req.body)),
    );

    for (const action of ['block', 'suspend', 'reinstate'] as const) {
      app.post(
        `/v1/operator/subscriptions/:id/${action}`,
        {
          schema: {
            tags: ['operator'],
            security,
            params: IdParams,
            response: { 200: Type.Ref('Subscription'), ...problems(401, 404) },
          },
        },
        async (req) => changeSubscriptionState(deps, req.params.id, action),
      );
    }
  };
}
