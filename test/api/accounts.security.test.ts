import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import { Client } from '../support/http.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const cookieOf = (api: Client) => [...api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const UA = {
  firefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
  safari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
};

async function signInAs(c: Customer, userAgent?: string): Promise<Client> {
  const api = new Client(server.url, {
    origin: server.url,
    ...(userAgent ? { 'user-agent': userAgent } : {}),
  });
  const r = await api.post('/v1/auth/sign-in', { email: c.email, password: c.password });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return api;
}

/** Two factors on, with an authenticator no one here wrote (otpauth) reading the URI the service gave. */
async function withTwoFactors(c: Customer) {
  const started = await c.api.post('/v1/me/two-factor', { password: c.password });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  assert.match(started.body.qrCodeSvg, /^<svg/);
  assert.equal(started.body.recoveryCodes.length, 10);
  const totp = OTPAuth.URI.parse(started.body.otpauthUri) as OTPAuth.TOTP;
  assert.equal(totp.issuer, 'Seatpost');
  const confirmed = await c.api.post('/v1/me/two-factor/confirm', { code: totp.generate() });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  return { totp, recoveryCodes: started.body.recoveryCodes as string[] };
}

test(`two factors: sign-in asks for a code; a TOTP or a recovery code (once) finishes it; off only with a code (${DIALECT})`, async () => {
  const c = await server.newCustomer();
  const { totp, recoveryCodes } = await withTwoFactors(c);
  assert.equal((await c.api.get('/v1/me')).body.twoFactorEnabled, true);

  const api = new Client(server.url, { origin: server.url });
  const first = await api.post('/v1/auth/sign-in', { email: c.email, password: c.password });
  assert.equal(first.status, 200);
  assert.deepEqual(first.body, { twoFactorRequired: true });
  assert.equal((await api.get('/v1/me')).status, 401, 'no session yet');
  const wrong = await api.post('/v1/auth/two-factor/verify', { code: '000000' });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.code, 'TWO_FACTOR_INVALID');
  const ok = await api.post('/v1/auth/two-factor/verify', { code: totp.generate() });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.email, c.email);
  assert.equal((await api.get('/v1/me')).status, 200);

  const second = new Client(server.url, { origin: server.url });
  await second.post('/v1/auth/sign-in', { email: c.email, password: c.password });
  assert.equal((await second.post('/v1/auth/two-factor/verify', { code: recoveryCodes[0] })).status, 200);
  const third = new Client(server.url, { origin: server.url });
  await third.post('/v1/auth/sign-in', { email: c.email, password: c.password });
  assert.equal(
    (await third.post('/v1/auth/two-factor/verify', { code: recoveryCodes[0] })).status,
    401,
    'once',
  );

  const noCode = await c.api.post('/v1/me/two-factor/disable', { password: c.password, code: '123456' });
  assert.equal(noCode.status, 401);
  const off = await c.api.post('/v1/me/two-factor/disable', { password: c.password, code: totp.generate() });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  const plain = await new Client(server.url, { origin: server.url }).post('/v1/auth/sign-in', {
    email: c.email,
    password: c.password,
  });
  assert.equal(plain.body.email, c.email, 'one factor again');
});

test(`second-factor guesses are limited per account, atomically, across parallel attempts (${DIALECT})`, async () => {
  const c = await server.newCustomer();
  await withTwoFactors(c);
  const api = new Client(server.url, { origin: server.url });
  await api.post('/v1/auth/sign-in', { email: c.email, password: c.password });
  // Each sign-in may be tried a few times by better-auth; fresh sign-ins keep the guesser going.
  const tries = await Promise.all(
    Array.from({ length: 14 }, async () => {
      const g = new Client(server.url, { origin: server.url });
      await g.post('/v1/auth/sign-in', { email: c.email, password: c.password });
      return (await g.post('/v1/auth/two-factor/verify', { code: '111111' })).status;
    }),
  );
  assert.equal(tries.filter((s) => s === 401).length, 10, tries.join(' '));
  assert.equal(tries.filter((s) => s === 429).length, 4);
});

test(`sessions: listed with browser, address and last use; one ended, or all others; a password change ends the others (${DIALECT})`, async () => {
  const c = await server.newCustomer();
  const firefox = await signInAs(c, UA.firefox);
  const safari = await signInAs(c, UA.safari);
  const listed = await firefox.get('/v1/me/sessions');
  assert.equal(listed.status, 200);
  const sessions = listed.body.sessions;
  assert.equal(sessions.length, 3);
  assert.equal(sessions[0].current, true);
  assert.equal(sessions[0].browser, 'Firefox 128');
  assert.equal(sessions[0].system, 'Windows');
  assert.equal(sessions[0].clientAddress, '127.0.0.1');
  const iphone = sessions.find((s: { browser: string }) => s.browser === 'Safari 17');
  assert.equal(iphone.system, 'iOS');

  // A portal stream of the Safari session ends with it.
  const stream = new SseReader(`${server.url}/v1/me/events`, { cookie: cookieOf(safari) });
  assert.equal(await stream.status, 200);
  assert.equal((await firefox.delete(`/v1/me/sessions/${iphone.id}`)).status, 204);
  const revoked = await stream.next((e) => e.event === 'revoked', 3000);
  assert.deepEqual(revoked.data, { reason: 'session_ended' });
  assert.equal((await safari.get('/v1/me')).status, 401);
  assert.equal((await firefox.delete(`/v1/me/sessions/${iphone.id}`)).status, 404);

  assert.equal((await firefox.post('/v1/me/sessions/revoke-others')).status, 204);
  assert.equal((await c.api.get('/v1/me')).status, 401);
  assert.equal((await firefox.get('/v1/me')).status, 200);

  const again = await signInAs(c);
  const weak = await firefox.post('/v1/me/password', {
    currentPassword: c.password,
    newPassword: 'aaaaaaaaaa',
  });
  assert.equal(weak.body.code, 'PASSWORD_TOO_WEAK');
  const wrong = await firefox.post('/v1/me/password', {
    currentPassword: 'not it at all',
    newPassword: 'marble lantern drift 7',
  });
  assert.equal(wrong.status, 401);
  const changed = await firefox.post('/v1/me/password', {
    currentPassword: c.password,
    newPassword: 'marble lantern drift 7',
  });
  assert.equal(changed.status, 204, JSON.stringify(changed.body));
  assert.equal((await again.get('/v1/me')).status, 401, 'the other session ended');
  assert.equal((await firefox.get('/v1/me')).status, 200, 'this one stays');
});

test(`a password reset ends every open portal stream of the account (${DIALECT})`, async () => {
  const c = await server.newCustomer();
  const stream = new SseReader(`${server.url}/v1/me/events`, { cookie: cookieOf(c.api) });
  assert.equal(await stream.status, 200);
  await server.anonymous().post('/v1/auth/password-reset', { email: c.email });
  const token = new URL(await server.mailedLink(c.email, 'reset-password')).searchParams.get('token');
  const r = await server
    .anonymous()
    .post('/v1/auth/password-reset/confirm', { token, password: 'marble lantern drift 7' });
  assert.equal(r.status, 200);
  const revoked = await stream.next((e) => e.event === 'revoked', 3000);
  assert.deepEqual(revoked.data, { reason: 'session_ended' });
});

test(`an unverified account cannot accept an invitation to its address; resending the email is limited (${DIALECT})`, async () => {
  const c = await server.newCustomer({ verified: false });
  assert.equal((await c.api.get('/v1/me')).body.emailVerified, false);
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await c.api.post('/v1/me/verification-email')).status);
  assert.deepEqual(statuses, [202, 202, 202, 429]);
  const org = await server.operator.post('/v1/operator/organizations', {
    name: 'Holm ApS',
    admins: [c.email],
  });
  assert.equal(org.status, 201);
  const rows = await server.service.store.db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('to_address', '=', c.email)
    .execute();
  const token = rows
    .map((m) => /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(m.text_body)?.[1])
    .find(Boolean);
  assert.ok(token, 'the invitation was mailed');
  const refused = await c.api.post('/v1/console/invitations/accept', { token });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.code, 'EMAIL_NOT_VERIFIED');
  await server.verifyAddress(c.email);
  assert.equal((await c.api.post('/v1/console/invitations/accept', { token })).status, 200, 'once verified');
});
