import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

test(`the whole story over HTTP (${DIALECT}): product → subscription → customer → device → send → complete`, async () => {
  const product = await server.createProduct({ appVersions: '>=21.0.0 <23' });
  const issued = await server.issueSubscription({ product: product.id, seats: 2 });
  assert.match(issued.activationCode, /^[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/);

  const customer = await server.newCustomer();
  const added = await customer.api.post('/v1/me/subscriptions', {
    activationCode: issued.activationCode.toLowerCase(),
  });
  assert.equal(added.status, 201);
  assert.equal(added.body.id, issued.id);

  const device = await server.newDevice(customer, { apps: [{ app: product.app, version: '22.0.1' }] });
  const stream = new SseReader(`${server.url}/v1/device/events`, { authorization: `Bearer ${device.token}` });
  assert.equal(await stream.status, 200);

  const eligibility = await customer.api.get(`/v1/me/subscriptions/${issued.id}/eligibility`);
  assert.deepEqual(
    eligibility.body.devices.map((d: any) => [d.deviceId, d.eligible, d.reasons]),
    [[device.deviceId, true, []]],
  );

  const sentAt = performance.now();
  const sent = await server.send(customer, issued.id, [device.deviceId]);
  assert.equal(sent.status, 200);
  const delivery = sent.body.results[0].delivery;
  assert.equal(delivery.status, 'pending');

  const event = await stream.next((e) => e.event === 'delivery' && e.data.delivery.id === delivery.id, 1000);
  assert.ok(event.at - sentAt < 1000, 'the delivery reaches the stream in under a second');
  assert.equal(event.data.delivery.subscription.id, issued.id);

  assert.equal((await device.api.post(`/v1/device/deliveries/${delivery.id}/ack`)).body.status, 'delivered');
  const completed = await device.api.post(`/v1/device/deliveries/${delivery.id}/complete`);
  assert.equal(completed.status, 200);
  assert.equal(completed.body.delivery.status, 'completed');
  assert.equal(completed.body.activation.subscriptionId, issued.id);

  const detail = await customer.api.get(`/v1/me/subscriptions/${issued.id}`);
  assert.deepEqual(detail.body.seats, { total: 2, used: 1, reserved: 0 });
  assert.deepEqual(
    detail.body.devices.map((d: any) => [d.deviceId, d.status, d.active]),
    [[device.deviceId, 'completed', true]],
  );

  const again = await server.send(customer, issued.id, [device.deviceId]);
  assert.deepEqual(again.body.results, [
    { deviceId: device.deviceId, reasons: ['ALREADY_ACTIVE_ON_DEVICE'] },
  ]);

  const apps = await device.api.get('/v1/device/subscriptions');
  assert.equal(apps.body.subscriptions[0].subscriptionId, issued.id);
  stream.close();
});
