import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { boundariesClock, household, startBoundariesServer } from '../support/boundaries.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

const clock = boundariesClock();
let server: TestServer;
before(async () => (server = await startBoundariesServer(clock)));
after(async () => server.close());

describe(`connect codes and device tokens (${DIALECT})`, () => {
  test('a code works once, within 10 minutes, and is stored hashed', async () => {
    const c = await server.newCustomer();
    const code = await server.connectCode(c);
    assert.match(code, /^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    const stored = await server.service.deps.db
      .selectFrom('connect_codes')
      .selectAll()
      .where('account_id', '=', c.id)
      .execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(code.replace('-', '')));
    const connect = (codeText: string) =>
      server
        .anonymous()
        .post('/v1/device/connect', { code: codeText, name: 'PC', platform: 'windows', apps: [] });
    assert.equal((await connect(code.toLowerCase())).status, 201);
    assert.equal((await connect(code)).body.code, 'CONNECT_CODE_INVALID');
    const late = await server.connectCode(c);
    clock.advance(10 * 60_000);
    assert.equal((await connect(late)).body.code, 'CONNECT_CODE_INVALID');
  });

  test('a disconnected device’s token is dead, its seat freed, its pending delivery cancelled', async () => {
    const { customer, sub, device, deliveryId } = await household(server);
    const d2 = await server.newDevice(customer);
    const s2 = await server.send(customer, sub.id, [d2.deviceId]);
    await d2.api.post(`/v1/device/deliveries/${s2.body.results[0].delivery.id}/complete`);
    assert.deepEqual((await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats, {
      total: 2,
      used: 1,
      reserved: 1,
    });
    assert.equal((await customer.api.delete(`/v1/me/devices/${device.deviceId}`)).status, 204);
    assert.equal((await customer.api.delete(`/v1/me/devices/${d2.deviceId}`)).status, 204);
    assert.deepEqual((await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats, {
      total: 2,
      used: 0,
      reserved: 0,
    });
    assert.equal((await customer.api.get(`/v1/me/deliveries/${deliveryId}`)).body.status, 'cancelled');
    assert.equal((await device.api.post('/v1/device/check-in', {})).status, 401);
    const stored = await server.service.deps.db
      .selectFrom('devices')
      .select('token_hash')
      .where('id', '=', d2.deviceId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.token_hash, null);
  });

  test('failed redemptions are limited per client address', async () => {
    const s = await startTestServer({ settings: { connectFailuresPerWindow: 3 } });
    try {
      const c = await s.newCustomer();
      for (let i = 0; i < 3; i++)
        assert.equal(
          (
            await s
              .anonymous()
              .post('/v1/device/connect', { code: 'WRONG-CODE9', name: 'x', platform: 'x', apps: [] })
          ).status,
          400,
        );
      // Past the limit one more guess goes through the slow lane; the next is refused at once.
      const connect = (code: string) =>
        s.anonymous().post('/v1/device/connect', { code, name: 'x', platform: 'x', apps: [] });
      assert.equal((await connect('WRONG-CODE8')).status, 400);
      const good = await s.connectCode(c);
      const limited = await connect(good);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'RATE_LIMITED');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    } finally {
      await s.close();
    }
  });
});
