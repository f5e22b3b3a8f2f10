import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import { LicenceKeySealer } from '../../src/app/licences/key-sealer.ts';
import { RETIRED_KEY_GRACE_MS } from '../../src/app/licences/licence-keys.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestDevice, TestServer } from '../support/server.ts';

/**
 * Offline licences (issue 18, item 4), checked with `jose` against the served JWKS, as a device
 * would: the signature, the claims, rotation, the sealed private keys and the TTL.
 */
const DAY = 86_400_000;
const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock })));
after(async () => server?.close());

async function jwks(s: TestServer = server): Promise<JSONWebKeySet> {
  const r = await s.anonymous().get('/.well-known/jwks.json');
  assert.equal(r.status, 200);
  return r.body as JSONWebKeySet;
}

async function licenceOf(device: TestDevice): Promise<string> {
  const r = await device.api.get('/v1/device/licence');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.match(r.headers.get('content-type') ?? '', /^application\/jose/);
  return r.body as string;
}

/** Verified as the agent does: the cached JWKS, this issuer, at the server's (manual) time. */
async function verify(licence: string, keys: JSONWebKeySet, at: Date = clock.now()) {
  return jwtVerify(licence, createLocalJWKSet(keys), {
    issuer: server.url,
    algorithms: ['EdDSA'],
    currentDate: at,
  });
}

async function activate(device: TestDevice, subscriptionId: string, customer: Customer) {
  const sent = await server.send(customer, subscriptionId, [device.deviceId]);
  const id = sent.body.results[0].delivery.id;
  await device.api.post(`/v1/device/deliveries/${id}/ack`);
  assert.equal((await device.api.post(`/v1/device/deliveries/${id}/complete`)).status, 200);
}

describe(`offline licences (${DIALECT})`, () => {
  test('the licence verifies against the JWKS; its claims name the device and follow its activations', async () => {
    const customer = await server.newCustomer();
    const device = await server.newDevice(customer);
    const empty = await licenceOf(device);
    const header = decodeProtectedHeader(empty);
    assert.equal(header.alg, 'EdDSA');
    assert.ok(header.kid);
    const keys = await jwks();
    const jwk = keys.keys.find((k) => k.kid === header.kid);
    assert.deepEqual(Object.keys(jwk!).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    assert.deepEqual([jwk!.kty, jwk!.crv, jwk!.alg, jwk!.use], ['OKP', 'Ed25519', 'EdDSA', 'sig']);

    const { payload } = await verify(empty, keys);
    const now = clock.now().getTime() / 1000;
    assert.deepEqual(payload, {
      sub: device.deviceId,
      iss: server.url,
      iat: now,
      exp: now + (30 * DAY) / 1000,
      subscriptions: [],
    });

    const product = await server.createProduct();
    const sub = await server.subscriptionFor(customer, { product: product.id, renewal: 'limited' });
    await activate(device, sub.id, customer);
    const active = await verify(await licenceOf(device), keys);
    assert.deepEqual(active.payload.subscriptions, [
      { id: sub.id, product: product.id, expiresAt: sub.expiresAt, renewal: 'limited' },
    ]);

    // Blocked: no longer in the next licence.
    assert.equal((await server.operator.post(`/v1/operator/subscriptions/${sub.id}/block`)).status, 200);
    assert.deepEqual((await verify(await licenceOf(device), keys)).payload.subscriptions, []);
  });

  test('a tampered licence, or one past its exp, does not verify', async () => {
    const device = await server.newDevice(await server.newCustomer());
    const licence = await licenceOf(device);
    const keys = await jwks();
    const [h, p, s] = licence.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 365 * 86_400 })).toString(
      'base64url',
    );
    await assert.rejects(verify(`${h}.${forged}.${s}`, keys), errors.JWSSignatureVerificationFailed);
    const later = new Date(clock.now().getTime() + 30 * DAY + 1000);
    await assert.rejects(verify(licence, keys, later), errors.JWTExpired);
  });

  test("a disconnected device's token gets a 401 problem, not a licence", async () => {
    const customer = await server.newCustomer();
    const device = await server.newDevice(customer);
    await licenceOf(device);
    assert.equal((await customer.api.delete(`/v1/me/devices/${device.deviceId}`)).status, 204);
    const r = await device.api.get('/v1/device/licence');
    assert.equal(r.status, 401);
    assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(r.body.code, 'UNAUTHENTICATED');
  });

  test('rotation: both keys are published, old licences still verify, and the old key goes once they expire', async () => {
    const device = await server.newDevice(await server.newCustomer());
    const old = await licenceOf(device);
    const oldKid = decodeProtectedHeader(old).kid!;
    const rotated = await server.operator.post('/v1/operator/licence-keys/rotate');
    assert.equal(rotated.status, 201);
    const newKid: string = rotated.body.kid;
    assert.notEqual(newKid, oldKid);
    const fresh = await licenceOf(device);
    assert.equal(decodeProtectedHeader(fresh).kid, newKid);

    // A JWKS asked for during the rotation holds both keys, and both licences verify with it.
    const both = await jwks();
    assert.deepEqual(
      [oldKid, newKid].map((kid) => both.keys.some((k) => k.kid === kid)),
      [true, true],
    );
    await verify(old, both);
    await verify(fresh, both);
    const withoutOld = { keys: both.keys.filter((k) => k.kid !== oldKid) };
    await assert.rejects(verify(old, withoutOld), errors.JWKSNoMatchingKey);

    // Published while the old licences may be valid (their exp, plus a grace); then withdrawn.
    clock.advance(30 * DAY);
    assert.ok((await jwks()).keys.some((k) => k.kid === oldKid));
    clock.advance(RETIRED_KEY_GRACE_MS + 1000);
    const later = await jwks();
    assert.ok(!later.keys.some((k) => k.kid === oldKid));
    assert.ok(later.keys.some((k) => k.kid === newKid));

    // The new key is 30 days old by now: the next licence brings the next key, made on its own.
    const next = await licenceOf(device);
    assert.ok(![oldKid, newKid].includes(decodeProtectedHeader(next).kid!));
    await verify(next, await jwks());
  });

  test('the private keys are stored sealed, never as a PEM, DER or JWK', async () => {
    await licenceOf(await server.newDevice(await server.newCustomer()));
    const rows = await server.service.deps.db.selectFrom('licence_keys').selectAll().execute();
    assert.ok(rows.length > 0);
    for (const row of rows) {
      const stored = row.private_key;
      assert.doesNotMatch(stored, /PRIVATE KEY|"d"/);
      assert.throws(() => JSON.parse(stored));
      for (const der of [Buffer.from(stored, 'base64'), Buffer.from(stored, 'base64url')])
        assert.throws(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
      assert.throws(() => createPrivateKey(stored));
      // It is the key, though: opened with the service's secret it matches the published half.
      const plain = new LicenceKeySealer(server.secrets.authSecret).unseal(row.id, stored);
      const x = createPublicKey(createPrivateKey({ key: plain!, format: 'der', type: 'pkcs8' })).export({
        format: 'jwk',
      }).x;
      assert.equal(x, JSON.parse(row.public_jwk).x);
      assert.equal(new LicenceKeySealer('another secret').unseal(row.id, stored), null);
      assert.equal(new LicenceKeySealer(server.secrets.authSecret).unseal('another-kid', stored), null);
    }
  });
});

describe(`the licence's TTL, and the first key on a fresh database (${DIALECT})`, () => {
  const start = new ManualClock(new Date('2031-06-01T12:00:00Z'));
  let fresh: TestServer;
  before(
    async () => (fresh = await startTestServer({ clock: start, settings: { licenceTtlMs: 2 * 3_600_000 } })),
  );
  after(async () => fresh?.close());

  test('requests racing for the first key all get the one key; exp is iat + the TTL setting', async () => {
    const devices = await Promise.all([1, 2, 3].map(async () => fresh.newDevice(await fresh.newCustomer())));
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) => devices[i % 3]!.api.get('/v1/device/licence')),
    );
    assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([200]));
    const kids = new Set(answers.map((a) => decodeProtectedHeader(a.body as string).kid));
    assert.equal(kids.size, 1);
    const rows = await fresh.service.deps.db.selectFrom('licence_keys').select('id').execute();
    assert.deepEqual(
      rows.map((r) => r.id),
      [...kids],
    );

    const { payload } = await jwtVerify(answers[0]!.body as string, createLocalJWKSet(await jwks(fresh)), {
      issuer: fresh.url,
      currentDate: start.now(),
    });
    assert.equal(payload.iat, start.now().getTime() / 1000);
    assert.equal(payload.exp, payload.iat + 2 * 3600);
  });

  test('SEATPOST_LICENCE_TTL is read like the other durations; 30 days without it', () => {
    const env = { DATABASE_URL: ':memory:', SEATPOST_OPERATOR_KEY: 'k'.repeat(20) };
    assert.equal(loadConfig(env).licenceTtlMs, 30 * DAY);
    assert.equal(loadConfig({ ...env, SEATPOST_LICENCE_TTL: '12h' }).licenceTtlMs, 12 * 3_600_000);
    assert.throws(() => loadConfig({ ...env, SEATPOST_LICENCE_TTL: 'forever' }), ConfigError);
  });
});
