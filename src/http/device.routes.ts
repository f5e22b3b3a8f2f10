import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ackDelivery, completeDelivery, failDelivery, requireAction } from '../app/sending/apply-delivery.ts';
import type { Deps } from '../app/shared/deps.ts';
import { checkIn, connectDevice, deviceSubscriptions } from '../app/devices/device-session.ts';
import { APP_FAILURE_CODES, REASON_CODES } from '../domain/reasons.ts';
import { IdParams, problems } from './route-kit.ts';
import { AppName, Region, Version } from './schemas.ts';
import { requireDevice } from './security.ts';
import { Reconnected, ReconnectedField, KeyProofFields } from './seat-life.schemas.ts';

const Apps = Type.Array(Type.Object({ app: AppName, version: Version }, { additionalProperties: false }), {
  maxItems: 100,
});
const FailureReason = Type.Union([...REASON_CODES, ...APP_FAILURE_CODES].map((c) => Type.Literal(c)));

/** Connecting needs no token: the one-time code is the credential. */
export function deviceConnectRoute(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/device/connect',
      {
        schema: {
          tags: ['device'],
          body: Type.Object(
            {
              code: Type.String({ minLength: 4, maxLength: 64 }),
              name: Type.String({ minLength: 1, maxLength: 100 }),
              platform: Type.String({ minLength: 1, maxLength: 40 }),
              region: Type.Optional(Region),
              apps: Apps,
              ...KeyProofFields,
            },
            { additionalProperties: false },
          ),
          response: {
            200: Reconnected,
            201: Type.Object({
              ...ReconnectedField,
              deviceId: Type.String(),
              token: Type.String(),
              appliedSubscription: Type.Optional(
                Type.Ref('Activation', {
                  description: "a download link's code: its subscription, now the app's current one",
                }),
              ),
              notApplied: Type.Optional(
                Type.Object(
                  { subscriptionId: Type.String(), reasons: Type.Array(Type.Ref('ReasonCode')) },
                  {
                    description:
                      "a download link's code: the device is connected, but the rules did not allow its subscription",
                  },
                ),
              ),
            }),
            ...problems(400, 409, 429),
          },
        },
      },
      async (req, reply) => {
        const connected = await connectDevice(deps, req.body, req.ip);
        return reply.code(connected.reconnected ? 200 : 201).send(connected);
      },
    );
  };
}

/** The vendor's apps, authenticated by their device token. */
export function deviceRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireDevice(deps));
    const tags = ['device'];
    const security = [{ deviceToken: [] }];

    app.post(
      '/v1/device/check-in',
      {
        schema: {
          tags,
          security,
          body: Type.Optional(
            Type.Object(
              { apps: Type.Optional(Apps), region: Type.Optional(Region) },
              { additionalProperties: false },
            ),
          ),
          response: {
            200: Type.Object({ deliveries: Type.Array(Type.Ref('DeviceDelivery')) }),
            ...problems(400, 401),
          },
        },
      },
      async (req) => checkIn(deps, req.device!, req.body ?? {}),
    );

    app.post(
      '/v1/device/deliveries/:id/ack',
      {
        schema: {
          tags,
          security,
          params: IdParams,
          response: { 200: Type.Ref('Delivery'), ...problems(401, 404, 409) },
        },
      },
      async (req) => ackDelivery(deps, req.device!, req.params.id),
    );

    app.post(
      '/v1/device/deliveries/:id/action-required',
      {
        schema: {
          tags,
          security,
          params: IdParams,
          response: { 200: Type.Ref('Delivery'), ...problems(401, 404, 409) },
        },
      },
      async (req) => requireAction(deps, req.device!, req.params.id),
    );

    app.post(
      '/v1/device/deliveries/:id/complete',
      {
        schema: {
          tags,
          security,
          params: IdParams,
          response: {
            200: Type.Object({
              delivery: Type.Ref('Delivery'),
              activation: Type.Optional(Type.Ref('Activation')),
            }),
            ...problems(401, 404, 409),
          },
        },
      },
      async (req) => completeDelivery(deps, req.device!, req.params.id),
    );

    app.post(
      '/v1/device/deliveries/:id/fail',
      {
        schema: {
          tags,
          security,
          params: IdParams,
          body: Type.Object({ reason: FailureReason }, { additionalProperties: false }),
          response: { 200: Type.Ref('Delivery'), ...problems(400, 401, 404, 409) },
        },
      },
      async (req) => failDelivery(deps, req.device!, req.params.id, req.body.reason),
    );

    app.get(
      '/v1/device/subscriptions',
      {
        schema: {
          tags,
          security,
          response: {
            200: Type.Object({ subscriptions: Type.Array(Type.Ref('Activation')) }),
            ...problems(401),
          },
        },
      },
      async (req) => ({ subscriptions: await deviceSubscriptions(deps, req.device!) }),
    );
  };
}
