import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/** Every answer carries the security headers; the API's answers are never cached. */
describe(`security headers (${DIALECT})`, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const check = (res: Response, what: string) => {
    const h = res.headers;
    const csp = h.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors`);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, `${what}: no inline script`);
    assert.equal(h.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
    assert.equal(h.get('x-frame-options'), 'DENY', `${what}: x-frame-options`);
    assert.equal(h.get('referrer-policy'), 'no-referrer', `${what}: referrer-policy`);
    assert.equal(h.get('strict-transport-security'), null, `${what}: no HSTS on plain http`);
  };

  it('on API answers, errors and health checks alike; authenticated answers are no-store', async () => {
    const customer = await server.newCustomer();
    const mine = await fetch(`${server.url}/v1/me/subscriptions`, {
      headers: {
        cookie: [...customer.api.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: server.url,
      },
    });
    assert.equal(mine.status, 200);
    check(mine, 'GET /v1/me/subscriptions');
    assert.equal(mine.headers.get('cache-control'), 'no-store');

    const anonymous = await fetch(`${server.url}/v1/me/subscriptions`);
    assert.equal(anonymous.status, 401);
    check(anonymous, '401');
    assert.equal(anonymous.headers.get('cache-control'), 'no-store');

    const operator = await fetch(`${server.url}/v1/operator/products`, {
      headers: { authorization: `Bearer ${server.operatorKey}` },
    });
    check(operator, 'operator');
    assert.equal(operator.headers.get('cache-control'), 'no-store');

    check(await fetch(`${server.url}/healthz`), '/healthz');
    const device = await fetch(`${server.url}/v1/device/check-in`, {
      method: 'POST',
      headers: { authorization: 'Bearer nobody', 'content-type': 'application/json' },
      body: '{}',
    });
    check(device, 'device API');
    // Data, never a page: rendered by mistake, an API answer may load and run nothing.
    for (const [res, what] of [
      [mine, 'customer API'],
      [device, 'device API'],
    ] as const)
      assert.equal(
        res.headers.get('content-security-policy'),
        "default-src 'none'; frame-ancestors 'none'",
        what,
      );
    const stream = new AbortController();
    const events = await fetch(`${server.url}/v1/me/events`, {
      headers: {
        cookie: [...customer.api.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: server.url,
      },
      signal: stream.signal,
    });
    assert.equal(events.status, 200);
    check(events, 'event stream');
    stream.abort();
    check(await fetch(`${server.url}/nowhere`), '404');
  });

  it('HSTS when the public URL is https', async () => {
    const https = await startTestServer({ publicUrl: 'https://seatpost.example' });
    try {
      const res = await fetch(`${https.url}/healthz`);
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=31536000/);
    } finally {
      await https.close();
    }
  });
});
