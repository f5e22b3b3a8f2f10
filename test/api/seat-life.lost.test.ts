import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { consoleBase as base, managedDevice, newOrganization } from '../support/organizations.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { activate, seatsUsed } from '../support/seat-life.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

test(`lost or stolen: activations end (lost), seats free, deliveries cancelled, the token refused and its attempt recorded (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const product = await server.createProduct();
  const held = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const other = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const laptop = await server.newDevice(customer, { name: 'Stolen laptop' });
  const kept = await server.newDevice(customer, { name: 'Desktop' });
  await activate(server, customer, laptop, held.id);
  const pending = (await server.send(customer, other.id, [laptop.deviceId])).body.results[0].delivery;
  assert.equal(await seatsUsed(customer, held.id), 1);

  const lost = await customer.api.post(`/v1/me/devices/${laptop.deviceId}/lost`);
  assert.equal(lost.status, 200, JSON.stringify(lost.body));
  assert.equal(lost.body.deviceId, laptop.deviceId);
  assert.deepEqual(lost.body.endedActivations, [{ subscriptionId: held.id, app: 'seatpost-security' }]);
  assert.deepEqual(lost.body.cancelledDeliveries, [pending.id]);
  assert.equal(await seatsUsed(customer, held.id), 0);
  assert.equal(await seatsUsed(customer, other.id), 0);
  assert.equal((await customer.api.get(`/v1/me/deliveries/${pending.id}`)).body.status, 'cancelled');

  // Its token: refused with its own code, on every device call, and the attempt is on the device.
  const refused = await laptop.api.post('/v1/device/check-in', {});
  assert.equal(refused.status, 401);
  assert.equal(refused.body.code, 'DEVICE_TOKEN_REVOKED');
  assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal((await laptop.api.get('/v1/device/subscriptions')).body.code, 'DEVICE_TOKEN_REVOKED');
  const list = await customer.api.get('/v1/me/devices');
  assert.deepEqual(
    list.body.devices.map((d: any) => d.id),
    [kept.deviceId],
  );
  assert.equal(list.body.lost.length, 1);
  const entry = list.body.lost[0];
  assert.equal(entry.id, laptop.deviceId);
  assert.equal(entry.name, 'Stolen laptop');
  assert.equal(entry.lostAt, lost.body.lostAt);
  assert.ok(entry.refusedAttempts >= 1);
  assert.equal(entry.lastAttempt.address, '127.0.0.1');
  assert.ok(Date.parse(entry.lastAttempt.at) >= Date.parse(entry.lostAt));

  // A token no device ever had stays the plain 401.
  const stranger = await server
    .anonymous()
    .post('/v1/device/check-in', {}, { authorization: 'Bearer nonsense' });
  assert.equal(stranger.body.code, 'UNAUTHENTICATED');
  // The other device is untouched.
  assert.equal((await kept.api.post('/v1/device/check-in', {})).status, 200);

  // Lost twice: a clear 409, nothing changes.
  const twice = await customer.api.post(`/v1/me/devices/${laptop.deviceId}/lost`);
  assert.equal(twice.status, 409);
  assert.equal(twice.body.code, 'DEVICE_ALREADY_LOST');
  assert.equal((await customer.api.get('/v1/me/devices')).body.lost[0].lostAt, lost.body.lostAt);

  // The seat history says why.
  const history = await customer.api.get(`/v1/me/subscriptions/${held.id}/seat-history`);
  assert.deepEqual(
    history.body.entries.map((e: any) => [e.deviceId, e.endedBecause, e.to === lost.body.lostAt]),
    [[laptop.deviceId, 'lost', true]],
  );
});

test(`lost: another account's device, a disconnected one and an unknown id are 404; two reports at once, one 409 (${DIALECT})`, async () => {
  const me = await server.newCustomer();
  const someone = await server.newCustomer();
  const theirs = await server.newDevice(someone);
  assert.equal((await me.api.post(`/v1/me/devices/${theirs.deviceId}/lost`)).status, 404);
  assert.equal((await theirs.api.post('/v1/device/check-in', {})).status, 200);
  const gone = await server.newDevice(me);
  await me.api.delete(`/v1/me/devices/${gone.deviceId}`);
  assert.equal((await me.api.post(`/v1/me/devices/${gone.deviceId}/lost`)).status, 404);
  assert.equal((await gone.api.post('/v1/device/check-in', {})).body.code, 'UNAUTHENTICATED');
  assert.equal((await me.api.post('/v1/me/devices/no-such-device/lost')).status, 404);

  const mine = await server.newDevice(me);
  const both = await Promise.all([
    me.api.post(`/v1/me/devices/${mine.deviceId}/lost`),
    me.api.post(`/v1/me/devices/${mine.deviceId}/lost`),
  ]);
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  assert.equal((await me.api.get('/v1/me/devices')).body.lost.length, 1);
});

test(`lost racing the device completing a delivery: never an activation left on the lost device, seats exact (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const product = await server.createProduct();
  for (let round = 0; round < 4; round++) {
    const sub = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
    const device = await server.newDevice(customer);
    const delivery = (await server.send(customer, sub.id, [device.deviceId])).body.results[0].delivery;
    const [lost, complete] = await Promise.all([
      customer.api.post(`/v1/me/devices/${device.deviceId}/lost`),
      device.api.post(`/v1/device/deliveries/${delivery.id}/complete`),
    ]);
    assert.equal(lost.status, 200, JSON.stringify(lost.body));
    assert.ok(
      [200, 401, 409].includes(complete.status),
      `${complete.status} ${JSON.stringify(complete.body)}`,
    );
    assert.equal(await seatsUsed(customer, sub.id), 0);
    const status = (await customer.api.get(`/v1/me/deliveries/${delivery.id}`)).body.status;
    if (complete.status === 200) {
      assert.equal(status, 'completed');
      assert.deepEqual(lost.body.endedActivations, [{ subscriptionId: sub.id, app: 'seatpost-security' }]);
    } else {
      assert.ok(['cancelled', 'failed'].includes(status), status);
      assert.deepEqual(lost.body.endedActivations, []);
    }
    const history = await customer.api.get(`/v1/me/subscriptions/${sub.id}/seat-history`);
    for (const e of history.body.entries) assert.equal(e.endedBecause, 'lost');
  }
});

test(`console: an admin reports a managed device lost (audited); a member may not; another organization finds nothing (${DIALECT})`, async () => {
  const { org, admin, member, subscription } = await newOrganization(server);
  const pc = await managedDevice(server, org, admin, { name: 'Reception PC' });
  const sent = await admin.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
    deviceIds: [pc.deviceId],
  });
  await pc.api.post(`/v1/device/deliveries/${sent.body.results[0].delivery.id}/complete`);
  assert.equal((await admin.api.get(`${base(org)}/subscriptions/${subscription.id}`)).body.seats.used, 1);

  const byMember = await member.api.post(`${base(org)}/devices/${pc.deviceId}/lost`);
  assert.equal(byMember.status, 403);
  const elsewhere = await newOrganization(server, 'Other ApS');
  assert.equal(
    (await elsewhere.admin.api.post(`${base(elsewhere.org)}/devices/${pc.deviceId}/lost`)).status,
    404,
  );
  // A personal account's route does not reach a managed device.
  assert.equal((await admin.api.post(`/v1/me/devices/${pc.deviceId}/lost`)).status, 404);

  const lost = await admin.api.post(`${base(org)}/devices/${pc.deviceId}/lost`);
  assert.equal(lost.status, 200, JSON.stringify(lost.body));
  assert.equal((await admin.api.get(`${base(org)}/subscriptions/${subscription.id}`)).body.seats.used, 0);
  assert.equal((await pc.api.post('/v1/device/check-in', {})).body.code, 'DEVICE_TOKEN_REVOKED');
  assert.equal(
    (await admin.api.post(`${base(org)}/devices/${pc.deviceId}/lost`)).body.code,
    'DEVICE_ALREADY_LOST',
  );

  const audit = await admin.api.get(`${base(org)}/audit?action=device.lost`);
  assert.equal(audit.body.entries.length, 1);
  assert.equal(audit.body.entries[0].targetId, pc.deviceId);
  assert.equal(audit.body.entries[0].actor, admin.email);
  assert.deepEqual(audit.body.entries[0].detail.endedActivations, [
    { subscriptionId: subscription.id, app: 'seatpost-security' },
  ]);
  const history = await admin.api.get(`${base(org)}/subscriptions/${subscription.id}/seat-history`);
  assert.deepEqual(
    history.body.entries.map((e: any) => e.endedBecause),
    ['lost'],
  );
});
