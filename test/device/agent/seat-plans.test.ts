import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useAgentServer } from '../../support/agent-server.ts';

describe('device agent against the server: revocations and reserves', () => {
  const ctx = useAgentServer();

  test('hears a revocation, stops using it, acknowledges; a reserve waiting behind it starts by itself', async () => {
    const server = ctx.server;
    const customer = await server.newCustomer();
    const product = await server.createProduct({ name: 'Seatpost Total Security' });
    const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    const current = await server.subscriptionFor(customer, {
      product: product.id,
      renewal: 'limited',
      expiresAt: at(30),
    });
    const renewal = await server.subscriptionFor(customer, {
      product: product.id,
      renewal: 'auto',
      expiresAt: at(395),
    });
    const { path, deviceId } = await ctx.savedConnection(customer, 'seat-plans');
    const run = ctx.agent(['--state', path]);
    await run.waitFor('Listening for deliveries');

    const deliveryId = await ctx.send(customer, current.id, deviceId);
    await run.waitFor(`Completed delivery ${deliveryId}`);

    const reserve = await customer.api.post(`/v1/me/subscriptions/${renewal.id}/deliveries`, {
      deviceIds: [deviceId],
      reserve: true,
    });
    const reserveId = reserve.body.results[0].reserve.id as string;
    await run.waitFor(`Reserve waiting ${reserveId}`);

    const revoked = await customer.api.post(`/v1/me/devices/${deviceId}/revoke`, {
      subscriptionId: current.id,
    });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const line = await run.waitFor(`Revoked subscription ${current.id}`);
    assert.match(line, /stopped using it/);
    await run.waitFor(`Acknowledged revocation ${revoked.body.id}`);
    await run.waitFor(`Reserve started ${reserveId}`);
    const row = await server.service.deps.db
      .selectFrom('revocations')
      .select('acked_at')
      .where('id', '=', revoked.body.id)
      .executeTakeFirst();
    assert.ok(row?.acked_at, 'the acknowledgement reached the service');
    const now = await customer.api.get('/v1/me/devices');
    const device = now.body.devices.find((d: { id: string }) => d.id === deviceId);
    assert.deepEqual(
      device.current.map((c: { subscriptionId: string }) => c.subscriptionId),
      [renewal.id],
    );
    assert.equal(await run.stop(), 0);
  });

  test('a revocation made while the agent was away is handled when it starts', async () => {
    const { customer, subscriptionId } = await ctx.customerWithSubscription();
    const { path, deviceId } = await ctx.savedConnection(customer, 'seat-plans-away');
    const first = ctx.agent(['--state', path, '--once']);
    const deliveryId = await ctx.send(customer, subscriptionId, deviceId);
    await first.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await first.exited, 0);

    const revoked = await customer.api.post(`/v1/me/devices/${deviceId}/revoke`, { subscriptionId });
    assert.equal(revoked.status, 200);
    const second = ctx.agent(['--state', path]);
    await second.waitFor(`Revoked subscription ${subscriptionId}`);
    await second.waitFor(`Acknowledged revocation ${revoked.body.id}`);
    assert.equal(await second.stop(), 0);
  });
});
