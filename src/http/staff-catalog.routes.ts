import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { dryRunInactiveAfter } from '../app/operator/dry-run.ts';
import { createProduct, getProducts } from '../app/operator/operator.ts';
import { changeInactiveAfter } from '../app/operator/product-inactivity.ts';
import { listReleases } from '../app/operator/releases.ts';
import type { Deps } from '../app/shared/deps.ts';
import { requireStaffAdmin } from '../app/staff/staff.ts';
import { DryRunAnswer, DryRunQuery } from './operator-dry-run.routes.ts';
import {
  RELEASE_DESCRIPTION,
  ReleaseBody,
  UploadQuery,
  receiveRelease,
  streamedOctets,
} from './release-bodies.ts';
import { IdParams, problems } from './route-kit.ts';
import { InactiveAfter, Product } from './schemas.ts';

/**
 * The catalogue in the support console (issue 18, item 2): products, releases and installers,
 * for staff with the admin role. Registered inside `staffRoutes`, so its hooks (same origin,
 * session, staff with two factors) run first; the operator's own use cases do the work, so the
 * rules are the bearer-key API's.
 */
export function staffCatalogRoutes(deps: Deps): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Checked before the body is read: a refused upload is not streamed into the store first.
    app.addHook('onRequest', async (req) => requireStaffAdmin(req.staff!));
    app.addContentTypeParser('application/octet-stream', streamedOctets);
    const tags = ['staff'];
    const security = [{ session: [] }];

    app.get(
      '/v1/staff/products',
      {
        schema: {
          tags,
          security,
          description: 'Every product (admin role).',
          response: {
            200: Type.Object({ products: Type.Array(Type.Ref('Product')) }),
            ...problems(401, 403),
          },
        },
      },
      async () => ({ products: await getProducts(deps) }),
    );

    app.post(
      '/v1/staff/products',
      {
        schema: {
          tags,
          security,
          description: 'Adds a product (admin role).',
          body: Product,
          response: { 201: Type.Ref('Product'), ...problems(400, 401, 403, 409) },
        },
      },
      async (req, reply) => reply.code(201).send(await createProduct(deps, req.body)),
    );

    app.patch(
      '/v1/staff/products/:id',
      {
        schema: {
          tags,
          security,
          description:
            "Changes a product's `inactiveAfter` (null: never), as the operator's PATCH does; with `?dryRun=true` only says who would be affected (admin role).",
          params: IdParams,
          querystring: DryRunQuery,
          body: Type.Object(
            { inactiveAfter: Type.Union([InactiveAfter, Type.Null()]) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Union([Type.Ref('Product'), DryRunAnswer]), ...problems(400, 401, 403, 404) },
        },
      },
      async (req) =>
        req.query.dryRun === 'true'
          ? dryRunInactiveAfter(deps, req.params.id, req.body.inactiveAfter)
          : changeInactiveAfter(deps, req.params.id, req.body.inactiveAfter),
    );

    app.get(
      '/v1/staff/products/:id/releases',
      {
        schema: {
          tags,
          security,
          description: "The product's installers, by platform, newest first (admin role).",
          params: IdParams,
          response: {
            200: Type.Object({ installers: Type.Array(Type.Ref('Installer')) }),
            ...problems(401, 403, 404),
          },
        },
      },
      async (req) => ({ installers: await listReleases(deps, req.params.id) }),
    );

    app.post(
      '/v1/staff/products/:id/releases',
      {
        schema: {
          tags,
          security,
          description: `${RELEASE_DESCRIPTION} (Admin role.)`,
          params: IdParams,
          querystring: UploadQuery,
          body: ReleaseBody,
          response: { 201: Type.Ref('Installer'), ...problems(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (req, reply) => reply.code(201).send(await receiveRelease(deps, req.params.id, req)),
    );
  };
}
