import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../app/shared/deps.ts';
import { changeSubscriptionState, issueSubscription } from '../app/operator/operator.ts';
import { createOrganization } from '../app/organizations/organizations.ts';
import { dryRunStateChange } from '../app/operator/dry-run.ts';
import { DryRunQuery, DryRunAnswer } from './dry-run.schemas.ts';
import { catalogRoutes } from './catalog.routes.ts';
import { IdParams, problems } from './route-kit.ts';
import { Renewal, SeatUnit, SubscriptionKind } from './enums.ts';
import { Email } from './schemas.ts';
import { requireOperator } from './security.ts';

const IssueBody = Type.Object(
  {
    product: Type.String({ minLength: 1, maxLength: 100 }),
    kind: SubscriptionKind,
    renewal: Renewal,
    unit: SeatUnit,
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
              admins: Type.Array(Email, {
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
            querystring: DryRunQuery,
            response: { 200: Type.Union([Type.Ref('Subscription'), DryRunAnswer]), ...problems(401, 404) },
          },
        },
        async (req) =>
          req.query.dryRun === 'true'
            ? dryRunStateChange(deps, req.params.id, action)
            : changeSubscriptionState(deps, req.params.id, action),
      );
    }
    await app.register(
      catalogRoutes(deps, { base: '/v1/operator', tags: ['operator'], security, refused: [401] }),
    );
  };
}
