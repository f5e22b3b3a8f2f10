import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import type { Auth } from '../app/accounts.ts';
import { signIn, signOut, signUp } from '../app/accounts.ts';
import {
  createConnectCode,
  disconnectMyDevice,
  listMyDevices,
  renameMyDevice,
} from '../app/customer-devices.ts';
import type { Deps } from '../app/deps.ts';
import { AppError } from '../app/errors.ts';
import { myDownloads, myInstaller } from '../app/downloads.ts';
import { myMailbox } from '../app/mail.ts';
import { countAndLimit, recordFailure, refuseWhileLimited } from '../app/rate-limit.ts';
import { sendDownloadLink } from '../app/send-download-link.ts';
import { checkEligibility, sendToDevices } from '../app/send-to-devices.ts';
import { portalScope } from '../app/send-scope.ts';
import { addSubscriptionByCode, listMySubscriptions, mySubscriptionDetail } from '../app/subscriptions.ts';
import { getMyDelivery, undoSend } from '../app/undo-send.ts';
import { sendInstaller } from './download-page.routes.ts';
import { IdParams, problems } from './route-kit.ts';
import { Region } from './schemas.ts';
import { authHeaders, requireAccount, requireSameOrigin } from './security.ts';

const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });
const Language = Type.Union([Type.Literal('en'), Type.Literal('da')]);
const Password = Type.String({ minLength: 10, maxLength: 200 });
const DeviceName = Type.String({ minLength: 1, maxLength: 100 });

function setCookies(reply: FastifyReply, cookies: string[]): void {
  if (cookies.length > 0) void reply.header('set-cookie', cookies);
}

/** Sign-up and sign-in: the account's front door, guarded against guessing per client address. */
export function authRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireSameOrigin(deps.settings.publicUrl));

    app.post(
      '/v1/auth/sign-up',
      {
        schema: {
          tags: ['customer'],
          body: Type.Object(
            {
              email: Email,
              password: Password,
              name: Type.String({ minLength: 1, maxLength: 100 }),
              country: Region,
              language: Language,
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Ref('Account'), ...problems(400, 403, 409, 429) },
        },
      },
      async (req, reply) => {
        await countAndLimit(deps, `sign-up:${req.ip}`, 30, 3_600_000);
        const { account, cookies } = await signUp(
          auth,
          { ...req.body, country: req.body.country.toUpperCase() },
          authHeaders(req),
        );
        setCookies(reply, cookies);
        return reply.code(201).send(account);
      },
    );

    app.post(
      '/v1/auth/sign-in',
      {
        schema: {
          tags: ['customer'],
          body: Type.Object(
            { email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('Account'), ...problems(400, 401, 403, 429) },
        },
      },
      async (req, reply) => {
        const key = `sign-in:${req.ip}`;
        const { guessFailuresPerWindow: limit, guessFailureWindowMs: windowMs } = deps.settings;
        await refuseWhileLimited(deps, key, limit, windowMs);
        try {
          const { account, cookies } = await signIn(auth, req.body, authHeaders(req));
          setCookies(reply, cookies);
          return account;
        } catch (e) {
          if (e instanceof AppError && e.code === 'INVALID_CREDENTIALS')
            await recordFailure(deps, key, windowMs);
          throw e;
        }
      },
    );

    app.post(
      '/v1/auth/sign-out',
      { schema: { tags: ['customer'], response: { 204: Type.Null(), ...problems(403) } } },
      async (req, reply) => {
        setCookies(reply, await signOut(auth, authHeaders(req)));
        return reply.code(204).send(null);
      },
    );
  };
}

/** The customer's own API: everything here is scoped to the signed-in account. */
export function customerRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireSameOrigin(deps.settings.publicUrl));
    app.addHook('onRequest', requireAccount(auth));
    const tags = ['customer'];
    const me = (req: { account?: { id: string } }) => req.account!.id;

    app.get(
      '/v1/me',
      { schema: { tags, response: { 200: Type.Ref('Account'), ...problems(401) } } },
      async (req) => req.account!,
    );

    app.patch(
      '/v1/me',
      {
        schema: {
          tags,
          body: Type.Object(
            {
              language: Type.Optional(Language),
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('Account'), ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const patch = req.body;
        if (Object.keys(patch).length > 0)
          await deps.db
            .updateTable('user')
            .set({ ...patch, updatedAt: deps.clock.now() })
            .where('id', '=', me(req))
            .execute();
        return { ...req.account!, ...patch };
      },
    );

    app.get(
      '/v1/me/mailbox',
      {
        schema: {
          tags,
          description: 'The mail sent to your address, when no SMTP server is configured (the demo).',
          response: {
            200: Type.Object({
              messages: Type.Array(
                Type.Object({
                  id: Type.String(),
                  subject: Type.String(),
                  text: Type.String(),
                  html: Type.String(),
                  createdAt: Type.String({ format: 'date-time' }),
                }),
              ),
            }),
            ...problems(401, 404),
          },
        },
      },
      async (req) => {
        return { messages: await myMailbox(deps, req.account!) };
      },
    );

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
        reply.code(201).send(await addSubscriptionByCode(deps, me(req), req.body.activationCode)),
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
          body: Type.Object(
            {
              deviceIds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
                minItems: 1,
                maxItems: 1000,
              }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('SendResults'), ...problems(400, 401, 403, 404, 422) },
        },
      },
      async (req) =>
        sendToDevices(
          deps,
          portalScope(req.account!),
          req.params.id,
          req.body.deviceIds,
          req.headers['idempotency-key'],
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

    app.get(
      '/v1/me/devices',
      {
        schema: {
          tags,
          response: { 200: Type.Object({ devices: Type.Array(Type.Ref('Device')) }), ...problems(401) },
        },
      },
      async (req) => ({ devices: await listMyDevices(deps, me(req)) }),
    );

    app.patch(
      '/v1/me/devices/:id',
      {
        schema: {
          tags,
          params: IdParams,
          body: Type.Object({ name: DeviceName }, { additionalProperties: false }),
          response: { 200: Type.Ref('Device'), ...problems(400, 401, 403, 404) },
        },
      },
      async (req) => renameMyDevice(deps, me(req), req.params.id, req.body.name),
    );

    app.delete(
      '/v1/me/devices/:id',
      { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...problems(401, 403, 404) } } },
      async (req, reply) => {
        await disconnectMyDevice(deps, me(req), req.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/v1/me/connect-codes',
      {
        schema: {
          tags,
          response: {
            201: Type.Object({ code: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
            ...problems(401, 403, 429),
          },
        },
      },
      async (req, reply) => reply.code(201).send(await createConnectCode(deps, me(req))),
    );

    app.get(
      '/v1/me/subscriptions/:id/downloads',
      {
        schema: {
          tags,
          description:
            '"Other downloads": the installers offered for the subscription’s product, newest supported release per platform, the caller’s platform first.',
          params: IdParams,
          response: {
            200: Type.Object({ installers: Type.Array(Type.Ref('Installer')) }),
            ...problems(401, 404),
          },
        },
      },
      async (req) => myDownloads(deps, me(req), req.params.id, req.headers['user-agent']),
    );

    app.get(
      '/v1/me/subscriptions/:id/downloads/:installerId',
      {
        schema: {
          tags,
          description:
            'Downloads an installer on this device (no one-time code: connect the app from Devices).',
          params: Type.Object({
            id: IdParams.properties.id,
            installerId: Type.String({ minLength: 1, maxLength: 100 }),
          }),
          response: {
            200: {
              description: 'the installer, as an attachment',
              content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } },
            },
            302: Type.Null({ description: "to the vendor's own URL for this installer" }),
            ...problems(401, 404),
          },
        },
      },
      async (req, reply) =>
        sendInstaller(reply, await myInstaller(deps, me(req), req.params.id, req.params.installerId)),
    );

    app.post(
      '/v1/me/subscriptions/:id/download-links',
      {
        schema: {
          tags,
          description:
            '"Send link": emails a download link for a new device, in the account’s language. Refused (409 SEND_REFUSED) with the link’s reason codes; limited per account and per recipient (429).',
          params: IdParams,
          body: Type.Object({ email: Email }, { additionalProperties: false }),
          response: {
            202: Type.Object({ email: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
            ...problems(400, 401, 403, 404, 409, 429),
          },
        },
      },
      async (req, reply) =>
        reply.code(202).send(await sendDownloadLink(deps, req.account!, req.params.id, req.body.email)),
    );
  };
}
