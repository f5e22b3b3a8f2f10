import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/**
 * Short support references (issue 18, item 3): made by the portal for the signed-in account,
 * opened by the vendor's support with the operator key, gone after 30 days.
 */
const DAY = 86_400_000;
const REFERENCE = /^SP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const clock = new ManualClock(new Date('2031-03-01T12:00:00Z'));
let server: TestServer;
before(
  async () =>
    (server = await startTestServer({
      clock,
      settings: {
        supportContact: { kind: 'url', value: 'https://help.vendor.example/contact' },
        supportReferencesPerHour: 5,
      },
    })),
);
after(async () => server?.close());

/** A signed-in customer (signing in again is harmless where sign-up already did). */
async function signedIn(c: Parameters<TestServer['newCustomer']>[0] = {}) {
  const customer = await server.newCustomer(c);
  const r = await customer.api.post('/v1/auth/sign-in', {
    email: customer.email,
    password: customer.password,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return customer;
}

describe(`support references (${DIALECT})`, () => {
  test('a reference beside a refusal stands for the account, subscription, device and reasons', async () => {
    const product = await server.createProduct({ name: 'Seatpost Security' });
    const customer = await signedIn({ name: 'Karen Jensen' });
    const sub = await server.subscriptionFor(customer, { product: product.id, kind: 'trial' });
    const device = await server.newDevice(customer, { name: 'Karens laptop', platform: 'macos' });

    const made = await customer.api.post('/v1/me/support-references', {
      subscriptionId: sub.id,
      deviceId: device.deviceId,
      reasons: ['TRIAL_OR_FREE', 'TRIAL_OR_FREE', 'APP_ERROR'],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.match(made.body.reference, REFERENCE);
    assert.deepEqual(made.body.contact, { kind: 'url', value: 'https://help.vendor.example/contact' });
    assert.equal(made.body.expiresAt, new Date(clock.now().getTime() + 30 * DAY).toISOString());

    // Read out over the phone: small letters, no hyphens, with or without the prefix.
    const ref = made.body.reference as string;
    for (const typed of [
      ref,
      ref.toLowerCase().replaceAll('-', ''),
      ref.slice(3),
      ` ${ref.slice(3, 7)} ${ref.slice(8)} `,
    ]) {
      const r = await server.operator.get(`/v1/operator/support/references/${encodeURIComponent(typed)}`);
      assert.equal(r.status, 200, `${typed}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.reference, ref);
    }
    const seen = await server.operator.get(`/v1/operator/support/references/${ref}`);
    assert.deepEqual(seen.body.account, { id: customer.id, email: customer.email, name: 'Karen Jensen' });
    assert.equal(seen.body.subscription.id, sub.id);
    assert.deepEqual(seen.body.subscription.product, { id: product.id, name: 'Seatpost Security' });
    assert.equal(seen.body.subscription.kind, 'trial');
    assert.equal(seen.body.device.id, device.deviceId);
    assert.equal(seen.body.device.name, 'Karens laptop');
    assert.equal(seen.body.device.platform, 'macos');
    assert.ok(seen.body.device.lastSeenAt);
    assert.deepEqual(seen.body.reasons, ['TRIAL_OR_FREE', 'APP_ERROR']);
    assert.equal(seen.body.createdAt, clock.now().toISOString());
  });

  test('from Help, a reference stands for the account alone', async () => {
    const customer = await signedIn();
    const made = await customer.api.post('/v1/me/support-references', {});
    assert.equal(made.status, 201);
    const seen = await server.operator.get(`/v1/operator/support/references/${made.body.reference}`);
    assert.equal(seen.status, 200);
    assert.equal(seen.body.account.id, customer.id);
    assert.equal(seen.body.subscription, null);
    assert.equal(seen.body.device, null);
    assert.deepEqual(seen.body.reasons, []);
  });

  test("another account's subscription or device is not found, and nothing is made", async () => {
    const product = await server.createProduct();
    const owner = await signedIn();
    const other = await signedIn();
    const sub = await server.subscriptionFor(owner, { product: product.id });
    const device = await server.newDevice(owner);
    const bySub = await other.api.post('/v1/me/support-references', { subscriptionId: sub.id });
    assert.equal(bySub.status, 404);
    assert.equal(bySub.body.code, 'NOT_FOUND');
    const byDevice = await other.api.post('/v1/me/support-references', { deviceId: device.deviceId });
    assert.equal(byDevice.status, 404);
    assert.equal(byDevice.body.code, 'NOT_FOUND');
    const unknown = await other.api.post('/v1/me/support-references', { subscriptionId: 'no-such-id' });
    assert.equal(unknown.status, 404);
  });

  test('bad input: reasons that are not codes, unknown fields, no session, no operator key', async () => {
    const customer = await signedIn();
    const bad = await customer.api.post('/v1/me/support-references', { reasons: ['<script>'] });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'VALIDATION_FAILED');
    const extra = await customer.api.post('/v1/me/support-references', { accountId: 'someone-else' });
    assert.equal(extra.status, 400);
    const many = await customer.api.post('/v1/me/support-references', {
      reasons: Array.from({ length: 21 }, () => 'APP_ERROR'),
    });
    assert.equal(many.status, 400);
    assert.equal((await server.anonymous().post('/v1/me/support-references', {})).status, 401);
    const made = await customer.api.post('/v1/me/support-references', {});
    const noKey = await server.anonymous().get(`/v1/operator/support/references/${made.body.reference}`);
    assert.equal(noKey.status, 401);
  });

  test('unknown and malformed references are 404', async () => {
    for (const ref of ['SP-0000-0000', 'SP-7K3Q-9XF', 'not a reference', 'SP-UUUU-UUUU']) {
      const r = await server.operator.get(`/v1/operator/support/references/${encodeURIComponent(ref)}`);
      assert.equal(r.status, 404, ref);
      assert.equal(r.body.code, 'NOT_FOUND');
    }
  });

  test('a reference is kept 30 days, then is gone', async () => {
    const customer = await signedIn();
    const made = await customer.api.post('/v1/me/support-references', {});
    const path = `/v1/operator/support/references/${made.body.reference}`;
    clock.advance(30 * DAY - 1000);
    assert.equal((await server.operator.get(path)).status, 200);
    clock.advance(1000);
    const gone = await server.operator.get(path);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.code, 'NOT_FOUND');
    // Making a new one sweeps the expired ones away; the answer stays the same.
    await customer.api.post('/v1/me/support-references', {});
    assert.equal((await server.operator.get(path)).status, 404);
  });

  test('each account may make a few an hour, counted atomically even in parallel', async () => {
    const customer = await signedIn();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => customer.api.post('/v1/me/support-references', {})),
    );
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429, 429, 429]);
    const refused = answers.find((a) => a.status === 429)!;
    assert.equal(refused.body.code, 'RATE_LIMITED');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    // Another account is not held back by it.
    const other = await signedIn();
    assert.equal((await other.api.post('/v1/me/support-references', {})).status, 201);
    clock.advance(3_600_000);
    assert.equal((await customer.api.post('/v1/me/support-references', {})).status, 201);
  });

  test('the support contact is public, for Help before sign-in', async () => {
    const r = await server.anonymous().get('/v1/support/contact');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { contact: { kind: 'url', value: 'https://help.vendor.example/contact' } });
  });
});

test('SEATPOST_SUPPORT_CONTACT: an https URL or an email address, checked at start', () => {
  const base = { DATABASE_URL: ':memory:', SEATPOST_OPERATOR_KEY: 'k'.repeat(20) };
  assert.deepEqual(loadConfig(base).supportContact, { kind: 'email', value: 'support@seatpost.example' });
  assert.deepEqual(loadConfig({ ...base, SEATPOST_SUPPORT_CONTACT: 'hjaelp@firma.dk' }).supportContact, {
    kind: 'email',
    value: 'hjaelp@firma.dk',
  });
  assert.deepEqual(
    loadConfig({ ...base, SEATPOST_SUPPORT_CONTACT: 'https://firma.dk/kundeservice' }).supportContact,
    { kind: 'url', value: 'https://firma.dk/kundeservice' },
  );
  for (const bad of ['http://firma.dk/help', 'javascript:alert(1)', 'support', 'mailto:a@b.dk'])
    assert.throws(
      () => loadConfig({ ...base, SEATPOST_SUPPORT_CONTACT: bad }),
      (e: Error) =>
        e instanceof ConfigError &&
        /SEATPOST_SUPPORT_CONTACT: .* neither an https URL nor an email/.test(e.message),
      bad,
    );
});
