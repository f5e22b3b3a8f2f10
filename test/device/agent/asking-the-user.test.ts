import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useAgentServer } from '../../support/agent-server.ts';

describe('device agent against the server: asking its user', () => {
  const ctx = useAgentServer();

  test('--ask-user: reuses the saved connection, waits for its user, completes on a line of input', async () => {
    const { customer, subscriptionId } = await ctx.customerWithSubscription();
    const { path, deviceId } = await ctx.savedConnection(customer, 'ask');
    const run = ctx.agent(['--state', path, '--ask-user']);
    await run.waitFor(`Connected as device ${deviceId}`);
    await run.waitFor('Listening for deliveries');

    const deliveryId = await ctx.send(customer, subscriptionId, deviceId);
    await run.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    assert.equal(await ctx.statusOf(customer, deliveryId), 'action_required');
    assert.equal(run.has(`Completed delivery ${deliveryId}`), false);

    run.type('');
    await run.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await ctx.statusOf(customer, deliveryId), 'completed');
    assert.equal(await run.stop('SIGINT'), 0);
  });

  test('undo while the agent waits for its user: the wait is abandoned', async () => {
    const { customer, subscriptionId } = await ctx.customerWithSubscription();
    const { path, deviceId } = await ctx.savedConnection(customer, 'undo');
    const run = ctx.agent(['--state', path, '--ask-user']);
    await run.waitFor('Listening for deliveries');

    const deliveryId = await ctx.send(customer, subscriptionId, deviceId);
    await run.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    const undo = await customer.api.post(`/v1/me/deliveries/${deliveryId}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    await run.waitFor(`Cancelled delivery ${deliveryId}`);

    // The line that would have finished it now finds nothing to finish.
    const before = run.lines.length;
    run.type('');
    await run.waitFor('Nothing is waiting for you', before);
    assert.equal(run.has(`Completed delivery ${deliveryId}`), false);
    assert.equal(await ctx.statusOf(customer, deliveryId), 'cancelled');
    assert.equal(await run.stop(), 0);
  });

  test('a delivery the rules refuse when it is applied: prints the reasons', async () => {
    const { customer, subscriptionId } = await ctx.customerWithSubscription();
    const { path, deviceId } = await ctx.savedConnection(customer, 'refused');
    const run = ctx.agent(['--state', path, '--ask-user', '--once']);
    await run.waitFor('Listening for deliveries');

    const deliveryId = await ctx.send(customer, subscriptionId, deviceId);
    await run.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    const blocked = await ctx.server.operator.post(`/v1/operator/subscriptions/${subscriptionId}/block`);
    assert.equal(blocked.status, 200, JSON.stringify(blocked.body));
    run.type('');
    const refused = await run.waitFor(`Refused delivery ${deliveryId}`);
    assert.match(refused, /SUBSCRIPTION_BLOCKED/);
    assert.equal(await run.exited, 0);
    assert.equal(await ctx.statusOf(customer, deliveryId), 'failed');
  });

  test('after a restart, resumes a delivery left waiting for its user', async () => {
    const { customer, subscriptionId } = await ctx.customerWithSubscription();
    const { path, deviceId } = await ctx.savedConnection(customer, 'restart');
    const first = ctx.agent(['--state', path, '--ask-user']);
    await first.waitFor('Listening for deliveries');
    const deliveryId = await ctx.send(customer, subscriptionId, deviceId);
    await first.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    assert.equal(await first.stop(), 0);

    const second = ctx.agent(['--state', path, '--ask-user', '--once']);
    const received = await second.waitFor(`Received delivery ${deliveryId}`);
    assert.match(received, /action_required/);
    assert.equal(second.has(`Acknowledged delivery ${deliveryId}`), false);
    await second.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    second.type('');
    await second.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await second.exited, 0);
  });
});
