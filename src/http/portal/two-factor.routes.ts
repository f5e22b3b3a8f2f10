import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Auth } from '../../app/accounts/accounts.ts';
import { verifySecondFactor } from '../../app/accounts/two-factor.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { problems } from '../route-kit.ts';

import { client, setCookies } from './kit.ts';

/** The second step of a sign-in with two factors on (the first set a short-lived, signed cookie). */
export function twoFactorSignInRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/auth/two-factor/verify',
      {
        schema: {
          tags: ['customer'],
          description: 'A code from the authenticator app, or a recovery code; sets the session cookie.',
          body: Type.Object(
            { code: Type.String({ minLength: 6, maxLength: 40 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Ref('Account'), ...problems(400, 401, 403, 429) },
        },
      },
      async (req, reply) => {
        const { account, cookies } = await verifySecondFactor(deps, auth, req.body.code, client(req));
        setCookies(reply, cookies);
        return account;
      },
    );
  };
}
