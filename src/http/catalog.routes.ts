import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { dryRunInactiveAfter } from '../app/operator/dry-run.ts';
import { createProduct, getProducts } from '../app/operator/operator.ts';
import { changeInactiveAfter } from '../app/operator/product-inactivity.ts';
import { listReleases } from '../app/operator/releases.ts';
import type { Deps } from '../app/shared/deps.ts';
import { DryRunAnswer, DryRunQuery } from './dry-run.schemas.ts';
import {
  RELEASE_DESCRIPTION,
  ReleaseBody,
  UploadQuery,
  receiveRelease,
  streamedOctets,
} from './release-bodies.ts';
import type { Audience } from './route-kit.ts';
import { IdParams, problems } from './route-kit.ts';
import { InactiveAfter, Product } from './schemas.ts';

/**
 * The catalogue's routes (issue 18): products, a product's `inactiveAfter` (with a dry run), its
 * releases and installers. One definition, registered for the operator key (`/v1/operator/…`)
 * and for staff admins (`/v1/staff/…`), each inside a plugin whose hooks decide who may call.
 */
export function catalogRoutes(deps: Deps, audience: Audience): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { base, tags, security, refused } = audience;
    app.addContentTypeParser('application/octet-stream', streamedOctets);

    app.get(
      `${base}/products`,
      {
        schema: {
          tags,
          security,
          description: 'Every product.',
          response: {
            200: Type.Object({ products: Type.Array(Type.Ref('Product')) }),
            ...problems(...refused),
          },
        },
      },
      async () => ({ products: await getProducts(deps) }),
    );

    app.post(
      `${base}/products`,
      {
        schema: {
          tags,
          security,
          description: 'Adds a product.',
          body: Product,
          response: { 201: Type.Ref('Product'), ...problems(400, ...refused, 409) },
        },
      },
      async (req, reply) => reply.code(201).send(await createProduct(deps, req.body)),
    );

    app.patch(
      `${base}/products/:id`,
      {
        schema: {
          tags,
          security,
          description:
            "Changes a product's `inactiveAfter` (null: never). Devices already silent longer are warned first and keep their seats for the warning period. With `?dryRun=true`: who would be warned and which activations would end, and when; nothing changes.",
          params: IdParams,
          querystring: DryRunQuery,
          body: Type.Object(
            { inactiveAfter: Type.Union([InactiveAfter, Type.Null()]) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Union([Type.Ref('Product'), DryRunAnswer]),
            ...problems(400, ...refused, 404),
          },
        },
      },
      async (req) =>
        req.query.dryRun === 'true'
          ? dryRunInactiveAfter(deps, req.params.id, req.body.inactiveAfter)
          : changeInactiveAfter(deps, req.params.id, req.body.inactiveAfter),
    );

    app.get(
      `${base}/products/:id/releases`,
      {
        schema: {
          tags,
          security,
          description: "The product's installers, by platform, newest first.",
          params: IdParams,
          response: {
            200: Type.Object({ installers: Type.Array(Type.Ref('Installer')) }),
            ...problems(...refused, 404),
          },
        },
      },
      async (req) => ({ installers: await listReleases(deps, req.params.id) }),
    );

    app.post(
      `${base}/products/:id/releases`,
      {
        schema: {
          tags,
          security,
          description: RELEASE_DESCRIPTION,
          params: IdParams,
          querystring: UploadQuery,
          body: ReleaseBody,
          response: { 201: Type.Ref('Installer'), ...problems(400, ...refused, 404, 409, 413, 415) },
        },
      },
      async (req, reply) => reply.code(201).send(await receiveRelease(deps, req.params.id, req)),
    );
  };
}
