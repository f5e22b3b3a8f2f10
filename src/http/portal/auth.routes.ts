import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Auth } from '../../app/accounts/accounts.ts';
import { signIn, signOut, signUp } from '../../app/accounts/sign-in.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { problems } from '../route-kit.ts';
import { Language } from '../enums.ts';
import { Region } from '../schemas.ts';
import { authHeaders, requireSameOrigin } from '../security.ts';

import { client, Email, Password, setCookies } from './kit.ts';

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
        const { account, cookies } = await signUp(
          deps,
          auth,
          { ...req.body, country: req.body.country.toUpperCase() },
          client(req),
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
        const { account, cookies } = await signIn(deps, auth, req.body, client(req));
        setCookies(reply, cookies);
        return account;
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
