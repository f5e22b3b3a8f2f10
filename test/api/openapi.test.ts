import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { WEB_API_TYPES, webApiTypes } from '../../cli/write-openapi.ts';
import { openApiDocument } from '../../src/http/openapi.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

const UNDOCUMENTED = new Set(['/openapi.json', '/*']);

test('every route validates with a schema and declares its answers', () => {
  const missing = server.service.app.routes
    // Hidden routes are the built portal's static files and the SPA fallback: not API.
    .filter((r) => !UNDOCUMENTED.has(r.url) && r.schema?.hide !== true)
    .filter((r) => {
      const s = r.schema ?? {};
      const needsBody =
        ['POST', 'PUT', 'PATCH'].includes(r.method) &&
        /\/(connect|products|subscriptions|deliveries|check-in|fail|sign-(in|up))$|\/me$|\/devices\/:id$/.test(
          r.url,
        );
      const needsParams = r.url.includes(':');
      return !s.response || (needsBody && !s.body) || (needsParams && !s.params);
    })
    .map((r) => `${r.method} ${r.url}`);
  assert.deepEqual(missing, []);
});

test('the committed openapi.json is what the schemas generate (run `npm run openapi` after changing a route)', async () => {
  const committed = readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8');
  const generated = await openApiDocument(server.service);
  // The document is the same whatever server generated it.
  assert.ok(generated === committed, 'openapi.json is stale: run `npm run openapi` and commit it');
});

test('the committed web client types are what the OpenAPI document generates (`npm run openapi`)', async () => {
  const committed = readFileSync(WEB_API_TYPES, 'utf8');
  const generated = await webApiTypes(await openApiDocument(server.service));
  assert.ok(generated === committed, 'src/web/api-types.ts is stale: run `npm run openapi` and commit it');
});

test('GET /openapi.json serves OpenAPI 3.1 with every contract path', async () => {
  const r = await server.anonymous().get('/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.body.openapi, '3.1.0');
  for (const path of [
    '/v1/operator/products',
    '/v1/operator/subscriptions',
    '/v1/operator/subscriptions/{id}/block',
    '/v1/auth/sign-up',
    '/v1/me/subscriptions/{id}/eligibility',
    '/v1/me/subscriptions/{id}/deliveries',
    '/v1/me/deliveries/{id}/undo',
    '/v1/device/connect',
    '/v1/device/check-in',
    '/v1/device/events',
    '/v1/device/deliveries/{id}/complete',
  ])
    assert.ok(r.body.paths[path], `${path} documented`);
  assert.ok(r.body.components.schemas.Problem);
});
