import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Auth } from '../../app/accounts/accounts.ts';
import { signIn, signOut } from '../../app/accounts/sign-in.ts';
import { signUp } from '../../app/accounts/sign-up.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { problems } from '../route-kit.ts';
import { Language } from '../enums.ts';
import { Region } from '../schemas.ts';
import { authHeaders, requireSameOrigin } from '../security.ts';
import { recoveryRoutes } from './recovery.routes.ts';
import { twoFactorSignInRoutes } from './two-factor.routes.ts';

import { client, Email, Password, setCookies } from './kit.ts';

const Accepted = Type.Object({ accepted: Type.Literal(true) });

/**
 * Sign-up and sign-in: the account's front door, guarded against guessing per client address
 * and per account, and answering alike whether an address has an account or not.
 */
export function authRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireSameOrigin(deps.settings.publicUrl));

    app.post(
      '/v1/auth/sign-up',
      {
        schema: {
          tags: ['customer'],
          description:
            'Answers 202 without a session, the same for an address that already has an account (its owner is emailed instead); a new address gets a verification email.',
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
          response: { 202: Accepted, ...problems(400, 403, 429) },
        },
      },
      async (req, reply) => {
        await signUp(deps, auth, req.body, client(req));
        return reply.code(202).send({ accepted: true });
      },
    );

    app.post(
      '/v1/auth/sign-in',
      {
        schema: {
          tags: ['customer'],
          description:
            "Sets the session cookie. With two factors on, answers `{ twoFactorRequired: true }` and no session until `POST /v1/auth/two-factor/verify`. A `language` chosen on the sign-in page becomes the account's.",
          body: Type.Object(
            {
              email: Email,
              password: Type.String({ minLength: 1, maxLength: 200 }),
              language: Type.Optional(Language),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Union([Type.Ref('Account'), Type.Object({ twoFactorRequired: Type.Literal(true) })]),
            ...problems(400, 401, 403, 429),
          },
        },
      },
      async (req, reply) => {
        const result = await signIn(deps, auth, req.body, client(req));
        setCookies(reply, result.cookies);
        return 'account' in result ? result.account : { twoFactorRequired: true as const };
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

    await app.register(recoveryRoutes(deps, auth));
    await app.register(twoFactorSignInRoutes(deps, auth));
  };
}
