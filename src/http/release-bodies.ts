import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Static } from 'typebox';
import { registerExternalRelease, registerUploadedRelease } from '../app/operator/releases.ts';
import type { Deps } from '../app/shared/deps.ts';
import { AppError } from '../app/shared/errors.ts';
import { Platform } from './enums.ts';

/**
 * A new release of a product's app, as the routes that register one accept it: an upload
 * (application/octet-stream, the release named in the query) or the vendor's own URL and SHA-256
 * (application/json). One place, so that every audience that may register a release (the staff
 * console's admins) takes the same bodies and the same rules.
 */
const ReleaseVersion = Type.String({ minLength: 1, maxLength: 50 });
const FileName = Type.String({ minLength: 1, maxLength: 200 });
const Sha256 = Type.String({ pattern: '^[A-Fa-f0-9]{64}$', description: 'hex SHA-256' });

export const ExternalRelease = Type.Object(
  {
    platform: Platform,
    version: ReleaseVersion,
    fileName: Type.Optional(FileName),
    url: Type.String({ minLength: 8, maxLength: 2000, description: "the vendor's own https download URL" }),
    sha256: Sha256,
    size: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

export const UploadQuery = Type.Object(
  {
    platform: Type.Optional(Platform),
    version: Type.Optional(ReleaseVersion),
    fileName: Type.Optional(FileName),
    sha256: Type.Optional(Sha256),
  },
  { additionalProperties: false, description: 'for an upload (application/octet-stream): the release' },
);

/** The request body's two forms, for the route schema (and so the OpenAPI document). */
export const ReleaseBody = {
  content: {
    'application/json': { schema: ExternalRelease },
    'application/octet-stream': {
      schema: Type.Unsafe<unknown>({
        description: 'the installer file',
        contentMediaType: 'application/octet-stream',
      }),
    },
  },
};

export const RELEASE_DESCRIPTION =
  "Registers an installer of the product's app for a platform and version: either upload the file " +
  '(application/octet-stream, with platform, version and fileName in the query; its SHA-256 is ' +
  'computed, and checked against `sha256` when given), or give the vendor’s own URL and SHA-256 ' +
  '(application/json).';

/** An installer upload is streamed to the installer store as it arrives, never held in memory. */
export function streamedOctets(
  _req: FastifyRequest,
  payload: NodeJS.ReadableStream,
  done: (err: Error | null, body?: unknown) => void,
): void {
  done(null, payload);
}

/** Registers the release the request carries, by its media type; answers the installer. */
export async function receiveRelease(
  deps: Deps,
  productId: string,
  req: { headers: FastifyRequest['headers']; body: unknown; query: Static<typeof UploadQuery> },
) {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json')
    return registerExternalRelease(deps, productId, req.body as Static<typeof ExternalRelease>);
  if (mediaType !== 'application/octet-stream' || !(req.body instanceof Readable))
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'A release is an upload (application/octet-stream) or the vendor’s URL (application/json)',
    );
  const upload = req.body;
  const { platform, version, fileName, sha256 } = req.query;
  try {
    if (!platform || !version)
      throw new AppError('VALIDATION_FAILED', 'An upload names its platform and version in the query', {
        pointer: platform ? '/version' : '/platform',
      });
    return await registerUploadedRelease(
      deps,
      productId,
      { platform, version, fileName, expectedSha256: sha256 },
      upload,
    );
  } catch (err) {
    // Refused before reading it all: let the rest of the upload drain, so that the answer arrives.
    upload.resume();
    throw err;
  }
}
