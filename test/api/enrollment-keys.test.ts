import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { consoleBase as base, newOrganization } from '../support/organizations.ts';
import { Client } from '../support/http.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';

const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock })));
after(async () => server.close());

const apps = [{ app: 'seatpost-security', version: '22.1.0' }];
const enroll = (enrollmentKey: string, name = 'Kiosk') =>
  server.anonymous().post('/v1/device/enroll', { enrollmentKey, name, platform: 'linux', apps });

async function newKey(org: string, admin: Customer, body: Record<string, unknown> = {}) {
  const r = await admin.api.post(`${base(org)}/enrollment-keys`, { name: 'Shop floor', ...body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body as { id: string; key: string; [k: string]: unknown };
}

async function keyInList(org: string, admin: Customer, id: string) {
  const r = await admin.api.get(`${base(org)}/enrollment-keys`);
  assert.equal(r.status, 200);
  return (r.body.enrollmentKeys as { id: string; [k: string]: unknown }[]).find((k) => k.id === id)!;
}

async function deviceCount(org: string, admin: Customer) {
  return ((await admin.api.get(`${base(org)}/devices`)).body.devices as unknown[]).length;
}

interface AuditEntry {
  action: string;
  actor: string;
  targetId: string;
  detail: any;
}

/** The audit entries, whichever shape the audit answer has (a list, or a page with `entries`). */
async function auditEntries(org: string, admin: Customer): Promise<AuditEntry[]> {
  const body = (await admin.api.get(`${base(org)}/audit`)).body as AuditEntry[] | { entries: AuditEntry[] };
  return Array.isArray(body) ? body : body.entries;
}

describe(`enrolment keys (${DIALECT})`, () => {
  test('an admin makes a key, shown once and stored hashed; a device enrols with it as a managed device in its group, audited under the key and its maker', async () => {
    const { org, admin } = await newOrganization(server);
    const made = await newKey(org, admin, { group: 'Tills', maxUses: 5 });
    assert.match(made.key, /^sek_[A-Za-z0-9_-]{43}$/);
    assert.equal(made.state, 'active');
    assert.equal(made.uses, 0);
    assert.equal(made.createdBy, admin.email);
    const stored = await server.service.deps.db
      .selectFrom('enrollment_keys')
      .selectAll()
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.key_hash, createHash('sha256').update(made.key).digest('base64url'));
    assert.ok(!JSON.stringify(stored).includes(made.key.slice(4)), 'the key itself is not stored');
    const listed = await keyInList(org, admin, made.id);
    assert.equal(listed.key, undefined, 'the list never shows the key');
    assert.equal(listed.hint, made.key.slice(-4));

    clock.advance(60_000);
    const r = await enroll(made.key, 'Till 1');
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.deepEqual(Object.keys(r.body).sort(), ['deviceId', 'token']);
    const device = new Client(server.url, { authorization: `Bearer ${r.body.token}` });
    assert.equal((await device.post('/v1/device/check-in', {})).status, 200);

    const devices = (await admin.api.get(`${base(org)}/devices`)).body.devices as any[];
    assert.deepEqual(
      devices.map((d) => [d.id, d.name, d.platform, d.group]),
      [[r.body.deviceId, 'Till 1', 'linux', 'Tills']],
    );
    const after = await keyInList(org, admin, made.id);
    assert.equal(after.uses, 1);
    assert.equal(after.lastUsedAt, clock.now().toISOString());

    const entries = await auditEntries(org, admin);
    const created = entries.find((e) => e.action === 'enrollment_key.create')!;
    assert.equal(created.targetId, made.id);
    assert.equal(created.actor, admin.email);
    assert.deepEqual(created.detail, { name: 'Shop floor', group: 'Tills', expiresAt: null, maxUses: 5 });
    const enrolled = entries.find((e) => e.action === 'device.enroll')!;
    assert.equal(enrolled.targetId, r.body.deviceId);
    assert.equal(enrolled.actor, admin.email, "audited under the key's maker");
    assert.deepEqual(enrolled.detail.enrollmentKey, { id: made.id, name: 'Shop floor' });
  });

  test('a revoked, expired, used-up or unknown key: 400 ENROLLMENT_KEY_INVALID alike, and nothing changed', async () => {
    const { org, admin } = await newOrganization(server);
    const revoked = await newKey(org, admin, { name: 'Revoked' });
    assert.equal((await admin.api.delete(`${base(org)}/enrollment-keys/${revoked.id}`)).status, 204);
    const expiring = await newKey(org, admin, {
      name: 'Expiring',
      expiresAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
    });
    const once = await newKey(org, admin, { name: 'Once', maxUses: 1 });
    assert.equal((await enroll(once.key)).status, 201);
    assert.equal((await enroll(expiring.key)).status, 201);
    clock.advance(3_600_000);

    const before = await deviceCount(org, admin);
    const answers = [];
    for (const key of [revoked.key, expiring.key, once.key, `sek_${'A'.repeat(43)}`]) {
      const r = await enroll(key);
      assert.equal(r.status, 400, key);
      assert.match(r.headers.get('content-type')!, /application\/problem\+json/);
      answers.push([r.body.code, r.body.detail]);
    }
    assert.deepEqual(new Set(answers.map((a) => JSON.stringify(a))).size, 1, 'one answer: which is not told');
    assert.equal(answers[0]![0], 'ENROLLMENT_KEY_INVALID');

    assert.equal(await deviceCount(org, admin), before);
    const states = Object.fromEntries(
      ((await admin.api.get(`${base(org)}/enrollment-keys`)).body.enrollmentKeys as any[]).map((k) => [
        k.name,
        [k.state, k.uses],
      ]),
    );
    assert.deepEqual(states, { Revoked: ['revoked', 0], Expiring: ['expired', 1], Once: ['used_up', 1] });
  });

  test('bad input to make a key: an expiry in the past, a use limit below one, a name of nothing', async () => {
    const { org, admin } = await newOrganization(server);
    for (const [body, pointer] of [
      [{ name: 'x', expiresAt: new Date(clock.now().getTime() - 1).toISOString() }, '/expiresAt'],
      [{ name: 'x', maxUses: 0 }, '/maxUses'],
      [{ name: '' }, '/name'],
    ] as const) {
      const r = await admin.api.post(`${base(org)}/enrollment-keys`, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.code, 'VALIDATION_FAILED');
      assert.equal(r.body.pointer, pointer);
    }
    assert.deepEqual((await admin.api.get(`${base(org)}/enrollment-keys`)).body.enrollmentKeys, []);
  });

  test('a member cannot make, list or revoke keys (FORBIDDEN); a stranger finds no organization; another organization’s key is not found', async () => {
    const a = await newOrganization(server, 'A ApS');
    const b = await newOrganization(server, 'B ApS');
    const keyA = await newKey(a.org, a.admin);
    for (const [method, path, body] of [
      ['POST', `${base(a.org)}/enrollment-keys`, { name: 'Mine' }],
      ['GET', `${base(a.org)}/enrollment-keys`, undefined],
      ['DELETE', `${base(a.org)}/enrollment-keys/${keyA.id}`, undefined],
    ] as const) {
      const r = await a.member.api.request(method, path, body);
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.body.code, 'FORBIDDEN');
      const s = await b.admin.api.request(method, path, body);
      assert.equal(s.status, 404, `a stranger: ${method} ${path}`);
    }
    const other = await b.admin.api.delete(`${base(b.org)}/enrollment-keys/${keyA.id}`);
    assert.equal(other.status, 404);
    assert.equal(other.body.code, 'NOT_FOUND');
    assert.equal((await keyInList(a.org, a.admin, keyA.id)).state, 'active');
    assert.equal((await enroll(keyA.key)).status, 201, 'the key still enrols');
  });

  test('revoking is audited once; the devices the key enrolled stay', async () => {
    const { org, admin } = await newOrganization(server);
    const k = await newKey(org, admin);
    const d = await enroll(k.key);
    for (let i = 0; i < 2; i++)
      assert.equal((await admin.api.delete(`${base(org)}/enrollment-keys/${k.id}`)).status, 204);
    const revokes = (await auditEntries(org, admin)).filter((e) => e.action === 'enrollment_key.revoke');
    assert.equal(revokes.length, 1);
    assert.equal(revokes[0]!.targetId, k.id);
    assert.equal(revokes[0]!.actor, admin.email);
    assert.equal((await keyInList(org, admin, k.id)).revokedAt, clock.now().toISOString());
    const device = new Client(server.url, { authorization: `Bearer ${d.body.token}` });
    assert.equal((await device.post('/v1/device/check-in', {})).status, 200);
  });

  test('an app with a key: its proof (of `seatpost-connect:<key>`) is checked and the key kept; the same key again is refused, a bad proof uses up nothing', async () => {
    const { org, admin } = await newOrganization(server);
    const k = await newKey(org, admin, { maxUses: 5 });
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
    const proof = sign(null, Buffer.from(`seatpost-connect:${k.key}`), privateKey).toString('base64url');
    const body = { enrollmentKey: k.key, name: 'Keyed', platform: 'linux', apps, publicKey: raw, proof };
    const r = await server.anonymous().post('/v1/device/enroll', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const identity = await server.service.deps.db
      .selectFrom('device_identities')
      .select(['public_key', 'scope'])
      .where('device_id', '=', r.body.deviceId)
      .executeTakeFirstOrThrow();
    assert.equal(identity.public_key, raw);

    const again = await server.anonymous().post('/v1/device/enroll', body);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'DEVICE_KEY_IN_USE');
    const forged = await server.anonymous().post('/v1/device/enroll', { ...body, proof: 'A'.repeat(86) });
    assert.equal(forged.status, 400);
    assert.equal(forged.body.code, 'DEVICE_PROOF_INVALID');
    assert.equal(
      (await keyInList(org, admin, k.id)).uses,
      1,
      'neither the refused key nor the bad proof used the key',
    );
    assert.equal(await deviceCount(org, admin), 1);
  });

  test('maxUses holds against racing enrolments: 100 at once on a key with maxUses 10 make exactly 10 devices', async () => {
    const { org, admin } = await newOrganization(server);
    const k = await newKey(org, admin, { maxUses: 10 });
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => enroll(k.key, `Racer ${i}`)));
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 201).length, 10, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 400).length, 90);
    assert.ok(answers.filter((a) => a.status === 400).every((a) => a.body.code === 'ENROLLMENT_KEY_INVALID'));
    assert.equal(await deviceCount(org, admin), 10);
    const listed = await keyInList(org, admin, k.id);
    assert.deepEqual([listed.uses, listed.state], [10, 'used_up']);
    assert.equal((await auditEntries(org, admin)).filter((e) => e.action === 'device.enroll').length, 10);
  });
});

describe(`enrolment keys: guessing is limited per client address (${DIALECT})`, () => {
  const limited = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  let s: TestServer;
  before(
    async () => (s = await startTestServer({ clock: limited, settings: { enrollFailuresPerWindow: 3 } })),
  );
  after(async () => s.close());
  const guess = (i: number) =>
    s.anonymous().post('/v1/device/enroll', {
      enrollmentKey: `sek_guess-${i}-${'x'.repeat(30)}`,
      name: 'Guesser',
      platform: 'linux',
      apps,
    });

  test('parallel guesses: exactly the limit (and the slow lane) are checked, the rest refused 429 before any check; then a throttle, not a lock-out', async () => {
    const { org, admin } = await newOrganization(s);
    const r = await admin.api.post(`${base(org)}/enrollment-keys`, { name: 'Real' });
    const real = r.body.key as string;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => guess(i)));
    const statuses = answers.map((a) => a.status).sort();
    // The limit's three, and the one the slow lane lets through in its first 200 ms.
    assert.deepEqual(statuses, [...Array(4).fill(400), ...Array(16).fill(429)]);
    const refused = answers.find((a) => a.status === 429)!;
    assert.equal(refused.body.code, 'RATE_LIMITED');
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);

    // Past the limit, everything from the address waits its turn: one check per 200 ms.
    limited.advance(200);
    const honest = await s.anonymous().post('/v1/device/enroll', {
      enrollmentKey: real,
      name: 'Honest',
      platform: 'linux',
      apps,
    });
    assert.equal(honest.status, 201, JSON.stringify(honest.body));
    assert.equal((await guess(99)).status, 429);
    // A window later the address starts afresh.
    limited.advance(15 * 60_000);
    assert.equal((await guess(100)).status, 400);
  });
});
