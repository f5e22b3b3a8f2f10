import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { boundariesClock, household, startBoundariesServer } from '../support/boundaries.ts';
import { DIALECT } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';

const clock = boundariesClock();
let server: TestServer;
before(async () => (server = await startBoundariesServer(clock)));
after(async () => server.close());

describe(`undo, idempotency and the delivery window (${DIALECT})`, () => {
  test('Undo send cancels, tells the device, frees the seat; undo of a final delivery is refused', async () => {
    const { customer, sub, device, deliveryId } = await household(server);
    const stream = new SseReader(`${server.url}/v1/device/events`, {
      authorization: `Bearer ${device.token}`,
    });
    await stream.status;
    assert.equal(
      (await device.api.post(`/v1/device/deliveries/${deliveryId}/action-required`)).body.status,
      'action_required',
    );
    const undone = await customer.api.post(`/v1/me/deliveries/${deliveryId}/undo`);
    assert.equal(undone.body.status, 'cancelled');
    await stream.next((e) => e.data.delivery.id === deliveryId && e.data.delivery.status === 'cancelled');
    assert.deepEqual((await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats.reserved, 0);
    const again = await customer.api.post(`/v1/me/deliveries/${deliveryId}/undo`);
    assert.deepEqual([again.status, again.body.code], [409, 'DELIVERY_FINAL']);
    assert.equal(
      (await device.api.post(`/v1/device/deliveries/${deliveryId}/complete`)).body.code,
      'DELIVERY_FINAL',
    );
    stream.close();
  });

  test('Idempotency-Key: a retried send answers the same and sends once; another body with the key is refused', async () => {
    const product = await server.createProduct();
    const c = await server.newCustomer();
    const sub = await server.subscriptionFor(c, { product: product.id });
    const d = await server.newDevice(c);
    const key = { 'idempotency-key': 'send-1' };
    const [first, second] = await Promise.all([
      server.send(c, sub.id, [d.deviceId], key),
      server.send(c, sub.id, [d.deviceId], key),
    ]);
    assert.deepEqual(first.body, second.body);
    assert.ok(first.body.results[0].delivery);
    const other = await server.send(c, sub.id, [d.deviceId, 'x'], key);
    assert.deepEqual([other.status, other.body.code], [422, 'IDEMPOTENCY_KEY_REUSED']);
    const count = await server.service.deps.db
      .selectFrom('deliveries')
      .select('id')
      .where('subscription_id', '=', sub.id)
      .execute();
    assert.equal(count.length, 1);
  });

  test('a delivery not completed within the window reads expired at once and frees its seat', async () => {
    const product = await server.createProduct();
    const c = await server.newCustomer();
    const sub = await server.subscriptionFor(c, { product: product.id, seats: 1 });
    const d1 = await server.newDevice(c);
    const d2 = await server.newDevice(c);
    const first = (await server.send(c, sub.id, [d1.deviceId])).body.results[0].delivery;
    assert.deepEqual((await server.send(c, sub.id, [d2.deviceId])).body.results[0].reasons, [
      'NO_FREE_SLOTS',
    ]);
    clock.advance(3_600_000 - 1);
    assert.equal((await c.api.get(`/v1/me/deliveries/${first.id}`)).body.status, 'pending');
    clock.advance(1);
    assert.equal((await c.api.get(`/v1/me/deliveries/${first.id}`)).body.status, 'expired');
    assert.deepEqual((await c.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats, {
      total: 1,
      used: 0,
      reserved: 0,
    });
    assert.deepEqual((await d1.api.post('/v1/device/check-in', {})).body.deliveries, []);
    assert.equal(
      (await d1.api.post(`/v1/device/deliveries/${first.id}/complete`)).body.code,
      'DELIVERY_FINAL',
    );
    assert.ok(
      (await server.send(c, sub.id, [d2.deviceId])).body.results[0].delivery,
      'the freed seat can be sent',
    );
  });
});
