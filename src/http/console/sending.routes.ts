import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  organizationSubscription,
  organizationSubscriptions,
  scopeFor,
} from '../../app/organizations/console.ts';
import { checkEligibility, sendToDevices } from '../../app/sending/send-to-devices.ts';
import { undoSend } from '../../app/sending/undo-send.ts';
import { undoWholeSend } from '../../app/sending/undo-whole-send.ts';
import { subscriptionDeliveries } from '../../app/organizations/fleet-pages.ts';
import { problems } from '../route-kit.ts';
import { SendBody } from '../schemas-sending.ts';
import { actor, Org, OrgAndId, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';
import { DeliveriesQuery, ListedDelivery, NextCursor, UndoneSend } from './paging.ts';

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
          body: SendBody,
          response: { 200: Type.Ref('SendResults'), ...problems(400, 401, 403, 404, 409, 422) },
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
          { replaces: req.body.replaces, reserve: req.body.reserve },
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

    app.get(
      '/v1/console/organizations/:org/subscriptions/:id/deliveries',
      {
        schema: {
          tags,
          params: OrgAndId,
          querystring: DeliveriesQuery,
          response: {
            200: Type.Object({ deliveries: Type.Array(ListedDelivery), nextCursor: NextCursor }),
            ...problems(400, 401, 404),
          },
        },
      },
      async (req) => subscriptionDeliveries(deps, actor(req, req.params.org), req.params.id, req.query),
    );

    app.post(
      '/v1/console/organizations/:org/sends/:id/undo',
      {
        schema: {
          tags,
          summary: 'Undo a whole send: every delivery it made that is not final yet is cancelled',
          params: OrgAndId,
          response: { 200: UndoneSend, ...problems(401, 403, 404) },
        },
      },
      async (req) =>
        undoWholeSend(deps, await scopeFor(deps, req.account!, req.params.org), req.params.id, req.ip),
    );
  };
}
