import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/**
 * `?dryRun=true` on the operator's heavy actions (issue 18, item 5): block, suspend and a
 * product's `inactiveAfter` answer who would be affected, and change nothing.
 */
const DAY = 86_400_000;
const clock = new ManualClock(new Date('2027-03-01T09:00:00Z'));
let server: TestServer;
before(async () => {
  server = await startTestServer({ clock, settings: { webhookAllowPrivate: true } });
  const hook = await server.operator.post('/v1/operator/webhook-endpoints', {
    url: 'http://127.0.0.1:9/hooks',
  });
  assert.equal(hook.status, 201);
});
after(async () => server.close());

/** Everything an action could change, to prove that a dry run changed none of it. */
async function snapshot() {
  const db = server.service.store.db;
  const [subscriptions, deliveries, activations, webhooks, mail, products, warnings] = await Promise.all([
    db.selectFrom('subscriptions').select(['id', 'state', 'updated_at']).orderBy('id').execute(),
    db.selectFrom('deliveries').select(['id', 'status', 'updated_at']).orderBy('id').execute(),
    db.selectFrom('activations').select(['id', 'ended_at']).orderBy('id').execute(),
    db.selectFrom('webhook_messages').select('id').orderBy('id').execute(),
    db.selectFrom('mail_outbox').select('id').orderBy('id').execute(),
    db.selectFrom('products').select(['id', 'inactive_after']).orderBy('id').execute(),
    db.selectFrom('inactivity_warnings').select('id').orderBy('id').execute(),
  ]);
  return JSON.stringify({ subscriptions, deliveries, activations, webhooks, mail, products, warnings });
}

test(`block and suspend with ?dryRun=true: the devices, and the open deliveries with their reasons; nothing changes (${DIALECT})`, async () => {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 5 });
  const using = await server.newDevice(customer, { name: 'Using it' });
  const first = await server.send(customer, sub.id, [using.deviceId]);
  const firstId = first.body.results[0].delivery.id;
  await using.api.post(`/v1/device/deliveries/${firstId}/ack`);
  assert.equal((await using.api.post(`/v1/device/deliveries/${firstId}/complete`)).status, 200);
  const waiting = await server.newDevice(customer, { name: 'Waiting' });
  const open = (await server.send(customer, sub.id, [waiting.deviceId])).body.results[0].delivery;

  for (const [action, reason] of [
    ['block', 'SUBSCRIPTION_BLOCKED'],
    ['suspend', 'SUBSCRIPTION_SUSPENDED'],
  ] as const) {
    const before = await snapshot();
    const r = await server.operator.post(`/v1/operator/subscriptions/${sub.id}/${action}?dryRun=true`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.dryRun, true);
    assert.equal(r.body.action, action);
    assert.deepEqual(r.body.devices.map((d: any) => [d.name, d.effects]).sort(), [
      ['Using it', ['loses_use']],
      ['Waiting', ['delivery_fails']],
    ]);
    assert.deepEqual(r.body.deliveries, [
      { deliveryId: open.id, deviceId: waiting.deviceId, status: 'pending', reasons: [reason] },
    ]);
    assert.deepEqual(r.body.activations, []);
    assert.equal(await snapshot(), before, 'a dry run changes nothing');
  }
  assert.equal((await server.operator.post(`/v1/operator/subscriptions/nope/block?dryRun=true`)).status, 404);
  assert.equal(
    (await server.operator.post(`/v1/operator/subscriptions/${sub.id}/block?dryRun=maybe`)).status,
    400,
  );

  // Without the dry run (or with dryRun=false) it happens, and the dry run said what would.
  const blocked = await server.operator.post(`/v1/operator/subscriptions/${sub.id}/block?dryRun=false`);
  assert.equal(blocked.body.state, 'blocked');
  const completed = await waiting.api.post(`/v1/device/deliveries/${open.id}/complete`);
  assert.equal(completed.status, 409);
  assert.deepEqual(completed.body.reasons, ['SUBSCRIPTION_BLOCKED']);
  const reinstate = await server.operator.post(`/v1/operator/subscriptions/${sub.id}/reinstate?dryRun=true`);
  assert.deepEqual(
    reinstate.body.devices.map((d: any) => [d.name, d.effects]),
    [['Using it', ['regains_use']]],
  );
});

test(`a product's inactiveAfter with ?dryRun=true: who would be warned, which activations would end and when; nothing changes (${DIALECT})`, async () => {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 5 });
  const devices = [];
  for (const name of ['Silent', 'Recent']) {
    const device = await server.newDevice(customer, { name });
    const id = (await server.send(customer, sub.id, [device.deviceId])).body.results[0].delivery.id;
    await device.api.post(`/v1/device/deliveries/${id}/ack`);
    assert.equal((await device.api.post(`/v1/device/deliveries/${id}/complete`)).status, 200);
    devices.push(device);
  }
  clock.advance(100 * DAY);
  assert.equal((await devices[1]!.api.post('/v1/device/check-in', {})).status, 200);
  await server.service.deps.lastSeen.flush();

  const before = await snapshot();
  const r = await server.operator.patch(`/v1/operator/products/${product.id}?dryRun=true`, {
    inactiveAfter: '30d',
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.action, 'inactiveAfter');
  assert.deepEqual(
    r.body.devices.map((d: any) => [d.name, d.effects]),
    [['Silent', ['warned', 'activation_ends']]],
  );
  assert.equal(r.body.emails, 1);
  assert.deepEqual(r.body.deliveries, []);
  assert.equal(r.body.activations.length, 1);
  // Silent for 100 days, but never cut off unwarned: the whole warning period from now.
  assert.equal(r.body.activations[0].endsAt, new Date(clock.now().getTime() + 14 * DAY).toISOString());
  assert.equal(r.body.activations[0].endedBecause, 'inactive');
  assert.equal(r.body.activations[0].deviceId, devices[0]!.deviceId);
  assert.equal(await snapshot(), before, 'a dry run changes nothing');

  const invalid = await server.operator.patch(`/v1/operator/products/${product.id}?dryRun=true`, {
    inactiveAfter: '2h',
  });
  assert.equal(invalid.status, 400);
  const none = await server.operator.patch(`/v1/operator/products/${product.id}?dryRun=true`, {
    inactiveAfter: null,
  });
  assert.deepEqual([none.body.devices, none.body.activations], [[], []]);
  assert.equal(
    (await server.operator.patch('/v1/operator/products/nope?dryRun=true', { inactiveAfter: '9d' })).status,
    404,
  );

  const changed = await server.operator.patch(`/v1/operator/products/${product.id}`, {
    inactiveAfter: '30d',
  });
  assert.equal(changed.body.inactiveAfter, '30d');
  assert.notEqual(await snapshot(), before);
});
