import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { activate, connectWithKey, deviceFrom, newDeviceKey } from '../support/seat-life.ts';

/** The events of the life of a seat, as the outbox holds them: written with the change, or not at all. */
let server: TestServer;
let receiver: WebhookReceiver;
before(async () => {
  server = await startTestServer({ settings: { webhookAllowPrivate: true } });
  receiver = await WebhookReceiver.start();
  const r = await server.operator.post('/v1/operator/webhook-endpoints', { url: receiver.url });
  assert.equal(r.status, 201);
});
after(async () => {
  await receiver.close();
  await server.close();
});

async function outbox(types: string[]) {
  const rows = await server.service.deps.db
    .selectFrom('webhook_messages')
    .select(['type', 'body'])
    .where('type', 'in', types)
    .orderBy('seq')
    .execute();
  return rows.map((r) => [r.type, JSON.parse(r.body).data] as const);
}

test(`a reconnect by key is device.reconnected; lost is device.lost with each activation ended why lost (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const product = await server.createProduct();
  const sub = await server.subscriptionFor(customer, { product: product.id });
  const key = newDeviceKey();
  const first = await connectWithKey(server, customer, key);
  const device = deviceFrom(server, first.body);
  await activate(server, customer, device, sub.id);
  const again = await connectWithKey(server, customer, key);
  assert.equal(again.status, 200);
  assert.deepEqual(
    (await outbox(['device.connected', 'device.reconnected'])).map(([type, data]) => [type, data.deviceId]),
    [
      ['device.connected', device.deviceId],
      ['device.reconnected', device.deviceId],
    ],
  );

  assert.equal((await customer.api.post(`/v1/me/devices/${device.deviceId}/lost`)).status, 200);
  const events = await outbox(['device.lost', 'device.disconnected', 'activation.ended', 'seat.released']);
  assert.deepEqual(
    events.map(([type, data]) => [type, data.deviceId, data.why ?? null]),
    [
      ['activation.ended', device.deviceId, 'lost'],
      ['seat.released', device.deviceId, 'lost'],
      ['device.lost', device.deviceId, null],
    ],
  );
  // A refused attempt afterwards changes nothing the vendor hears of.
  await device.api.post('/v1/device/check-in', {});
  assert.equal((await outbox(['device.lost', 'device.disconnected'])).length, 1);
});
