import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliverDueWebhooks } from '../../src/app/webhooks/sender.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';
import { activate } from '../support/seat-plans.ts';

let server: TestServer;
let receiver: WebhookReceiver;
before(async () => {
  server = await startTestServer({ settings: { webhookAllowPrivate: true } });
  receiver = await WebhookReceiver.start();
  const r = await server.operator.post('/v1/operator/webhook-endpoints', { url: receiver.url });
  assert.equal(r.status, 201);
  receiver.secrets = [r.body.secret];
});
after(async () => {
  await receiver.close();
  await server.close();
});

let seen = 0;
async function sent(...types: string[]) {
  await deliverDueWebhooks(server.service.deps);
  assert.deepEqual(receiver.rejected, []);
  const fresh = receiver.received.slice(seen);
  seen = receiver.received.length;
  return fresh
    .filter((r) => types.includes(r.payload.type))
    .map((r) => [r.payload.type, r.payload.data.deviceId, r.payload.data.why ?? null] as const);
}

test(`revoke and replace say why the seat was released (${DIALECT})`, async () => {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const old = await server.newDevice(customer);
  await activate(server, customer, sub.id, old);
  const fresh = await server.newDevice(customer);
  await sent('activation.ended', 'seat.released', 'activation.started');

  const sentReplace = await customer.api.post(`/v1/me/subscriptions/${sub.id}/deliveries`, {
    deviceIds: [fresh.deviceId],
    replaces: old.deviceId,
  });
  const id = sentReplace.body.results[0].delivery.id;
  assert.equal((await fresh.api.post(`/v1/device/deliveries/${id}/complete`)).status, 200);
  assert.deepEqual(await sent('activation.ended', 'seat.released', 'activation.started'), [
    ['activation.ended', old.deviceId, 'replaced'],
    ['seat.released', old.deviceId, 'replaced'],
    ['activation.started', fresh.deviceId, null],
  ]);

  const revoked = await customer.api.post(`/v1/me/devices/${fresh.deviceId}/revoke`, {
    subscriptionId: sub.id,
  });
  assert.equal(revoked.status, 200);
  assert.deepEqual(await sent('activation.ended', 'seat.released', 'activation.started'), [
    ['activation.ended', fresh.deviceId, 'revoked'],
    ['seat.released', fresh.deviceId, 'revoked'],
  ]);
});
