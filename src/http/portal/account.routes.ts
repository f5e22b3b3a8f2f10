import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { updateProfile } from '../../app/accounts/profile.ts';
import type { Deps } from '../../app/shared/deps.ts';
import { myMailbox } from '../../app/shared/mail.ts';
import { problems } from '../route-kit.ts';
import { Language } from '../enums.ts';

import { me, tags } from './kit.ts';

/** The account itself: who is signed in, their name and language, and the local mailbox. */
export function accountRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
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
        await updateProfile(deps, me(req), req.body);
        return { ...req.account!, ...req.body };
      },
    );

    app.get(
      '/v1/me/mailbox',
      {
        schema: {
          tags,
          description:
            'The mail sent to your address, and the download links you sent to any address, when no SMTP server is configured (the demo).',
          response: {
            200: Type.Object({
              messages: Type.Array(
                Type.Object({
                  id: Type.String(),
                  to: Type.String({ description: 'the address it was sent to' }),
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
  };
}
