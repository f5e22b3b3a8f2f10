import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

test(`concurrent sends racing for the last seat: exactly one wins (${DIALECT})`, async () => {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const devices = await Promise.all(Array.from({ length: 12 }, () => server.newDevice(customer)));
  const answers = await Promise.all(devices.map((d) => server.send(customer, sub.id, [d.deviceId])));
  const results = answers.map((a) => a.body.results[0]);
  assert.equal(results.filter((r: any) => r.delivery).length, 1);
  for (const r of results.filter((r: any) => !r.delivery)) assert.deepEqual(r.reasons, ['NO_FREE_SLOTS']);
  const open = await server.service.deps.db
    .selectFrom('deliveries')
    .select('id')
    .where('subscription_id', '=', sub.id)
    .where('status', 'in', ['pending', 'delivered', 'action_required'])
    .execute();
  assert.equal(open.length, 1);
});

test(`concurrent sends of different subscriptions to the same device: exactly one wins (${DIALECT})`, async () => {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const subs = await Promise.all(
    Array.from({ length: 12 }, () => server.subscriptionFor(customer, { product: product.id })),
  );
  const device = await server.newDevice(customer);
  const answers = await Promise.all(subs.map((s) => server.send(customer, s.id, [device.deviceId])));
  const results = answers.map((a) => a.body.results[0]);
  assert.equal(results.filter((r: any) => r.delivery).length, 1);
  for (const r of results.filter((r: any) => !r.delivery)) assert.deepEqual(r.reasons, ['DELIVERY_PENDING']);
});
