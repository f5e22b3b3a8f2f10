import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Auth } from '../../app/accounts/accounts.ts';
import { changeEmail, resendVerification } from '../../app/accounts/email-verification.ts';
import { changePassword, endOtherSessions, endSession, listSessions } from '../../app/accounts/sessions.ts';
import { confirmTwoFactor, disableTwoFactor, startTwoFactor } from '../../app/accounts/two-factor.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { IdParams, NoContent, problems } from '../route-kit.ts';
import { ownDataRoutes } from './own-data.routes.ts';

import { client, Email, Password, setCookies, tags } from './kit.ts';

const Code = Type.String({ minLength: 6, maxLength: 40 });
const Secret = Type.String({ minLength: 1, maxLength: 200 });

/** The account's own security: its address, password, second factor and sessions. */
export function securityRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/me/verification-email',
      {
        schema: {
          tags,
          description:
            'Sends the verification email again (rate-limited); nothing when the address is verified.',
          response: { 202: Type.Object({ accepted: Type.Literal(true) }), ...problems(401, 403, 429) },
        },
      },
      async (req, reply) => {
        await resendVerification(deps, auth, req.account!, client(req));
        return reply.code(202).send({ accepted: true as const });
      },
    );

    app.post(
      '/v1/me/email',
      {
        schema: {
          tags,
          description:
            'Asks to change the address: a link goes to the new one, and the address changes when it is opened. 202 whether or not the address is taken.',
          body: Type.Object({ email: Email }, { additionalProperties: false }),
          response: { 202: Type.Object({ accepted: Type.Literal(true) }), ...problems(400, 401, 403, 429) },
        },
      },
      async (req, reply) => {
        await changeEmail(deps, auth, req.account!, req.body.email, client(req));
        return reply.code(202).send({ accepted: true as const });
      },
    );

    app.post(
      '/v1/me/password',
      {
        schema: {
          tags,
          description: 'Changes the password, proven with the current one; every other session ends.',
          body: Type.Object(
            { currentPassword: Secret, newPassword: Password },
            { additionalProperties: false },
          ),
          response: { 204: NoContent, ...problems(400, 401, 403, 429) },
        },
      },
      async (req, reply) => {
        setCookies(reply, await changePassword(deps, auth, req.account!, req.body, client(req)));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/v1/me/two-factor',
      {
        schema: {
          tags,
          description:
            'Starts turning two factors on: the authenticator secret (otpauth URI and QR code as SVG) and recovery codes. On once a first code is confirmed.',
          body: Type.Object({ password: Secret }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              otpauthUri: Type.String(),
              qrCodeSvg: Type.String(),
              recoveryCodes: Type.Array(Type.String()),
            }),
            ...problems(400, 401, 403, 429),
          },
        },
      },
      async (req, reply) => {
        const { cookies, ...started } = await startTwoFactor(
          deps,
          auth,
          req.account!,
          req.body.password,
          client(req),
        );
        setCookies(reply, cookies);
        return started;
      },
    );

    app.post(
      '/v1/me/two-factor/confirm',
      {
        schema: {
          tags,
          body: Type.Object({ code: Code }, { additionalProperties: false }),
          response: {
            200: Type.Object({ twoFactorEnabled: Type.Literal(true) }),
            ...problems(400, 401, 403, 429),
          },
        },
      },
      async (req, reply) => {
        setCookies(reply, await confirmTwoFactor(deps, auth, req.account!, req.body.code, client(req)));
        return { twoFactorEnabled: true as const };
      },
    );

    app.post(
      '/v1/me/two-factor/disable',
      {
        schema: {
          tags,
          description: 'Turns two factors off: the password and a current code (or a recovery code).',
          body: Type.Object({ password: Secret, code: Code }, { additionalProperties: false }),
          response: {
            200: Type.Object({ twoFactorEnabled: Type.Literal(false) }),
            ...problems(400, 401, 403, 429),
          },
        },
      },
      async (req, reply) => {
        setCookies(reply, await disableTwoFactor(deps, auth, req.account!, req.body, client(req)));
        return { twoFactorEnabled: false as const };
      },
    );

    app.get(
      '/v1/me/sessions',
      {
        schema: {
          tags,
          response: {
            200: Type.Object({
              sessions: Type.Array(
                Type.Object({
                  id: Type.String(),
                  browser: Type.Union([Type.String(), Type.Null()]),
                  system: Type.Union([Type.String(), Type.Null()]),
                  clientAddress: Type.Union([Type.String(), Type.Null()]),
                  createdAt: Type.String({ format: 'date-time' }),
                  lastActiveAt: Type.String({ format: 'date-time' }),
                  current: Type.Boolean(),
                }),
              ),
            }),
            ...problems(401),
          },
        },
      },
      async (req) => ({ sessions: await listSessions(auth, req.accountSession!.id, client(req).headers) }),
    );

    app.delete(
      '/v1/me/sessions/:id',
      { schema: { tags, params: IdParams, response: { 204: NoContent, ...problems(401, 403, 404) } } },
      async (req, reply) => {
        await endSession(auth, req.params.id, client(req).headers);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/v1/me/sessions/revoke-others',
      { schema: { tags, response: { 204: NoContent, ...problems(401, 403) } } },
      async (req, reply) => {
        await endOtherSessions(auth, client(req).headers);
        return reply.code(204).send(null);
      },
    );

    await app.register(ownDataRoutes(deps, auth));
  };
}
