import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Auth } from '../../app/accounts/accounts.ts';
import { verifyEmail } from '../../app/accounts/email-verification.ts';
import {
  checkPasswordReset,
  confirmPasswordReset,
  requestPasswordReset,
} from '../../app/accounts/password-reset.ts';
import { passwordStrength } from '../../app/accounts/password-strength.ts';
import { COUNTRIES } from '../../domain/countries.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { countAndLimit } from '../../app/shared/rate-limit.ts';
import { problems } from '../route-kit.ts';

import { client, Email, Password } from './kit.ts';

const Token = Type.String({ minLength: 1, maxLength: 2000 });
const tags = ['customer'];
const STRENGTH_CHECKS_PER_CLIENT_PER_HOUR = 2_000;

/** What a visitor without a session can do: prove an address, reset a password, and what the forms need. */
export function recoveryRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/auth/verify-email',
      {
        schema: {
          tags,
          description: 'The verification email links to a portal page that calls this with its token.',
          body: Type.Object({ token: Token }, { additionalProperties: false }),
          response: {
            200: Type.Object({ emailVerified: Type.Literal(true) }),
            ...problems(400, 403, 410, 429),
          },
        },
      },
      async (req) => {
        await verifyEmail(deps, auth, req.body.token, client(req));
        return { emailVerified: true as const };
      },
    );

    app.post(
      '/v1/auth/password-reset',
      {
        schema: {
          tags,
          description:
            'Answers 202 whatever the address: only an account holder is emailed a link (one hour, one use).',
          body: Type.Object({ email: Email }, { additionalProperties: false }),
          response: { 202: Type.Object({ accepted: Type.Literal(true) }), ...problems(400, 403, 429) },
        },
      },
      async (req, reply) => {
        await requestPasswordReset(deps, auth, req.body.email, client(req));
        return reply.code(202).send({ accepted: true as const });
      },
    );

    app.post(
      '/v1/auth/password-reset/check',
      {
        schema: {
          tags,
          description:
            'Whether a reset link still works, without using it (its page says at once if it is used, expired or not ours).',
          body: Type.Object({ token: Token }, { additionalProperties: false }),
          response: {
            200: Type.Object({ expiresAt: Type.String({ format: 'date-time' }) }),
            ...problems(400, 410, 429),
          },
        },
      },
      async (req) => {
        const held = await checkPasswordReset(deps, req.body.token, client(req));
        return { expiresAt: held.expiresAt.toISOString() };
      },
    );

    app.post(
      '/v1/auth/password-reset/confirm',
      {
        schema: {
          tags,
          description: 'Sets the new password; every session of the account ends.',
          body: Type.Object({ token: Token, password: Password }, { additionalProperties: false }),
          response: {
            200: Type.Object({ passwordReset: Type.Literal(true) }),
            ...problems(400, 403, 410, 429),
          },
        },
      },
      async (req) => {
        await confirmPasswordReset(deps, auth, req.body, client(req));
        return { passwordReset: true as const };
      },
    );

    app.post(
      '/v1/auth/password-strength',
      {
        schema: {
          tags,
          description:
            "How guessable a new password is (zxcvbn): the forms' strength meter. Nothing is stored.",
          body: Type.Object(
            {
              password: Type.String({ maxLength: 200 }),
              email: Type.Optional(Type.String({ maxLength: 254 })),
              name: Type.Optional(Type.String({ maxLength: 100 })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              score: Type.Integer({ minimum: 0, maximum: 4 }),
              acceptable: Type.Boolean(),
              warning: Type.Union([Type.String(), Type.Null()]),
              suggestions: Type.Array(Type.String()),
            }),
            ...problems(400, 403, 429),
          },
        },
      },
      async (req) => {
        await countAndLimit(
          deps,
          `password-strength:client:${req.ip}`,
          STRENGTH_CHECKS_PER_CLIENT_PER_HOUR,
          3_600_000,
        );
        return passwordStrength(req.body.password, req.body);
      },
    );

    app.get(
      '/v1/auth/countries',
      {
        schema: {
          tags,
          description:
            "The current ISO 3166-1 alpha-2 codes sign-up accepts; the portal names them in the reader's language.",
          response: { 200: Type.Object({ countries: Type.Array(Type.String()) }) },
        },
      },
      async (_req, reply) => {
        void reply.header('cache-control', 'public, max-age=86400');
        return { countries: [...COUNTRIES] };
      },
    );
  };
}
