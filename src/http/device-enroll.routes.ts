import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { enrollDevice } from '../app/devices/enroll-device.ts';
import type { Deps } from '../app/shared/deps.ts';
import { problems } from './route-kit.ts';
import { AppName, Region, Version } from './schemas.ts';
import { KeyProofFields } from './seat-life.schemas.ts';

const Apps = Type.Array(Type.Object({ app: AppName, version: Version }, { additionalProperties: false }), {
  maxItems: 100,
});

/** Enrolling needs no token: the organization's enrolment key is the credential. */
export function deviceEnrollRoute(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/v1/device/enroll',
      {
        schema: {
          tags: ['device'],
          description:
            "Enrols the device with an organization's enrolment key, as a managed device of that organization (in the key's group). 400 ENROLLMENT_KEY_INVALID for a key that is unknown, revoked, expired or used up, alike. Unknown keys are limited per client address (429). With `publicKey` and `proof`, the device's key is kept (a bad proof: 400 DEVICE_PROOF_INVALID; a key already enrolled in the organization: 409 DEVICE_KEY_IN_USE).",
          body: Type.Object(
            {
              enrollmentKey: Type.String({ minLength: 8, maxLength: 200 }),
              name: Type.String({ minLength: 1, maxLength: 100 }),
              platform: Type.String({ minLength: 1, maxLength: 40 }),
              region: Type.Optional(Region),
              apps: Apps,
              publicKey: KeyProofFields.publicKey,
              proof: Type.Optional(
                Type.String({
                  minLength: 1,
                  maxLength: 200,
                  description:
                    'base64url of the Ed25519 signature of the UTF-8 text `seatpost-connect:<enrollmentKey>` (the connect rule, with the key in the code’s place)',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({ deviceId: Type.String(), token: Type.String() }),
            ...problems(400, 409, 429),
          },
        },
      },
      async (req, reply) => reply.code(201).send(await enrollDevice(deps, req.body, req.ip)),
    );
  };
}
