import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useAgentServer } from '../../support/agent-server.ts';

describe('device agent against the server: connecting and disconnected', () => {
  const ctx = useAgentServer();

  test('connects with a one-time code, saves the connection, completes a delivery and exits with --once', async () => {
    const { customer, subscriptionId } = await ctx.customerWithSubscription();
    const code = await ctx.server.connectCode(customer);
    const statePath = join(ctx.dir, 'connect.json');
    const run = ctx.agent([
      '--server',
      ctx.server.url,
      '--code',
      code,
      '--state',
      statePath,
      '--name',
      'Laptop',
      '--once',
    ]);

    const connected = await run.waitFor('Connected as device ');
    const deviceId = connected.split(' ')[3]!;
    // The connection is saved, and with it the offline licence and the keys that verify it.
    await run.waitFor('Licence valid until ');
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(state).sort(), ['deviceId', 'jwks', 'licence', 'server', 'token']);
    assert.equal(state.deviceId, deviceId);
    assert.equal(state.server, ctx.server.url);
    await run.waitFor('Listening for deliveries');

    const deliveryId = await ctx.send(customer, subscriptionId, deviceId);
    await run.waitFor(`Received delivery ${deliveryId}`);
    await run.waitFor(`Acknowledged delivery ${deliveryId}`);
    await run.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await run.exited, 0);
    assert.equal(await ctx.statusOf(customer, deliveryId), 'completed');

    const devices = await customer.api.get('/v1/me/devices');
    const device = (
      devices.body as { devices: { id: string; name: string; current: { app: string }[] }[] }
    ).devices.find((d) => d.id === deviceId);
    assert.equal(device?.name, 'Laptop');
    assert.deepEqual(
      device?.current.map((c) => c.app),
      ['seatpost-security'],
    );
  });

  test('a code that is not valid: says so in plain words and exits 1', async () => {
    const run = ctx.agent(['--server', ctx.server.url, '--code', 'NOT-A-CODE']);
    assert.equal(await run.exited, 1);
    assert.match(run.stderr, /That code is not valid: it may have expired or been used already/);
    assert.equal(run.lines.filter((l) => l !== '').length, 0);
  });

  test('a device disconnected from the account: says so and exits 2', async () => {
    const customer = await ctx.server.newCustomer();
    const { path, deviceId } = await ctx.savedConnection(customer, 'removed');
    const run = ctx.agent(['--state', path]);
    await run.waitFor('Listening for deliveries');
    const removed = await customer.api.delete(`/v1/me/devices/${deviceId}`);
    assert.ok(removed.status < 300, JSON.stringify(removed.body));
    await run.waitFor('Disconnected');
    assert.equal(await run.exited, 2);

    // The saved token is dead now: the next start says so too.
    const again = ctx.agent(['--state', path]);
    await again.waitFor('Disconnected');
    assert.equal(await again.exited, 2);
  });
});
