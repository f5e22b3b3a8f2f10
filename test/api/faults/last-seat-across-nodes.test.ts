import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIALECT, TEST_PG_URL } from '../../support/databases.ts';
import { Client } from '../../support/http.ts';
import { startTestServer } from '../../support/server.ts';

/** Many sends racing for one last seat, across two nodes on PostgreSQL: exactly one wins. */

test(`100 concurrent sends racing for one last seat${TEST_PG_URL ? ' across two nodes' : ' (SQLite: one node, as the embedded database runs one process)'}: exactly one wins (${DIALECT})`, async () => {
  const a = await startTestServer();
  const b = TEST_PG_URL ? await startTestServer({ databaseUrl: a.databaseUrl, secrets: a.secrets }) : a;
  try {
    const product = await a.createProduct();
    const customer = await a.newCustomer();
    const sub = await a.subscriptionFor(customer, { product: product.id, seats: 3 });
    const devices = [];
    for (let i = 0; i < 102; i++) devices.push(await a.newDevice(customer));
    // Two seats taken: one by an activation, one by a delivery on its way.
    const first = await a.send(customer, sub.id, [devices[0]!.deviceId]);
    await devices[0]!.api.post(`/v1/device/deliveries/${first.body.results[0].delivery.id}/complete`);
    assert.ok((await a.send(customer, sub.id, [devices[1]!.deviceId])).body.results[0].delivery);

    const onB = new Client(b.url, { origin: b.url });
    onB.cookies = new Map(customer.api.cookies);
    const racing = devices.slice(2).map((d, i) =>
      (i % 2 === 0 ? customer.api : onB).post(`/v1/me/subscriptions/${sub.id}/deliveries`, {
        deviceIds: [d.deviceId],
      }),
    );
    const answers = await Promise.all(racing);
    for (const r of answers) assert.equal(r.status, 200, JSON.stringify(r.body));
    const results = answers.map((r) => r.body.results[0]);
    assert.equal(results.filter((r) => r.delivery).length, 1);
    for (const r of results.filter((r) => !r.delivery)) assert.deepEqual(r.reasons, ['NO_FREE_SLOTS']);
    const seats = (await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats;
    assert.deepEqual(seats, { total: 3, used: 1, reserved: 2 });
  } finally {
    if (b !== a) await b.stop();
    await a.close();
  }
});
