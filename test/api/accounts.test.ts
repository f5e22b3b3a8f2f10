import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliverDueMail, smtpTransport } from '../../src/app/shared/mail.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { TestSmtp } from '../support/smtp.ts';

const smtp = new TestSmtp();
let server: TestServer;
before(async () => {
  await smtp.start();
  server = await startTestServer();
});
after(async () => {
  await server.close();
  await smtp.stop();
});

let n = 0;
const address = () => `person${++n}-${Date.now()}@example.com`;
const PASSWORD = 'violet kettle orbit 42';
const signUpBody = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  password: PASSWORD,
  name: 'Ida Holm',
  country: 'DK',
  language: 'da',
  ...extra,
});

/** The mail waiting in the outbox, sent over real SMTP and read back from the test server. */
async function mailTo(email: string) {
  await deliverDueMail(server.service.deps, smtpTransport(smtp.url, 'Seatpost <no-reply@seatpost.test>'));
  return smtp.received.filter((m) => JSON.stringify(m.to).includes(email));
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

test(`sign-up answers 202 without a session, alike for a known address; the owner is told, a newcomer asked to verify, in their language (${DIALECT})`, async () => {
  const email = address();
  const first = server.anonymous();
  const r = await first.post('/v1/auth/sign-up', signUpBody(email));
  assert.equal(r.status, 202);
  assert.equal(first.cookies.size, 0, 'no session cookie');
  assert.equal((await first.get('/v1/me')).status, 401);

  const again = server.anonymous();
  const r2 = await again.post(
    '/v1/auth/sign-up',
    signUpBody(email, { name: 'Someone Else', language: 'en' }),
  );
  assert.equal(r2.status, 202);
  assert.deepEqual(r2.body, r.body, 'the same answer for a known address');
  assert.equal(again.cookies.size, 0);

  const mail = await mailTo(email);
  assert.equal(mail.length, 2);
  assert.match(mail[0]!.subject!, /Bekræft din e-mailadresse/, 'in the language chosen at sign-up');
  assert.match(mail[0]!.text!, /\/verify-email\?token=/);
  assert.match(mail[1]!.subject!, /Nogen forsøgte at oprette en Seatpost-konto/, "in the owner's language");
  assert.match(mail[1]!.text!, /\/forgot-password/);
});

test(`the account signs in before verifying; the link proves the address; a tampered one is refused (${DIALECT})`, async () => {
  const email = address();
  const api = server.anonymous();
  await api.post('/v1/auth/sign-up', signUpBody(email));
  const signedIn = await api.post('/v1/auth/sign-in', { email, password: PASSWORD });
  assert.equal(signedIn.status, 200);
  assert.equal(signedIn.body.emailVerified, false);
  assert.equal((await api.get('/v1/me/subscriptions')).status, 200, 'usable before verifying');

  const link = await server.mailedLink(email, 'verify-email');
  const tampered = await server
    .anonymous()
    .post('/v1/auth/verify-email', { token: tokenOf(link).slice(0, -3) + 'abc' });
  assert.equal(tampered.status, 400);
  assert.equal(tampered.body.code, 'LINK_INVALID');
  const ok = await server.anonymous().post('/v1/auth/verify-email', { token: tokenOf(link) });
  assert.equal(ok.status, 200);
  assert.equal((await api.get('/v1/me')).body.emailVerified, true);
  const twice = await server.anonymous().post('/v1/auth/verify-email', { token: tokenOf(link) });
  assert.equal(twice.status, 200, 'a used link still says the address is verified');
});

test(`a subscription issued with ownerEmail waits for the account that proves the address (${DIALECT})`, async () => {
  const product = await server.createProduct();
  const email = address();
  const squatter = server.anonymous();
  await squatter.post('/v1/auth/sign-up', signUpBody(email));
  await squatter.post('/v1/auth/sign-in', { email, password: PASSWORD });
  const issued = await server.issueSubscription({ product: product.id, ownerEmail: email });
  assert.equal(issued.ownerAccountId, null, 'not attached to an unverified account');
  assert.deepEqual((await squatter.get('/v1/me/subscriptions')).body.subscriptions ?? [], []);

  await server.verifyAddress(email);
  const mine = await squatter.get('/v1/me/subscriptions');
  assert.deepEqual(
    (mine.body.subscriptions ?? mine.body).map((s: { id: string }) => s.id),
    [issued.id],
    'attached on verification',
  );

  const later = await server.issueSubscription({ product: product.id, ownerEmail: email.toUpperCase() });
  assert.ok(later.ownerAccountId, 'a verified address receives at once');
});

test(`sign-in answers alike for an unknown address and a wrong password; a language chosen there becomes the account's (${DIALECT})`, async () => {
  const c = await server.newCustomer({ language: 'en' });
  const unknown = await server
    .anonymous()
    .post('/v1/auth/sign-in', { email: address(), password: 'whatever it is' });
  const wrong = await server
    .anonymous()
    .post('/v1/auth/sign-in', { email: c.email, password: 'whatever it is' });
  assert.equal(unknown.status, 401);
  assert.deepEqual(
    { status: wrong.status, code: wrong.body.code, detail: wrong.body.detail },
    { status: unknown.status, code: unknown.body.code, detail: unknown.body.detail },
  );
  const api = server.anonymous();
  const r = await api.post('/v1/auth/sign-in', { email: c.email, password: c.password, language: 'da' });
  assert.equal(r.body.language, 'da');
  assert.equal((await api.get('/v1/me')).body.language, 'da');
});

test(`weak passwords are refused with PASSWORD_TOO_WEAK and feedback; the strength endpoint says the same (${DIALECT})`, async () => {
  const email = address();
  for (const password of ['aaaaaaaaaa', 'password1234', email, 'qwertyuiop12']) {
    const r = await server.anonymous().post('/v1/auth/sign-up', signUpBody(email, { password }));
    assert.equal(r.status, 400, password);
    assert.equal(r.body.code, 'PASSWORD_TOO_WEAK', password);
    assert.equal(r.body.pointer, '/password');
  }
  const weak = await server
    .anonymous()
    .post('/v1/auth/password-strength', { password: 'password1234', email });
  assert.equal(weak.body.acceptable, false);
  assert.ok(weak.body.warning);
  const strong = await server.anonymous().post('/v1/auth/password-strength', { password: PASSWORD, email });
  assert.equal(strong.body.acceptable, true);
  assert.ok(strong.body.score >= 3);
});

test(`countries: the current ISO list, and sign-up refuses a withdrawn code (${DIALECT})`, async () => {
  const list = await server.anonymous().get('/v1/auth/countries');
  assert.ok(list.body.countries.includes('DK'));
  for (const gone of ['DD', 'SU', 'UK', 'YU']) assert.ok(!list.body.countries.includes(gone), gone);
  const r = await server.anonymous().post('/v1/auth/sign-up', signUpBody(address(), { country: 'SU' }));
  assert.equal(r.status, 400);
  assert.equal(r.body.pointer, '/country');
});

test(`password reset: 202 whatever the address, a one-use link, every session ended (${DIALECT})`, async () => {
  const c = await server.newCustomer({ language: 'da' });
  const other = server.anonymous();
  await other.post('/v1/auth/sign-in', { email: c.email, password: c.password });
  const unknown = await server.anonymous().post('/v1/auth/password-reset', { email: address() });
  const known = await server.anonymous().post('/v1/auth/password-reset', { email: c.email });
  assert.equal(unknown.status, 202);
  assert.deepEqual(known.body, unknown.body);
  const mail = await mailTo(c.email);
  const reset = mail.find((m) => /Nulstil din adgangskode/.test(m.subject ?? ''));
  assert.ok(reset, 'the reset email, in Danish');
  const token = tokenOf(/\S+\/reset-password\?token=\S+/.exec(reset.text!)![0]);

  const check = (t: string) => server.anonymous().post('/v1/auth/password-reset/check', { token: t });
  const before = await check(token);
  assert.equal(before.status, 200, 'a live link checks out, and checking does not use it');
  assert.equal((await check(token)).status, 200);
  assert.equal((await check(token.slice(0, -2) + 'xx')).body.code, 'LINK_INVALID', 'a tampered link');
  const weak = await server
    .anonymous()
    .post('/v1/auth/password-reset/confirm', { token, password: 'aaaaaaaaaa' });
  assert.equal(weak.body.code, 'PASSWORD_TOO_WEAK');
  const fresh = 'marble lantern drift 7';
  const ok = await server.anonymous().post('/v1/auth/password-reset/confirm', { token, password: fresh });
  assert.equal(ok.status, 200);
  assert.equal((await c.api.get('/v1/me')).status, 401, 'sessions ended');
  assert.equal((await other.get('/v1/me')).status, 401, 'every session');
  const used = await server.anonymous().post('/v1/auth/password-reset/confirm', { token, password: fresh });
  assert.equal(used.status, 400);
  assert.equal(used.body.code, 'LINK_INVALID');
  assert.equal((await check(token)).body.code, 'LINK_INVALID', 'a used link, told at once');
  assert.equal(
    (await server.anonymous().post('/v1/auth/sign-in', { email: c.email, password: fresh })).status,
    200,
  );
});

test(`an expired reset link says so (${DIALECT})`, async () => {
  const c = await server.newCustomer();
  await server.anonymous().post('/v1/auth/password-reset', { email: c.email });
  const token = tokenOf(await server.mailedLink(c.email, 'reset-password'));
  await server.service.store.db
    .updateTable('verification')
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where('identifier', '=', `reset-password:${token}`)
    .execute();
  const r = await server
    .anonymous()
    .post('/v1/auth/password-reset/confirm', { token, password: 'marble lantern drift 7' });
  assert.equal(r.status, 410);
  assert.equal(r.body.code, 'LINK_EXPIRED');
  const checked = await server.anonymous().post('/v1/auth/password-reset/check', { token });
  assert.deepEqual([checked.status, checked.body.code], [410, 'LINK_EXPIRED']);
});

test(`changing the address: a link to the new one, the address changes when it is opened, and what waits for it attaches (${DIALECT})`, async () => {
  const c = await server.newCustomer({ language: 'da' });
  const product = await server.createProduct();
  const fresh = address();
  const waiting = await server.issueSubscription({ product: product.id, ownerEmail: fresh });
  const asked = await c.api.post('/v1/me/email', { email: fresh });
  assert.equal(asked.status, 202);
  assert.equal((await c.api.get('/v1/me')).body.email, c.email, 'unchanged until the link is opened');
  const mail = await mailTo(fresh);
  assert.match(mail.at(-1)!.subject!, /Bekræft din nye e-mailadresse/);
  const token = tokenOf(await server.mailedLink(fresh, 'verify-email'));
  assert.equal((await c.api.post('/v1/auth/verify-email', { token })).status, 200);
  const me = (await c.api.get('/v1/me')).body;
  assert.equal(me.email, fresh);
  assert.equal(me.emailVerified, true);
  const subs = (await c.api.get('/v1/me/subscriptions')).body;
  assert.ok(
    (subs.subscriptions ?? subs).some((s: { id: string }) => s.id === waiting.id),
    'attached',
  );
  // Someone else's address: the same answer, and nothing changes.
  const other = await server.newCustomer();
  assert.equal((await c.api.post('/v1/me/email', { email: other.email })).status, 202);
  assert.equal((await c.api.get('/v1/me')).body.email, fresh);
});
