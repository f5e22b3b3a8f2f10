import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../../app/shared/deps.ts';
import { checkEligibility, sendToDevices } from '../../app/sending/send-to-devices.ts';
import { portalScope } from '../../app/sending/send-scope.ts';
import {
  addSubscriptionByCode,
  listMySubscriptions,
  mySubscriptionDetail,
} from '../../app/sending/subscriptions.ts';
import { getMyDelivery, undoSend } from '../../app/sending/undo-send.ts';
import { IdParams, problems } from '../route-kit.ts';
import { SendBody } from '../schemas-sending.ts';

import { me, tags } from './kit.ts';

/** The account's subscriptions: add one by activation code, the pre-flight, send, follow and undo. */
export function subscriptionRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/me/subscriptions',
      {
        schema: {
          tags,
          response: {
            200: Type.Object({ subscriptions: Type.Array(Type.Ref('Subscription')) }),
            ...problems(401),
          },
        },
      },
      async (req) => ({ subscriptions: await listMySubscriptions(deps, me(req)) }),
    );

    app.post(
      '/v1/me/subscriptions',
      {
        schema: {
          tags,
          body: Type.Object(
            { activationCode: Type.String({ minLength: 4, maxLength: 64 }) },
            { additionalProperties: false },
          ),
          response: { 201: Type.Ref('Subscription'), ...problems(400, 401, 403, 404, 409, 429) },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await addSubscriptionByCode(deps, me(req), req.body.activationCode, req.ip)),
    );

    app.get(
      '/v1/me/subscriptions/:id',
      {
        schema: {
          tags,
          params: IdParams,
          response: { 200: Type.Ref('SubscriptionDetail'), ...problems(401, 404) },
        },
      },
      async (req) => mySubscriptionDetail(deps, me(req), req.params.id),
    );

    app.get(
      '/v1/me/subscriptions/:id/eligibility',
      {
        schema: { tags, params: IdParams, response: { 200: Type.Ref('Eligibility'), ...problems(401, 404) } },
      },
      async (req) => ({
        devices: await checkEligibility(deps, portalScope(req.account!), req.params.id),
      }),
    );

    app.post(
      '/v1/me/subscriptions/:id/deliveries',
      {
        schema: {
          tags,
          params: IdParams,
          headers: Type.Object({
            'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          }),
          body: SendBody,
          response: { 200: Type.Ref('SendResults'), ...problems(400, 401, 403, 404, 409, 422) },
        },
      },
      async (req) =>
        sendToDevices(
          deps,
          portalScope(req.account!),
          req.params.id,
          req.body.deviceIds,
          req.headers['idempotency-key'],
          null,
          { replaces: req.body.replaces, reserve: req.body.reserve },
        ),
    );

    app.get(
      '/v1/me/deliveries/:id',
      { schema: { tags, params: IdParams, response: { 200: Type.Ref('Delivery'), ...problems(401, 404) } } },
      async (req) => getMyDelivery(deps, me(req), req.params.id),
    );

    app.post(
      '/v1/me/deliveries/:id/undo',
      {
        schema: {
          tags,
          params: IdParams,
          response: { 200: Type.Ref('Delivery'), ...problems(401, 403, 404, 409) },
        },
      },
      async (req) => undoSend(deps, portalScope(req.account!), req.params.id),
    );
  };
}
