import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';
import { activate, currentOn, seatsOf } from '../support/seat-plans.ts';

const clock = new ManualClock(new Date('2027-03-01T10:00:00Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock })));
after(async () => server.close());

/** One seat, held by the old device; a new device that the rules refuse only for NO_FREE_SLOTS. */
async function fullSeat() {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const old = await server.newDevice(customer, { name: 'Old laptop' });
  await activate(server, customer, sub.id, old);
  const fresh = await server.newDevice(customer, { name: 'New laptop' });
  const replace = (deviceId = fresh.deviceId, replaces = old.deviceId) =>
    customer.api.post(`/v1/me/subscriptions/${sub.id}/deliveries`, { deviceIds: [deviceId], replaces });
  return { product, customer, sub, old, fresh, replace };
}

test(`the pre-flight offers the seat holders; the old device keeps working until the new one completes (${DIALECT})`, async () => {
  const { customer, sub, old, fresh, replace } = await fullSeat();
  const pre = await customer.api.get(`/v1/me/subscriptions/${sub.id}/eligibility`);
  const entry = pre.body.devices.find((d: any) => d.deviceId === fresh.deviceId);
  assert.deepEqual(entry.reasons, ['NO_FREE_SLOTS']);
  assert.equal(entry.remedies.length, 1);
  assert.equal(entry.remedies[0].kind, 'replace');
  assert.deepEqual(
    entry.remedies[0].seatHolders.map((h: any) => [h.deviceId, h.name]),
    [[old.deviceId, 'Old laptop']],
  );
  assert.ok(entry.remedies[0].seatHolders[0].lastSeenAt);

  const oldStream = new SseReader(`${server.url}/v1/device/events`, { authorization: `Bearer ${old.token}` });
  await oldStream.status;
  const sent = await replace();
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  const delivery = sent.body.results[0].delivery;
  assert.ok(delivery, JSON.stringify(sent.body));
  // Never more holders than seats, never none while the new one is on its way.
  assert.deepEqual(await seatsOf(customer, sub.id), { total: 1, used: 1, reserved: 0 });
  assert.deepEqual(await currentOn(old), [sub.id]);

  const done = await fresh.api.post(`/v1/device/deliveries/${delivery.id}/complete`);
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.deepEqual(await currentOn(old), []);
  assert.deepEqual(await currentOn(fresh), [sub.id]);
  assert.deepEqual(await seatsOf(customer, sub.id), { total: 1, used: 1, reserved: 0 });
  const told = await oldStream.next((e) => e.event === 'revocation');
  assert.equal(told.data.revocation.because, 'replaced');
  oldStream.close();
  const ended = await server.service.deps.db
    .selectFrom('activations')
    .select(['device_id', 'ended_because'])
    .where('subscription_id', '=', sub.id)
    .where('ended_at', 'is not', null)
    .execute();
  assert.deepEqual(ended, [{ device_id: old.deviceId, ended_because: 'replaced' }]);
});

test(`undo, failure and expiry leave the old device as it was (${DIALECT})`, async () => {
  const { customer, sub, old, fresh, replace } = await fullSeat();
  const undone = (await replace()).body.results[0].delivery;
  assert.equal((await customer.api.post(`/v1/me/deliveries/${undone.id}/undo`)).body.status, 'cancelled');
  assert.deepEqual(await currentOn(old), [sub.id]);

  const failed = (await replace()).body.results[0].delivery;
  const fail = await fresh.api.post(`/v1/device/deliveries/${failed.id}/fail`, { reason: 'USER_DECLINED' });
  assert.equal(fail.body.status, 'failed');
  assert.deepEqual(await currentOn(old), [sub.id]);

  const expiring = (await replace()).body.results[0].delivery;
  clock.advance(25 * 3_600_000);
  assert.equal((await customer.api.get(`/v1/me/deliveries/${expiring.id}`)).body.status, 'expired');
  assert.deepEqual(await currentOn(old), [sub.id]);
  assert.deepEqual(await seatsOf(customer, sub.id), { total: 1, used: 1, reserved: 0 });
  // And the seat can still be handed over afterwards.
  const last = (await replace()).body.results[0].delivery;
  assert.equal((await fresh.api.post(`/v1/device/deliveries/${last.id}/complete`)).status, 200);
  assert.deepEqual(await currentOn(old), []);
});

test(`bad replaces: no seat, another account's device, two targets, with reserve (${DIALECT})`, async () => {
  const { customer, sub, old, fresh, replace } = await fullSeat();
  const idle = await server.newDevice(customer);
  const noSeat = await replace(fresh.deviceId, idle.deviceId);
  assert.equal(noSeat.status, 409);
  assert.equal(noSeat.body.code, 'REPLACES_NOT_A_SEAT_HOLDER');
  assert.equal(noSeat.body.pointer, '/replaces');

  const stranger = await server.newCustomer();
  const theirSub = await server.subscriptionFor(stranger, {
    product: (await server.createProduct()).id,
    seats: 1,
  });
  const theirDevice = await server.newDevice(stranger);
  await activate(server, stranger, theirSub.id, theirDevice);
  assert.equal((await replace(fresh.deviceId, theirDevice.deviceId)).body.code, 'REPLACES_NOT_A_SEAT_HOLDER');
  assert.equal((await replace(fresh.deviceId, 'no-such-device')).body.code, 'REPLACES_NOT_A_SEAT_HOLDER');

  const two = await customer.api.post(`/v1/me/subscriptions/${sub.id}/deliveries`, {
    deviceIds: [fresh.deviceId, idle.deviceId],
    replaces: old.deviceId,
  });
  assert.equal(two.status, 400);
  assert.equal(two.body.code, 'REPLACE_NEEDS_ONE_DEVICE');
  const both = await customer.api.post(`/v1/me/subscriptions/${sub.id}/deliveries`, {
    deviceIds: [fresh.deviceId],
    replaces: old.deviceId,
    reserve: true,
  });
  assert.equal(both.body.code, 'REPLACE_AND_RESERVE');
  // A target refused for more than NO_FREE_SLOTS stays refused, with its reasons.
  const noApp = await server.newDevice(customer, { apps: [] });
  assert.deepEqual((await replace(noApp.deviceId)).body.results[0].reasons, [
    'APP_NOT_INSTALLED',
    'NO_FREE_SLOTS',
  ]);
  assert.deepEqual(await seatsOf(customer, sub.id), { total: 1, used: 1, reserved: 0 });
  assert.deepEqual(await currentOn(old), [sub.id]);
});

test(`replace racing other sends for the same seat: exactly one is on its way, seats exact (${DIALECT})`, async () => {
  const { customer, sub, old, replace } = await fullSeat();
  const others = await Promise.all(Array.from({ length: 5 }, () => server.newDevice(customer)));
  const answers = await Promise.all([
    ...others.map((d) => replace(d.deviceId)),
    ...others.map((d) => server.send(customer, sub.id, [d.deviceId])),
  ]);
  const made = answers.filter((a) => a.status === 200 && a.body.results[0].delivery);
  assert.equal(made.length, 1, JSON.stringify(answers.map((a) => a.body)));
  for (const a of answers.filter((a) => a.status === 409))
    assert.equal(a.body.code, 'REPLACE_ALREADY_PENDING');
  for (const a of answers.filter((a) => a.status === 200 && !a.body.results[0].delivery))
    assert.ok(
      a.body.results[0].reasons.includes('NO_FREE_SLOTS') ||
        a.body.results[0].reasons.includes('DELIVERY_PENDING'),
    );
  assert.deepEqual(await seatsOf(customer, sub.id), { total: 1, used: 1, reserved: 0 });
  assert.deepEqual(await currentOn(old), [sub.id]);
  // The seat is already being handed over: the pre-flight no longer offers to replace its holder.
  const pre = await customer.api.get(`/v1/me/subscriptions/${sub.id}/eligibility`);
  for (const d of pre.body.devices) assert.deepEqual(d.remedies, [], d.name);
});
