import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { deviceLicence } from '../app/licences/licence.ts';
import { licenceJwks, rotateLicenceKey } from '../app/licences/licence-keys.ts';
import type { Deps } from '../app/shared/deps.ts';
import { problems } from './route-kit.ts';
import { requireDevice, requireOperator } from './security.ts';

const Jwk = Type.Object({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.Literal('EdDSA'),
  use: Type.Literal('sig'),
});

/**
 * Offline licences: the device's signed licence, the public keys that verify it (no sign-in: a
 * device offline since its last check-in verifies with the keys it cached) and the operator's
 * key rotation.
 */
export function licenceRoutes(deps: Deps, operatorKey: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/device/licence',
      {
        onRequest: requireDevice(deps),
        schema: {
          tags: ['device'],
          security: [{ deviceToken: [] }],
          description:
            'A compact JWS (EdDSA, Ed25519; its `kid` is in /.well-known/jwks.json) with claims `sub` (the device), `iss`, `iat`, `exp` and `subscriptions: [{ id, product, expiresAt, renewal }]`. The app may work offline until `exp`.',
          response: {
            200: {
              description: 'the licence',
              content: { 'application/jose': { schema: Type.String() } },
            },
            ...problems(401),
          },
        },
      },
      async (req, reply) =>
        reply
          .type('application/jose')
          .header('cache-control', 'no-store')
          .send(await deviceLicence(deps, req.device!)),
    );

    app.get(
      '/.well-known/jwks.json',
      {
        schema: {
          tags: ['device'],
          description:
            'The keys that sign licences: the current one, and older ones while licences they signed may still be valid.',
          response: { 200: Type.Object({ keys: Type.Array(Jwk) }) },
        },
      },
      async (_req, reply) => {
        void reply.header('cache-control', 'public, max-age=300');
        return licenceJwks(deps);
      },
    );

    app.post(
      '/v1/operator/licence-keys/rotate',
      {
        onRequest: requireOperator(operatorKey),
        schema: {
          tags: ['operator'],
          security: [{ operatorKey: [] }],
          description:
            'A new key signs licences from now on; the old one stays published until what it signed has expired.',
          response: {
            201: Type.Object({ kid: Type.String(), createdAt: Type.String({ format: 'date-time' }) }),
            ...problems(401),
          },
        },
      },
      async (_req, reply) => reply.code(201).send(await rotateLicenceKey(deps)),
    );
  };
}
