import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDueReserves } from '../../src/app/sending/reserves.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';
import { activate, currentOn, seatsOf } from '../support/seat-plans.ts';

const DAY = 86_400_000;
const clock = new ManualClock(new Date('2027-04-28T10:00:00Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock })));
after(async () => server.close());

/** A device on a limited subscription ending in 30 days, and an automatic renewal bought early. */
async function renewalBoughtEarly(seats = 3) {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const at = (days: number) => new Date(clock.now().getTime() + days * DAY).toISOString();
  const current = await server.subscriptionFor(customer, {
    product: product.id,
    renewal: 'limited',
    expiresAt: at(30),
  });
  const renewal = await server.subscriptionFor(customer, {
    product: product.id,
    renewal: 'auto',
    seats,
    expiresAt: at(395),
  });
  const device = await server.newDevice(customer);
  await activate(server, customer, current.id, device);
  const reserve = (subscriptionId = renewal.id, deviceIds = [device.deviceId]) =>
    customer.api.post(`/v1/me/subscriptions/${subscriptionId}/deliveries`, { deviceIds, reserve: true });
  return { product, customer, current, renewal, device, reserve, at };
}

test(`a reserve waits, shows when it starts, starts by itself when the current one expires (${DIALECT})`, async () => {
  const { customer, current, renewal, device, reserve } = await renewalBoughtEarly();
  const pre = await customer.api.get(`/v1/me/subscriptions/${renewal.id}/eligibility`);
  const entry = pre.body.devices.find((d: any) => d.deviceId === device.deviceId);
  assert.deepEqual(entry.reasons, ['AUTO_RENEWAL_ONTO_LIMITED']);
  assert.deepEqual(entry.remedies, [{ kind: 'reserve', startsAt: '2027-05-28T10:00:00.000Z' }]);

  const stream = new SseReader(`${server.url}/v1/device/events`, { authorization: `Bearer ${device.token}` });
  await stream.status;
  const made = await reserve();
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const waiting = made.body.results[0].reserve;
  assert.equal(waiting.status, 'waiting');
  assert.equal(waiting.startsAt, '2027-05-28T10:00:00.000Z');
  assert.equal((await stream.next((e) => e.event === 'reserve')).data.reserve.status, 'waiting');
  // Its seat is not counted until it starts; My devices says when it does.
  assert.deepEqual(await seatsOf(customer, renewal.id), { total: 3, used: 0, reserved: 0 });
  const detail = await customer.api.get(`/v1/me/subscriptions/${renewal.id}`);
  const mine = detail.body.devices.find((d: any) => d.deviceId === device.deviceId);
  assert.equal(mine.reserve.startsAt, '2027-05-28T10:00:00.000Z');
  // The pre-flight no longer offers a second one.
  const again = await customer.api.get(`/v1/me/subscriptions/${renewal.id}/eligibility`);
  assert.deepEqual(again.body.devices.find((d: any) => d.deviceId === device.deviceId).remedies, []);

  clock.advance(29 * DAY);
  assert.equal(await startDueReserves(server.service.deps), 0);
  clock.advance(1 * DAY);
  assert.equal(await startDueReserves(server.service.deps), 1);
  assert.equal(await startDueReserves(server.service.deps), 0);
  assert.deepEqual(await currentOn(device), [renewal.id]);
  assert.deepEqual(await seatsOf(customer, renewal.id), { total: 3, used: 1, reserved: 0 });
  const started = await stream.next((e) => e.event === 'reserve' && e.data.reserve.status === 'started');
  assert.equal(started.data.reserve.id, waiting.id);
  const revoked = await stream.next((e) => e.event === 'revocation');
  assert.equal(revoked.data.revocation.subscriptionId, current.id);
  assert.equal(revoked.data.revocation.because, 'expired');
  stream.close();
  const undo = await customer.api.post(`/v1/me/reserves/${waiting.id}/undo`);
  assert.equal(undo.status, 409);
  assert.equal(undo.body.code, 'RESERVE_FINAL');
});

test(`a reserve starts the moment the current one is revoked; it can be undone until then (${DIALECT})`, async () => {
  const { customer, current, renewal, device, reserve } = await renewalBoughtEarly();
  const first = (await reserve()).body.results[0].reserve;
  const undo = await customer.api.post(`/v1/me/reserves/${first.id}/undo`);
  assert.equal(undo.status, 200);
  assert.equal(undo.body.status, 'cancelled');
  assert.equal((await customer.api.post(`/v1/me/reserves/${first.id}/undo`)).body.code, 'RESERVE_FINAL');
  const stranger = await server.newCustomer();
  assert.equal((await stranger.api.post(`/v1/me/reserves/${first.id}/undo`)).status, 404);

  const second = (await reserve()).body.results[0].reserve;
  const revoke = await customer.api.post(`/v1/me/devices/${device.deviceId}/revoke`, {
    subscriptionId: current.id,
  });
  assert.equal(revoke.status, 200);
  assert.deepEqual(await currentOn(device), [renewal.id]);
  const row = await server.service.deps.db
    .selectFrom('reserves')
    .select('status')
    .where('id', '=', second.id)
    .executeTakeFirst();
  assert.equal(row!.status, 'started');
});

test(`reserves onto a device that already has one: exactly one waits (${DIALECT})`, async () => {
  const { product, customer, device, reserve, at } = await renewalBoughtEarly();
  const renewals = await Promise.all(
    Array.from({ length: 5 }, () =>
      server.subscriptionFor(customer, { product: product.id, renewal: 'auto', expiresAt: at(395) }),
    ),
  );
  const answers = await Promise.all(renewals.map((s) => reserve(s.id)));
  assert.equal(answers.filter((a) => a.status === 200).length, 1, JSON.stringify(answers.map((a) => a.body)));
  for (const a of answers.filter((a) => a.status !== 200)) {
    assert.equal(a.status, 409);
    assert.equal(a.body.code, 'RESERVE_ALREADY_WAITING');
  }
  const waiting = await server.service.deps.db
    .selectFrom('reserves')
    .select('id')
    .where('device_id', '=', device.deviceId)
    .where('status', '=', 'waiting')
    .execute();
  assert.equal(waiting.length, 1);
});

test(`reserve only for the current subscription's reasons; one that finds no seat when its turn comes fails (${DIALECT})`, async () => {
  const { customer, current, renewal, device, reserve } = await renewalBoughtEarly(1);
  const other = await server.newDevice(customer, { apps: [] });
  assert.deepEqual((await reserve(renewal.id, [other.deviceId])).body.results[0].reasons, [
    'APP_NOT_INSTALLED',
  ]);
  const waiting = (await reserve()).body.results[0].reserve;
  const taker = await server.newDevice(customer);
  await activate(server, customer, renewal.id, taker);
  const revoke = await customer.api.post(`/v1/me/devices/${device.deviceId}/revoke`, {
    subscriptionId: current.id,
  });
  assert.equal(revoke.status, 200);
  const row = await server.service.deps.db
    .selectFrom('reserves')
    .select(['status', 'reason'])
    .where('id', '=', waiting.id)
    .executeTakeFirst();
  assert.deepEqual(row, { status: 'failed', reason: 'NO_FREE_SLOTS' });
  assert.deepEqual(await currentOn(device), []);
  assert.deepEqual(await seatsOf(customer, renewal.id), { total: 1, used: 1, reserved: 0 });
});
