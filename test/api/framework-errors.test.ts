import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/** What the router and the body parsers refuse is problem+json with a stable code, never a 500. */
describe(`errors from the framework itself (${DIALECT})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await server.createProduct({ id: 'fw-suite' });
  });
  after(() => server.close());

  const raw = (path: string, init: RequestInit = {}) => fetch(server.url + path, init);
  const isProblem = async (res: Response, status: number, code: string) => {
    assert.equal(res.status, status, `${res.url}: ${res.status}`);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    const body = (await res.json()) as { code: string; requestId?: string };
    assert.equal(body.code, code);
    assert.ok(body.requestId);
  };

  it('a bad percent-escape in the path is a 400 problem', async () => {
    await isProblem(await raw('/v1/me/subscriptions/%ZZ'), 400, 'BAD_REQUEST');
    await isProblem(await raw('/v1/device/deliveries/%E0%A4%A/ack', { method: 'POST' }), 400, 'BAD_REQUEST');
  });

  it('a path parameter over the router’s limit is a problem, not the framework’s own JSON', async () => {
    const long = 'a'.repeat(150);
    for (const path of [
      `/v1/me/subscriptions/${long}`,
      `/v1/me/subscriptions/${long}/eligibility`,
      `/v1/console/organizations/${long}/devices`,
      `/v1/console/organizations/x/devices/${long}`,
    ]) {
      const res = await raw(path);
      assert.ok([400, 404].includes(res.status), `${path}: ${res.status}`);
      await isProblem(res, res.status, res.status === 400 ? 'BAD_REQUEST' : 'NOT_FOUND');
    }
  });

  it('a release in a media type the route does not take is a 415 problem; JSON in any case is JSON', async () => {
    const auth = { authorization: `Bearer ${server.operatorKey}` };
    const external = { platform: 'windows', version: '22.1.0', url: 'https://vendor.example/s.exe' };
    const path = '/v1/operator/products/fw-suite/releases';
    for (const type of ['text/plain', 'application/x-www-form-urlencoded'])
      await isProblem(
        await raw(path, { method: 'POST', headers: { ...auth, 'content-type': type }, body: 'x=1' }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    const upper = await raw(path, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'APPLICATION/JSON' },
      body: JSON.stringify({ ...external, sha256: 'zz' }),
    });
    assert.ok(upper.status === 400 || upper.status === 415, `upper-case JSON: ${upper.status}`);
    assert.match(upper.headers.get('content-type') ?? '', /^application\/problem\+json/);
  });

  it('a method a path does not answer is a 405 problem with the methods it does (Allow); a path nobody answers, a 404', async () => {
    const deviceToken = { authorization: 'Bearer not-a-token' };
    for (const [method, path, allow] of [
      ['GET', '/v1/device/check-in', 'POST'],
      ['PUT', '/v1/device/check-in?x=1', 'POST'],
      ['DELETE', '/healthz', 'GET, HEAD'],
      ['POST', '/v1/me', 'GET, HEAD, PATCH'],
      ['OPTIONS', '/v1/me/subscriptions', 'GET, HEAD, POST'],
      ['GET', '/v1/device/deliveries/some-id/ack', 'POST'],
    ] as const) {
      const res = await raw(path, { method, headers: deviceToken });
      assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
      assert.match(
        res.headers.get('x-content-type-options') ?? '',
        /nosniff/,
        'security headers as on every answer',
      );
      await isProblem(res, 405, 'METHOD_NOT_ALLOWED');
    }
    for (const [method, path] of [
      ['GET', '/v1/nothing'],
      ['POST', '/v1/nothing'],
      ['DELETE', '/v1/device/check-in/more'],
    ] as const) {
      const res = await raw(path, { method });
      assert.equal(res.headers.get('allow'), null, `${method} ${path}`);
      await isProblem(res, 404, 'NOT_FOUND');
    }
    // The portal's pages answer any GET outside the API; that makes no other path exist.
    await isProblem(await raw('/subscriptions', { method: 'POST' }), 404, 'NOT_FOUND');
  });
});
