import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  createEnrollmentKey,
  organizationEnrollmentKeys,
  revokeOrganizationEnrollmentKey,
} from '../../app/organizations/enrollment-keys.ts';
import { ENROLLMENT_KEY_STATES } from '../../domain/enrollment.ts';
import { oneOf } from '../enums.ts';
import { problems } from '../route-kit.ts';
import { actor, Org, OrgAndId, tags } from './kit.ts';
import type { ConsoleContext } from './kit.ts';

const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const EnrollmentKeyFields = {
  id: Type.String(),
  name: Type.String(),
  group: Nullable(Type.String()),
  hint: Type.String({ description: "the key's last characters, to tell keys apart" }),
  state: oneOf(ENROLLMENT_KEY_STATES),
  uses: Type.Integer({ description: 'devices enrolled with the key' }),
  maxUses: Nullable(Type.Integer()),
  expiresAt: Nullable(Timestamp),
  createdBy: Nullable(Type.String({ description: "the maker's email" })),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
};

/** Enrolment keys: admins make reusable keys that devices enrol with (`POST /v1/device/enroll`). */
export function enrollmentKeyRoutes({ deps }: ConsoleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/console/organizations/:org/enrollment-keys',
      {
        schema: {
          tags,
          description:
            'Makes an enrolment key (admins). The key is in this answer only; it is stored hashed. Devices enrol with it as managed devices of the organization, in its group.',
          params: Org,
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 100 }),
              group: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
              expiresAt: Type.Optional(Nullable(Timestamp)),
              maxUses: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 10_000_000 }))),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              ...EnrollmentKeyFields,
              key: Type.String({ description: 'the key itself, shown this once' }),
            }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await createEnrollmentKey(deps, actor(req, req.params.org), req.ip, req.body)),
    );

    app.get(
      '/v1/console/organizations/:org/enrollment-keys',
      {
        schema: {
          tags,
          description: "The organization's enrolment keys, newest first, with their uses (admins).",
          params: Org,
          response: {
            200: Type.Object({ enrollmentKeys: Type.Array(Type.Object(EnrollmentKeyFields)) }),
            ...problems(401, 403, 404),
          },
        },
      },
      async (req) => ({ enrollmentKeys: await organizationEnrollmentKeys(deps, actor(req, req.params.org)) }),
    );

    app.delete(
      '/v1/console/organizations/:org/enrollment-keys/:id',
      {
        schema: {
          tags,
          description: 'Revokes the key: the devices it enrolled stay, no new one enrols with it (admins).',
          params: OrgAndId,
          response: { 204: Type.Null(), ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        await revokeOrganizationEnrollmentKey(deps, actor(req, req.params.org), req.ip, req.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
