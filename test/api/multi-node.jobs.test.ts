import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { expireOverdueDeliveries } from '../../src/app/sending/expiry.ts';
import { onceAcrossNodes } from '../../src/app/shared/jobs.ts';
import { until } from '../support/evidence.ts';
import { SseReader } from '../support/sse.ts';
import { skipWithoutPostgres as skip, twoNodesOnOnePostgres } from '../support/two-nodes.ts';

describe('two nodes on one PostgreSQL: jobs', { skip }, () => {
  const nodes = twoNodesOnOnePostgres();

  test('the expiry job on both nodes at once: each overdue delivery is expired exactly once, with one event', async () => {
    const { a, b, clock } = nodes;
    const product = await a.createProduct();
    const customer = await a.newCustomer();
    const sub = await a.subscriptionFor(customer, { product: product.id, seats: 100 });
    const devices = await Promise.all(Array.from({ length: 40 }, () => a.newDevice(customer)));
    const sent = await a.send(
      customer,
      sub.id,
      devices.map((d) => d.deviceId),
    );
    const ids: string[] = sent.body.results.map((r: any) => r.delivery.id);
    assert.equal(ids.length, 40);
    const stream = new SseReader(`${b.url}/v1/device/events`, {
      authorization: `Bearer ${devices[0]!.token}`,
      'last-event-id': '0',
    });
    assert.equal(await stream.status, 200);

    clock.advance(3_600_000 + 1);
    // Every open delivery is overdue now (earlier tests' too): all of them, each once.
    const overdue = await a.service.deps.db
      .selectFrom('deliveries')
      .select('id')
      .where('status', 'in', ['pending', 'delivered', 'action_required'])
      .execute();
    const counts = await Promise.all([
      expireOverdueDeliveries(a.service.deps, 7),
      expireOverdueDeliveries(b.service.deps, 7),
      expireOverdueDeliveries(a.service.deps, 7),
      expireOverdueDeliveries(b.service.deps, 7),
    ]);
    assert.equal(
      counts.reduce((x, y) => x + y, 0),
      overdue.length,
      `each delivery expired once: ${counts.join(' + ')}`,
    );
    const rows = await a.service.deps.db
      .selectFrom('deliveries')
      .select(['id', 'status'])
      .where('id', 'in', ids)
      .execute();
    assert.deepEqual(new Set(rows.map((r) => r.status)), new Set(['expired']));
    const events = await a.service.deps.db
      .selectFrom('device_events')
      .select(['delivery_id'])
      .where('delivery_id', 'in', ids)
      .where('status', '=', 'expired')
      .execute();
    assert.equal(events.length, 40);
    assert.equal(new Set(events.map((e) => e.delivery_id)).size, 40);
    // The device's stream on the other node hears of its delivery's expiry.
    await stream.next((e) => e.event === 'delivery' && e.data.delivery.status === 'expired');
    assert.equal(await expireOverdueDeliveries(b.service.deps), 0);
    stream.close();
  });

  test('a job run on both nodes at once through onceAcrossNodes runs on exactly one', async () => {
    const { a, b } = nodes;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let runs = 0;
    const first = onceAcrossNodes(a.service.deps.db, 'test-job', async () => {
      runs++;
      await held;
      return 'a';
    });
    // Wait for the lock itself: node A's transaction holds the job's advisory lock in this database.
    await until(
      async () => {
        const { rows } = await sql<{ held: number }>`
          select count(*)::int as held from pg_locks
           where locktype = 'advisory' and granted
             and database = (select oid from pg_database where datname = current_database())
             and ((classid::bigint << 32) | objid::bigint) = hashtextextended('seatpost-job:test-job', 0)`.execute(
          b.service.deps.db,
        );
        return rows[0]!.held === 1;
      },
      { what: "node A's advisory lock on the job" },
    );
    const second = await onceAcrossNodes(b.service.deps.db, 'test-job', async () => {
      runs++;
      return 'b';
    });
    assert.deepEqual(second, { ran: false });
    release();
    assert.deepEqual(await first, { ran: true, value: 'a' });
    assert.equal(runs, 1);
    // Free again once the first node committed.
    assert.deepEqual(await onceAcrossNodes(b.service.deps.db, 'test-job', async () => 'b'), {
      ran: true,
      value: 'b',
    });
  });
});
