import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { consoleBase, newOrganization } from '../support/organizations.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import {
  activate,
  connectWithKey,
  deviceFrom,
  newDeviceKey,
  proofFor,
  seatsUsed,
} from '../support/seat-life.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

test(`a known key reconnects the same device: 200, same id, new token, the old one dead, seats kept (${DIALECT})`, async () => {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const key = newDeviceKey();

  const first = await connectWithKey(server, customer, key);
  assert.equal(first.status, 201);
  assert.equal(first.body.reconnected, undefined);
  const before = deviceFrom(server, first.body);
  await activate(server, customer, before, sub.id);
  assert.equal(await seatsUsed(customer, sub.id), 1);

  // The state is wiped, the key kept: a new code, the same key.
  const again = await connectWithKey(server, customer, key, { name: 'Laptop (reinstalled)' });
  assert.equal(again.status, 200);
  assert.equal(again.body.deviceId, before.deviceId);
  assert.equal(again.body.reconnected, true);
  assert.notEqual(again.body.token, before.token);
  const after = deviceFrom(server, again.body);

  const old = await before.api.post('/v1/device/check-in', {});
  assert.equal(old.status, 401);
  assert.equal(old.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  assert.equal((await after.api.post('/v1/device/check-in', {})).status, 200);

  // Activations and seats as they were; one device in the list.
  const subs = await after.api.get('/v1/device/subscriptions');
  assert.deepEqual(
    subs.body.subscriptions.map((s: any) => s.subscriptionId),
    [sub.id],
  );
  assert.equal(await seatsUsed(customer, sub.id), 1);
  const devices = await customer.api.get('/v1/me/devices');
  assert.deepEqual(
    devices.body.devices.map((d: any) => d.id),
    [before.deviceId],
  );
});

test(`a key is known per account: the same key on another account is another device (${DIALECT})`, async () => {
  const key = newDeviceKey();
  const a = await server.newCustomer();
  const b = await server.newCustomer();
  const onA = await connectWithKey(server, a, key);
  const onB = await connectWithKey(server, b, key);
  assert.equal(onA.status, 201);
  assert.equal(onB.status, 201);
  assert.notEqual(onA.body.deviceId, onB.body.deviceId);
});

test(`bad proofs: 400 DEVICE_PROOF_INVALID, and the code is still good afterwards (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const key = newDeviceKey();
  const other = newDeviceKey();
  const code = await server.connectCode(customer);
  const base = { code, name: 'Laptop', platform: 'windows', apps: [] };
  const cases: [string, Record<string, unknown>, string][] = [
    ['a proof by another key', { publicKey: key.publicKey, proof: proofFor(other, code) }, '/proof'],
    ['a proof of another code', { publicKey: key.publicKey, proof: proofFor(key, 'ABCDE-FGHJK') }, '/proof'],
    ['a key without a proof', { publicKey: key.publicKey }, '/proof'],
    ['a proof without a key', { proof: proofFor(key, code) }, '/publicKey'],
    ['a key of the wrong length', { publicKey: 'AAAA', proof: proofFor(key, code) }, '/publicKey'],
    ['a proof that is not base64url', { publicKey: key.publicKey, proof: '!'.repeat(86) }, '/proof'],
  ];
  for (const [what, extra, pointer] of cases) {
    const r = await server.anonymous().post('/v1/device/connect', { ...base, ...extra });
    assert.equal(r.status, 400, what);
    assert.equal(r.body.code, 'DEVICE_PROOF_INVALID', what);
    assert.equal(r.body.pointer ?? r.body.field, pointer, what);
  }
  const ok = await connectWithKey(server, customer, key, {}, code);
  assert.equal(ok.status, 201);
});

test(`a replayed proof: 400 DEVICE_PROOF_REPLAYED, and nothing changes (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const key = newDeviceKey();
  const code = await server.connectCode(customer);
  const first = await connectWithKey(server, customer, key, {}, code);
  assert.equal(first.status, 201);
  const replay = await connectWithKey(server, customer, key, {}, code);
  assert.equal(replay.status, 400);
  assert.equal(replay.body.code, 'DEVICE_PROOF_REPLAYED');
  // The first connection's token still works; no second device.
  assert.equal((await deviceFrom(server, first.body).api.post('/v1/device/check-in', {})).status, 200);
  assert.equal((await customer.api.get('/v1/me/devices')).body.devices.length, 1);
  // A used code without a key stays the plain refusal.
  const plain = await server
    .anonymous()
    .post('/v1/device/connect', { code, name: 'x', platform: 'windows', apps: [] });
  assert.equal(plain.body.code, 'CONNECT_CODE_INVALID');
});

test(`a disconnected device's key connects as a new device, and takes no old seat back (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const key = newDeviceKey();
  const first = await connectWithKey(server, customer, key);
  assert.equal((await customer.api.delete(`/v1/me/devices/${first.body.deviceId}`)).status, 204);
  const again = await connectWithKey(server, customer, key);
  assert.equal(again.status, 201);
  assert.notEqual(again.body.deviceId, first.body.deviceId);
  // And that new device is now the key's: the next reconnect finds it.
  const third = await connectWithKey(server, customer, key);
  assert.equal(third.status, 200);
  assert.equal(third.body.deviceId, again.body.deviceId);
});

test(`two connections with one new key at once: one device, never two (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const key = newDeviceKey();
  const answers = await Promise.all([
    connectWithKey(server, customer, key),
    connectWithKey(server, customer, key),
  ]);
  const ids = new Set(answers.filter((a) => a.status < 300).map((a) => a.body.deviceId));
  assert.equal(ids.size, 1, JSON.stringify(answers.map((a) => [a.status, a.body])));
  for (const a of answers) if (a.status >= 300) assert.equal(a.body.code, 'DEVICE_KEY_IN_USE');
  assert.equal((await customer.api.get('/v1/me/devices')).body.devices.length, 1);
});

test(`an organization's code: a key known in the organization reconnects its managed device, audited (${DIALECT})`, async () => {
  const { org, admin } = await newOrganization(server);
  const key = newDeviceKey();
  const code = async () =>
    (await admin.api.post(`${consoleBase(org)}/connect-codes`, {})).body.code as string;
  const first = await connectWithKey(server, admin, key, {}, await code());
  assert.equal(first.status, 201);
  const again = await connectWithKey(server, admin, key, {}, await code());
  assert.equal(again.status, 200);
  assert.equal(again.body.deviceId, first.body.deviceId);
  // The same key on the admin's own account is another scope: another device.
  const personal = await connectWithKey(server, admin, key);
  assert.equal(personal.status, 201);
  assert.notEqual(personal.body.deviceId, first.body.deviceId);
  const audit = await admin.api.get(`${consoleBase(org)}/audit?action=device.reconnect`);
  assert.deepEqual(
    audit.body.entries.map((e: any) => e.targetId),
    [first.body.deviceId],
  );
  assert.equal((await admin.api.get(`${consoleBase(org)}/devices`)).body.devices.length, 1);
});
