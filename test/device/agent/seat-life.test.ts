import assert from 'node:assert/strict';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useAgentServer } from '../../support/agent-server.ts';

describe('device agent: the same device after its state is wiped, and a device reported lost', () => {
  const ctx = useAgentServer();

  test('keeps a key beside its state; with the state wiped and the key kept, a new code gives back the same device, subscriptions and all', async () => {
    const { customer, subscriptionId } = await ctx.server.newCustomer().then(async (c) => {
      const product = await ctx.server.createProduct();
      const s = await ctx.server.subscriptionFor(c, { product: product.id, seats: 1 });
      return { customer: c, subscriptionId: s.id };
    });
    const statePath = join(ctx.dir, 'reinstalled.json');
    const connect = async () =>
      ctx.agent([
        '--server',
        ctx.server.url,
        '--code',
        await ctx.server.connectCode(customer),
        '--state',
        statePath,
        '--name',
        'Workstation',
        '--once',
      ]);

    const first = await connect();
    const deviceId = (await first.waitFor('Connected as device ')).split(' ')[3]!;
    await first.waitFor('Listening for deliveries');
    const deliveryId = await ctx.send(customer, subscriptionId, deviceId);
    await first.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await first.exited, 0);
    assert.ok(existsSync(`${statePath}.key`), 'the key is kept beside the state');
    assert.equal(statSync(`${statePath}.key`).mode & 0o077, 0, 'readable by the owner only');

    // A reinstall: the connection is gone, the key is not.
    rmSync(statePath);
    const second = await connect();
    const again = await second.waitFor('Connected as device ');
    assert.equal(again.split(' ')[3], deviceId);
    await second.waitFor('Reconnected as the same device');
    await second.waitFor('Listening for deliveries');
    await second.stop();

    const devices = (await customer.api.get('/v1/me/devices')).body.devices as {
      id: string;
      current: unknown[];
    }[];
    assert.deepEqual(
      devices.map((d) => [d.id, d.current.length]),
      [[deviceId, 1]],
    );
    const seats = (await customer.api.get(`/v1/me/subscriptions/${subscriptionId}`)).body.seats;
    assert.equal(seats.used, 1);
  });

  test('reported lost while running: says so and exits 2; the next start is refused the same way, and the attempt is on the account', async () => {
    const customer = await ctx.server.newCustomer();
    const { path, deviceId } = await ctx.savedConnection(customer, 'stolen');
    const run = ctx.agent(['--state', path]);
    await run.waitFor('Listening for deliveries');
    const lost = await customer.api.post(`/v1/me/devices/${deviceId}/lost`);
    assert.equal(lost.status, 200, JSON.stringify(lost.body));
    await run.waitFor('Reported lost');
    assert.equal(await run.exited, 2);

    const again = ctx.agent(['--state', path]);
    await again.waitFor('Reported lost');
    assert.equal(await again.exited, 2);
    const list = (await customer.api.get('/v1/me/devices')).body;
    assert.equal(list.lost[0].id, deviceId);
    assert.ok(list.lost[0].refusedAttempts >= 1);
    assert.ok(list.lost[0].lastAttempt.at);
  });
});
