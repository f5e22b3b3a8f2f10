import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AgentProcess } from '../support/agent.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

/**
 * The issue's "done when", over real HTTP with the real device agent: the operator creates a
 * product and a subscription; a customer signs up and adds its activation code; gets a connect
 * code; the agent connects with it; the customer sees the device eligible and sends; the agent
 * gets the delivery over its stream in under a second, acks and completes; the subscription
 * shows the device completed and one seat used; a second send is refused.
 */
test(`the whole story with the device agent (${DIALECT})`, async () => {
  const product = await server.createProduct({ app: 'seatpost-security', appVersions: '>=21.0.0 <23' });
  const issued = await server.issueSubscription({ product: product.id, seats: 3, renewal: 'auto' });
  const customer = await server.newCustomer();
  assert.equal(
    (await customer.api.post('/v1/me/subscriptions', { activationCode: issued.activationCode })).status,
    201,
  );
  const code = await server.connectCode(customer);

  const agent = new AgentProcess([
    '--server',
    server.url,
    '--code',
    code,
    '--name',
    'Story laptop',
    '--platform',
    'windows',
    '--app',
    'seatpost-security@22.1.0',
    '--once',
  ]);
  try {
    const deviceId = /Connected as device (\S+)/.exec(await agent.waitFor('Connected as device '))![1]!;
    await agent.waitFor('Listening for deliveries');

    const eligibility = await customer.api.get(`/v1/me/subscriptions/${issued.id}/eligibility`);
    assert.deepEqual(eligibility.body.devices, [
      { deviceId, name: 'Story laptop', platform: 'windows', eligible: true, reasons: [], remedies: [] },
    ]);

    const from = agent.lines.length;
    const sentAt = performance.now();
    const sent = await server.send(customer, issued.id, [deviceId]);
    const deliveryId = sent.body.results[0].delivery.id as string;
    await agent.waitFor(`Received delivery ${deliveryId}`, from);
    const receivedIn = performance.now() - sentAt;
    assert.ok(
      receivedIn < 1000,
      `the agent received the delivery over its stream in ${receivedIn.toFixed(0)} ms`,
    );
    await agent.waitFor(`Acknowledged delivery ${deliveryId}`, from);
    await agent.waitFor(`Completed delivery ${deliveryId}`, from);
    assert.equal(await agent.exited, 0);

    const detail = await customer.api.get(`/v1/me/subscriptions/${issued.id}`);
    assert.deepEqual(detail.body.seats, { total: 3, used: 1, reserved: 0 });
    assert.deepEqual(
      detail.body.devices.map((d: any) => ({ deviceId: d.deviceId, status: d.status, active: d.active })),
      [{ deviceId, status: 'completed', active: true }],
    );
    const again = await server.send(customer, issued.id, [deviceId]);
    assert.deepEqual(again.body, { results: [{ deviceId, reasons: ['ALREADY_ACTIVE_ON_DEVICE'] }] });
  } finally {
    await agent.stop();
  }
});
