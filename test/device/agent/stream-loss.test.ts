import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { useAgentServer } from '../../support/agent-server.ts';
import { startStreamBlockingProxy } from '../../support/stream-blocking-proxy.ts';

describe('device agent against the server: without the stream', () => {
  const ctx = useAgentServer();

  test('without the stream it checks in every poll interval, and says when the stream is back', async () => {
    const { customer, subscriptionId } = await ctx.customerWithSubscription();
    const device = await ctx.server.newDevice(customer);
    const proxy = await startStreamBlockingProxy(ctx.server.url);
    try {
      const path = join(ctx.dir, 'proxy.json');
      writeFileSync(
        path,
        JSON.stringify({ server: proxy.url, deviceId: device.deviceId, token: device.token }),
      );
      const run = ctx.agent(['--state', path, '--poll-interval', '200ms']);
      await run.waitFor('Listening for deliveries');

      proxy.block();
      await run.waitFor('Stream lost');
      const deliveryId = await ctx.send(customer, subscriptionId, device.deviceId);
      await run.waitFor(`Completed delivery ${deliveryId}`);
      assert.equal(run.has('Stream restored'), false);

      proxy.unblock();
      await run.waitFor('Stream restored');
      assert.equal(await run.stop(), 0);
    } finally {
      await proxy.close();
    }
  });
});
