import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { consoleBase as base, newOrganization } from '../support/organizations.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { activate, deviceFrom, seatsUsed } from '../support/seat-life.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

async function hinted(customer: Customer, hardwareId: string, name: string) {
  const code = await server.connectCode(customer);
  const r = await server.anonymous().post('/v1/device/connect', {
    code,
    name,
    platform: 'windows',
    apps: [{ app: 'seatpost-security', version: '22.1.0' }],
    hardwareId,
  });
  assert.equal(r.status, 201);
  return deviceFrom(server, r.body);
}

test(`the same hardware hint: suggested as one device; a merge keeps the newer, moves the activations, frees the duplicate's seat (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const product = await server.createProduct();
  const moved = await server.subscriptionFor(customer, { product: product.id, seats: 2 });
  const older = await hinted(customer, 'hw-1', 'PC (old install)');
  await activate(server, customer, older, moved.id);
  const newer = await hinted(customer, 'hw-1', 'PC');
  await hinted(customer, 'hw-2', 'Another PC');

  const list = await customer.api.get('/v1/me/devices');
  assert.deepEqual(list.body.duplicates, [
    { hardwareId: 'hw-1', keep: newer.deviceId, duplicates: [older.deviceId] },
  ]);
  assert.deepEqual(list.body.lost, []);

  // Named either way round, the newer connection stays.
  const merged = await customer.api.post(`/v1/me/devices/${newer.deviceId}/merge`, {
    duplicateId: older.deviceId,
  });
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  assert.deepEqual(merged.body, {
    keptDeviceId: newer.deviceId,
    mergedDeviceId: older.deviceId,
    movedActivations: 1,
    endedActivations: 0,
  });
  assert.equal(await seatsUsed(customer, moved.id), 1);
  const subs = await newer.api.get('/v1/device/subscriptions');
  assert.deepEqual(
    subs.body.subscriptions.map((s: any) => s.subscriptionId),
    [moved.id],
  );
  assert.equal((await older.api.post('/v1/device/check-in', {})).status, 401);
  const after = await customer.api.get('/v1/me/devices');
  assert.equal(after.body.devices.length, 2);
  assert.deepEqual(after.body.duplicates, []);
});

test(`a merge where both hold the same app: the duplicate's activation ends and its seat is free (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const product = await server.createProduct();
  const a = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const b = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const older = await hinted(customer, 'hw-9', 'Old');
  await activate(server, customer, older, a.id);
  const newer = await hinted(customer, 'hw-9', 'New');
  await activate(server, customer, newer, b.id);
  const merged = await customer.api.post(`/v1/me/devices/${older.deviceId}/merge`, {
    duplicateId: newer.deviceId,
  });
  assert.equal(merged.status, 200);
  assert.equal(merged.body.keptDeviceId, newer.deviceId);
  assert.deepEqual([merged.body.movedActivations, merged.body.endedActivations], [0, 1]);
  assert.equal(await seatsUsed(customer, a.id), 0);
  assert.equal(await seatsUsed(customer, b.id), 1);
  const history = await customer.api.get(`/v1/me/subscriptions/${a.id}/seat-history`);
  assert.deepEqual(
    history.body.entries.map((e: any) => [e.deviceId, e.endedBecause]),
    [[older.deviceId, 'disconnected']],
  );
});

test(`merge refusals: with itself 400, another account's device 404, a disconnected one 404 (${DIALECT})`, async () => {
  const me = await server.newCustomer();
  const someone = await server.newCustomer();
  const mine = await hinted(me, 'hw-x', 'Mine');
  const theirs = await hinted(someone, 'hw-x', 'Theirs');
  const self = await me.api.post(`/v1/me/devices/${mine.deviceId}/merge`, { duplicateId: mine.deviceId });
  assert.equal(self.status, 400);
  assert.equal(self.body.code, 'MERGE_SAME_DEVICE');
  for (const [id, duplicateId] of [
    [mine.deviceId, theirs.deviceId],
    [theirs.deviceId, mine.deviceId],
  ]) {
    const r = await me.api.post(`/v1/me/devices/${id}/merge`, { duplicateId });
    assert.equal(r.status, 404);
    assert.equal(r.body.code, 'NOT_FOUND');
  }
  // Each account sees only its own: no suggestion across accounts.
  assert.deepEqual((await me.api.get('/v1/me/devices')).body.duplicates, []);
  assert.equal((await theirs.api.post('/v1/device/check-in', {})).status, 200);
  const gone = await hinted(me, 'hw-x', 'Gone');
  await me.api.delete(`/v1/me/devices/${gone.deviceId}`);
  assert.equal(
    (await me.api.post(`/v1/me/devices/${mine.deviceId}/merge`, { duplicateId: gone.deviceId })).status,
    404,
  );
});

test(`console: an admin merges two managed devices, audited; a member may not (${DIALECT})`, async () => {
  const { org, admin, member } = await newOrganization(server);
  const enrol = async (name: string) => {
    const code = (await admin.api.post(`${base(org)}/connect-codes`, {})).body.code;
    const r = await server.anonymous().post('/v1/device/connect', {
      code,
      name,
      platform: 'windows',
      apps: [],
      hardwareId: 'serial-42',
    });
    return r.body.deviceId as string;
  };
  const first = await enrol('Front desk');
  const second = await enrol('Front desk (again)');
  const byMember = await member.api.post(`${base(org)}/devices/${first}/merge`, { duplicateId: second });
  assert.equal(byMember.status, 403);
  const merged = await admin.api.post(`${base(org)}/devices/${first}/merge`, { duplicateId: second });
  assert.equal(merged.status, 200);
  assert.equal(merged.body.keptDeviceId, second);
  const audit = await admin.api.get(`${base(org)}/audit?action=device.merge`);
  assert.equal(audit.body.entries.length, 1);
  assert.equal(audit.body.entries[0].detail.mergedDeviceId, first);
});
