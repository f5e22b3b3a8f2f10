import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Auth } from '../../app/accounts/accounts.ts';
import { deleteAccount, exportAccount } from '../../app/accounts/own-data.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { problems } from '../route-kit.ts';

import { client, setCookies, tags } from './kit.ts';

/** The account's own data: all of it as JSON, and deleting the account. */
export function ownDataRoutes(deps: Deps, auth: Auth): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/me/export',
      {
        schema: {
          tags,
          description:
            'Everything kept about the account, as JSON: the account, its subscriptions, devices, organizations and sessions.',
          response: {
            200: Type.Object(
              {
                exportedAt: Type.String({ format: 'date-time' }),
                account: Type.Ref('Account'),
                subscriptions: Type.Array(Type.Unknown()),
                devices: Type.Array(Type.Unknown()),
                organizations: Type.Array(
                  Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() }),
                ),
                sessions: Type.Array(Type.Unknown()),
              },
              { additionalProperties: true },
            ),
            ...problems(401),
          },
        },
      },
      async (req, reply) => {
        const data = await exportAccount(
          deps,
          auth,
          req.account!,
          req.accountSession!.id,
          client(req).headers,
        );
        void reply.header('content-disposition', 'attachment; filename="seatpost-account.json"');
        return data;
      },
    );

    app.post(
      '/v1/me/delete',
      {
        schema: {
          tags,
          description:
            'Deletes the account, proven with the password and, when two-step verification is on, a code: devices disconnected, seats freed, audit entries kept without personal data, every session ended.',
          body: Type.Object(
            {
              password: Type.String({ minLength: 1, maxLength: 200 }),
              code: Type.Optional(Type.String({ minLength: 6, maxLength: 40 })),
            },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...problems(400, 401, 403, 409, 429) },
        },
      },
      async (req, reply) => {
        await deleteAccount(deps, auth, req.account!, req.body, client(req));
        // The session cookie is gone with the session.
        setCookies(reply, ['seatpost.session_token=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax']);
        return reply.code(204).send(null);
      },
    );
  };
}
