import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sweepSilentDevices } from '../../src/app/devices/silent-devices.ts';
import { skipWithoutPostgres as skip, twoNodesOnOnePostgres } from '../support/two-nodes.ts';

const DAY = 86_400_000;

describe('two nodes on one PostgreSQL: silent devices', { skip }, () => {
  const nodes = twoNodesOnOnePostgres();

  test("both nodes' jobs at once: each warning, and its email, exactly once; each end exactly once", async () => {
    const { a, b, clock } = nodes;
    const made = await a.operator.post('/v1/operator/products', {
      id: 'two-node-silent',
      name: 'Silent Suite',
      app: 'seatpost-security',
      appVersions: '>=21',
      regions: [],
      business: false,
      perUserService: false,
      inactiveAfter: '30d',
    });
    assert.equal(made.status, 201);
    const customer = await a.newCustomer();
    const sub = await a.subscriptionFor(customer, { product: 'two-node-silent', seats: 30 });
    const devices = await Promise.all(
      Array.from({ length: 12 }, (_, i) => a.newDevice(customer, { name: `PC ${i}` })),
    );
    const sent = await a.send(
      customer,
      sub.id,
      devices.map((d) => d.deviceId),
    );
    for (const [i, r] of (sent.body.results as { delivery: { id: string } }[]).entries()) {
      await devices[i]!.api.post(`/v1/device/deliveries/${r.delivery.id}/ack`);
      assert.equal(
        (await devices[i]!.api.post(`/v1/device/deliveries/${r.delivery.id}/complete`)).status,
        200,
      );
    }

    clock.advance(16 * DAY);
    const sweeps = () =>
      Promise.all([
        sweepSilentDevices(a.service.deps, 5),
        sweepSilentDevices(b.service.deps, 5),
        sweepSilentDevices(a.service.deps, 5),
        sweepSilentDevices(b.service.deps, 5),
      ]);
    const warned = await sweeps();
    assert.equal(
      warned.reduce((n, r) => n + r.warned, 0),
      12,
      `each device warned once: ${warned.map((r) => r.warned).join(' + ')}`,
    );
    const db = a.service.store.db;
    const mail = await db
      .selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', customer.email.toLowerCase())
      .where('text_body', 'like', '%/keep-device/%')
      .execute();
    assert.equal(mail.length, 12);
    assert.equal((await db.selectFrom('inactivity_warnings').select('id').execute()).length, 12);

    clock.advance(15 * DAY);
    const ended = await sweeps();
    assert.equal(
      ended.reduce((n, r) => n + r.ended, 0),
      12,
      `each device ended once: ${ended.map((r) => r.ended).join(' + ')}`,
    );
    const inactive = await db
      .selectFrom('activations')
      .select('id')
      .where('subscription_id', '=', sub.id)
      .where('ended_because', '=', 'inactive')
      .execute();
    assert.equal(inactive.length, 12);
    assert.deepEqual(
      (await sweeps()).map((r) => r.warned + r.ended),
      [0, 0, 0, 0],
    );
  });
});
