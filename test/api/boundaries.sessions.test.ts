import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { boundariesClock, startBoundariesServer } from '../support/boundaries.ts';
import { DIALECT } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

const clock = boundariesClock();
let server: TestServer;
before(async () => (server = await startBoundariesServer(clock)));
after(async () => server.close());

describe(`CSRF and sessions (${DIALECT})`, () => {
  test('cookie-authenticated writes need our own Origin; GETs do not', async () => {
    const c = await server.newCustomer();
    const cookie = [...c.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const origin of [undefined, 'http://evil.example']) {
      const h: Record<string, string> = { cookie, 'content-type': 'application/json' };
      if (origin) h.origin = origin;
      const r = await fetch(`${server.url}/v1/me/connect-codes`, { method: 'POST', headers: h, body: '{}' });
      assert.equal(r.status, 403);
      assert.equal(((await r.json()) as any).code, 'CSRF_REJECTED');
    }
    assert.equal((await fetch(`${server.url}/v1/me`, { headers: { cookie } })).status, 200);
  });

  test('the session cookie is HttpOnly and SameSite; sign-out ends it', async () => {
    const c = await server.newCustomer();
    const r = await fetch(`${server.url}/v1/auth/sign-in`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ email: c.email, password: c.password }),
    });
    const session = r.headers.getSetCookie().find((s) => s.startsWith('seatpost.session_token='))!;
    assert.match(session, /HttpOnly/i);
    assert.match(session, /SameSite=Lax/i);
    assert.equal((await c.api.post('/v1/auth/sign-out')).status, 204);
    assert.equal((await c.api.get('/v1/me')).status, 401);
  });
});
