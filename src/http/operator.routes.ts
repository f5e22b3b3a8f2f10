import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import Type from 'typebox';
import type { Static } from 'typebox';
import type { Deps } from '../app/shared/deps.ts';
import {
  changeSubscriptionState,
  createProduct,
  getProducts,
  issueSubscription,
} from '../app/operator/operator.ts';
import { createOrganization } from '../app/organizations/organizations.ts';
import { dryRunStateChange } from '../app/operator/dry-run.ts';
import { DryRunQuery, DryRunAnswer, productInactivityRoutes } from './operator-dry-run.routes.ts';
import { listReleases, registerExternalRelease, registerUploadedRelease } from '../app/operator/releases.ts';
import { AppError } from '../app/shared/errors.ts';
import { IdParams, problems } from './route-kit.ts';
import { Platform, Renewal, SeatUnit, SubscriptionKind } from './enums.ts';
import { Email, Product } from './schemas.ts';
import { requireOperator } from './security.ts';

const IssueBody = Type.Object(
  {
    product: Type.String({ minLength: 1, maxLength: 100 }),
    kind: SubscriptionKind,
    renewal: Renewal,
    unit: SeatUnit,
    seats: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    startsAt: Type.Optional(Type.String({ format: 'date-time' })),
    expiresAt: Type.String({ format: 'date-time' }),
    ownerEmail: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    organization: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

const IssuedSubscription = Type.Intersect([
  Type.Ref('Subscription'),
  Type.Object({
    activationCode: Type.String(),
    ownerAccountId: Type.Union([Type.String(), Type.Null()]),
    organizationId: Type.Union([Type.String(), Type.Null()]),
  }),
]);

const ReleaseVersion = Type.String({ minLength: 1, maxLength: 50 });
const FileName = Type.String({ minLength: 1, maxLength: 200 });
const Sha256 = Type.String({ pattern: '^[A-Fa-f0-9]{64}$', description: 'hex SHA-256' });
const ExternalRelease = Type.Object(
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
const UploadQuery = Type.Object(
  {
    platform: Type.Optional(Platform),
    version: Type.Optional(ReleaseVersion),
    fileName: Type.Optional(FileName),
    sha256: Type.Optional(Sha256),
  },
  { additionalProperties: false, description: 'for an upload (application/octet-stream): the release' },
);

/** The vendor's back office: products, subscriptions from billing, block/suspend. */
export function operatorRoutes(deps: Deps, operatorKey: string): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('onRequest', requireOperator(operatorKey));
    const security = [{ operatorKey: [] }];
    // An installer upload is streamed to the installer store as it arrives, never held in memory.
    app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

    app.post(
      '/v1/operator/products',
      {
        schema: {
          tags: ['operator'],
          security,
          body: Product,
          response: { 201: Type.Ref('Product'), ...problems(400, 401, 409) },
        },
      },
      async (req, reply) => reply.code(201).send(await createProduct(deps, req.body)),
    );

    app.get(
      '/v1/operator/products',
      {
        schema: {
          tags: ['operator'],
          security,
          response: { 200: Type.Object({ products: Type.Array(Type.Ref('Product')) }), ...problems(401) },
        },
      },
      async () => ({ products: await getProducts(deps) }),
    );

    app.post(
      '/v1/operator/subscriptions',
      {
        schema: {
          tags: ['operator'],
          security,
          body: IssueBody,
          response: { 201: IssuedSubscription, ...problems(400, 401) },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const issued = await issueSubscription(deps, {
          ...b,
          startsAt: b.startsAt ? new Date(b.startsAt) : undefined,
          expiresAt: new Date(b.expiresAt),
        });
        return reply.code(201).send(issued);
      },
    );

    app.post(
      '/v1/operator/organizations',
      {
        schema: {
          tags: ['operator'],
          security,
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200 }),
              admins: Type.Array(Email, {
                minItems: 1,
                maxItems: 20,
              }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Ref('Organization'), ...problems(400, 401) },
        },
      },
      async (req, reply) => reply.code(201).send(await createOrganization(deps, req.body)),
    );

    app.post(
      '/v1/operator/products/:id/releases',
      {
        schema: {
          tags: ['operator'],
          security,
          description:
            "Registers an installer of the product's app for a platform and version: either upload the file " +
            '(application/octet-stream, with platform, version and fileName in the query; its SHA-256 is ' +
            'computed, and checked against `sha256` when given), or give the vendor’s own URL and SHA-256 ' +
            '(application/json).',
          params: IdParams,
          querystring: UploadQuery,
          body: {
            content: {
              'application/json': { schema: ExternalRelease },
              'application/octet-stream': {
                schema: Type.Unsafe<unknown>({
                  description: 'the installer file',
                  contentMediaType: 'application/octet-stream',
                }),
              },
            },
          },
          response: { 201: Type.Ref('Installer'), ...problems(400, 401, 404, 409, 413) },
        },
      },
      async (req, reply) => {
        const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (mediaType === 'application/json') {
          const body = req.body as Static<typeof ExternalRelease>;
          return reply.code(201).send(await registerExternalRelease(deps, req.params.id, body));
        }
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
          const installer = await registerUploadedRelease(
            deps,
            req.params.id,
            { platform, version, fileName, expectedSha256: sha256 },
            upload,
          );
          return reply.code(201).send(installer);
        } catch (err) {
          // Refused before reading it all: let the rest of the upload drain, so that the answer arrives.
          upload.resume();
          throw err;
        }
      },
    );

    app.get(
      '/v1/operator/products/:id/releases',
      {
        schema: {
          tags: ['operator'],
          security,
          params: IdParams,
          response: {
            200: Type.Object({ installers: Type.Array(Type.Ref('Installer')) }),
            ...problems(401, 404),
          },
        },
      },
      async (req) => ({ installers: await listReleases(deps, req.params.id) }),
    );

    for (const action of ['block', 'suspend', 'reinstate'] as const) {
      app.post(
        `/v1/operator/subscriptions/:id/${action}`,
        {
          schema: {
            tags: ['operator'],
            security,
            params: IdParams,
            querystring: DryRunQuery,
            response: { 200: Type.Union([Type.Ref('Subscription'), DryRunAnswer]), ...problems(401, 404) },
          },
        },
        async (req) =>
          req.query.dryRun === 'true'
            ? dryRunStateChange(deps, req.params.id, action)
            : changeSubscriptionState(deps, req.params.id, action),
      );
    }
    await app.register(productInactivityRoutes(deps));
  };
}
