import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownOrigins } from '../../src/app/shared/own-origins.ts';
import { Client } from '../support/http.ts';
import { DIALECT, startTestServer } from '../support/server.ts';

test('own origins: a loopback public URL is the same server at each loopback name on its port; any other, itself alone', () => {
  const cases: [string, string[]][] = [
    ['http://localhost:3000', ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']],
    ['http://127.0.0.1:8080', ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080']],
    ['http://localhost', ['http://localhost', 'http://127.0.0.1', 'http://[::1]']],
    ['https://localhost:8443', ['https://localhost:8443', 'https://127.0.0.1:8443', 'https://[::1]:8443']],
    ['https://seatpost.example', ['https://seatpost.example']],
    ['http://192.168.1.20:3000', ['http://192.168.1.20:3000']],
    ['http://app.localhost:3000', ['http://app.localhost:3000']],
  ];
  for (const [publicUrl, origins] of cases) assert.deepEqual([...ownOrigins(publicUrl)], origins, publicUrl);
});

/** A signed-in write (deleting the account, with a wrong password: refused, but not as cross-site) from `origin`. */
async function writeFrom(base: string, cookies: Map<string, string>, origin: string) {
  const api = new Client(base, { origin });
  api.cookies = new Map(cookies);
  return api.post('/v1/me/delete', { password: 'not the password' });
}

test(`npm start's http://localhost:PORT, opened at 127.0.0.1 or [::1]: signing up, signing in and writing work; another port, scheme or site stays refused (${DIALECT})`, async () => {
  const server = await startTestServer({ publicUrl: (port) => `http://localhost:${port}` });
  try {
    // Its clients send the Origin of the address they reach it at: http://127.0.0.1:PORT.
    const customer = await server.newCustomer();
    assert.equal((await customer.api.get('/v1/me')).status, 200);
    for (const origin of [`http://[::1]:${server.port}`, `http://localhost:${server.port}`, server.url]) {
      const r = await writeFrom(server.url, customer.api.cookies, origin);
      assert.notEqual(r.body.code, 'CSRF_REJECTED', origin);
      assert.ok(r.status >= 400 && r.status < 500, `${origin}: ${r.status}`);
    }
    const foreign = [
      `http://127.0.0.1:${server.port + 1}`,
      `https://localhost:${server.port}`,
      'http://localhost',
      'https://evil.example',
      'null',
    ];
    for (const origin of foreign) {
      const write = await writeFrom(server.url, customer.api.cookies, origin);
      assert.deepEqual([write.status, write.body.code], [403, 'CSRF_REJECTED'], origin);
      const signIn = await new Client(server.url, { origin }).post('/v1/auth/sign-in', {
        email: customer.email,
        password: customer.password,
      });
      assert.deepEqual([signIn.status, signIn.body.code], [403, 'CSRF_REJECTED'], origin);
    }
  } finally {
    await server.close();
  }
});

test(`a public URL with a real name accepts its own origin only, not the loopback one the server is reached at (${DIALECT})`, async () => {
  const server = await startTestServer({ publicUrl: 'https://seatpost.example' });
  try {
    const signIn = (origin: string) =>
      new Client(server.url, { origin }).post('/v1/auth/sign-in', {
        email: 'nobody@example.com',
        password: 'correct horse battery',
      });
    const loopback = await signIn(server.url);
    assert.deepEqual([loopback.status, loopback.body.code], [403, 'CSRF_REJECTED']);
    const own = await signIn('https://seatpost.example');
    assert.equal(own.status, 401, JSON.stringify(own.body));
  } finally {
    await server.close();
  }
});
