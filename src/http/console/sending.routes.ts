import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  organizationSubscription,
  organizationSubscriptions,
  scopeFor,
} from '../../app/organizations/console.ts';
import { checkEligibility, sendToDevices } from '../../app/sending/send-to-devices.ts';
import { undoSend } from '../../app/sending/undo-send.ts';
import { problems } from '../route-kit.ts';
import { actor, Id, Org, OrgAndId, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';

/** The organization's subscriptions, each managed device's eligibility, bulk send and undo (admins only). */
export function consoleSendingRoutes({ deps }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/console/organizations/:org/subscriptions',
      {
        schema: {
          tags,
          params: Org,
          response: {
            200: Type.Object({ subscriptions: Type.Array(Type.Ref('Subscription')) }),
            ...problems(401, 404),
          },
        },
      },
      async (req) => ({ subscriptions: await organizationSubscriptions(deps, actor(req, req.params.org)) }),
    );

    app.get(
      '/v1/console/organizations/:org/subscriptions/:id',
      {
        schema: {
          tags,
          params: OrgAndId,
          response: { 200: Type.Ref('SubscriptionDetail'), ...problems(401, 404) },
        },
      },
      async (req) => organizationSubscription(deps, actor(req, req.params.org), req.params.id),
    );

    app.get(
      '/v1/console/organizations/:org/subscriptions/:id/eligibility',
      {
        schema: { tags, params: OrgAndId, response: { 200: Type.Ref('Eligibility'), ...problems(401, 404) } },
      },
      async (req) => ({
        devices: await checkEligibility(
          deps,
          await scopeFor(deps, req.account!, req.params.org),
          req.params.id,
        ),
      }),
    );

    app.post(
      '/v1/console/organizations/:org/subscriptions/:id/deliveries',
      {
        schema: {
          tags,
          params: OrgAndId,
          headers: Type.Object({
            'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          }),
          body: Type.Object(
            { deviceIds: Type.Array(Id, { minItems: 1, maxItems: 1000 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('SendResults'), ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req) =>
        sendToDevices(
          deps,
          await scopeFor(deps, req.account!, req.params.org),
          req.params.id,
          req.body.deviceIds,
          req.headers['idempotency-key'],
          req.ip,
        ),
    );

    app.post(
      '/v1/console/organizations/:org/deliveries/:id/undo',
      {
        schema: {
          tags,
          params: OrgAndId,
          response: { 200: Type.Ref('Delivery'), ...problems(401, 403, 404, 409) },
        },
      },
      async (req) =>
        undoSend(deps, await scopeFor(deps, req.account!, req.params.org), req.params.id, req.ip),
    );
  };
}
