import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expireOverdueDeliveries } from '../../src/app/sending/expiry.ts';
import { Jobs } from '../../src/app/shared/jobs.ts';
import { afterCommit, inTransaction } from '../../src/store/database.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';

const WINDOW = 3_600_000;
const clock = new ManualClock();
let server: TestServer;
before(async () => (server = await startTestServer({ clock, deliveryWindowMs: WINDOW })));
after(async () => server.close());

test(`the expiry job writes down each overdue delivery once, with one event, and tells the device and the sender (${DIALECT})`, async () => {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 20 });
  const devices = await Promise.all(Array.from({ length: 10 }, () => server.newDevice(customer)));
  const sent = await server.send(
    customer,
    sub.id,
    devices.map((d) => d.deviceId),
  );
  const ids: string[] = sent.body.results.map((r: any) => r.delivery.id);
  const stream = new SseReader(`${server.url}/v1/device/events`, {
    authorization: `Bearer ${devices[0]!.token}`,
    'last-event-id': '0',
  });
  const portal = new SseReader(`${server.url}/v1/me/events`, {
    cookie: [...customer.api.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  });
  assert.equal(await stream.status, 200);
  assert.equal(await portal.status, 200);
  await stream.next((e) => e.event === 'delivery' && e.data.delivery.status === 'pending');

  // Not yet overdue: nothing to do.
  assert.equal(await expireOverdueDeliveries(server.service.deps), 0);
  clock.advance(WINDOW);
  const counts = await Promise.all([1, 2, 3].map(() => expireOverdueDeliveries(server.service.deps, 4)));
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    10,
  );
  assert.equal(await expireOverdueDeliveries(server.service.deps), 0);

  const db = server.service.deps.db;
  const rows = await db.selectFrom('deliveries').select(['id', 'status']).where('id', 'in', ids).execute();
  assert.deepEqual(new Set(rows.map((r) => r.status)), new Set(['expired']));
  const events = await db
    .selectFrom('device_events')
    .select('delivery_id')
    .where('delivery_id', 'in', ids)
    .where('status', '=', 'expired')
    .execute();
  assert.deepEqual(events.map((e) => e.delivery_id).sort(), [...ids].sort());

  const e = await stream.next((e) => e.event === 'delivery' && e.data.delivery.status === 'expired');
  assert.equal(e.data.delivery.id, ids[0]);
  await portal.next((e) => e.event === 'delivery' && e.data.delivery.status === 'expired');
  // Its seat is free again, and the device can be sent to anew.
  const again = await server.send(customer, sub.id, [devices[0]!.deviceId]);
  assert.ok(again.body.results[0].delivery);
  stream.close();
  portal.close();
});

test('background jobs: one run at a time per job on a node, errors logged, stop waits for the run in progress', async () => {
  const warnings: string[] = [];
  const jobs = new Jobs({ warn: (_o, msg) => warnings.push(msg) });
  let running = 0;
  let most = 0;
  let runs = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  jobs.schedule('slow', 60_000, async () => {
    runs++;
    running++;
    most = Math.max(most, running);
    await gate;
    running--;
  });
  jobs.schedule('broken', 60_000, async () => {
    throw new Error('boom');
  });
  const first = jobs.runNow('slow');
  const second = jobs.runNow('slow');
  await jobs.runNow('broken');
  assert.deepEqual(warnings, ['background job failed; it runs again later']);
  const stopping = jobs.stop();
  release();
  await Promise.all([first, second, stopping]);
  assert.equal(runs, 1);
  assert.equal(most, 1);
  assert.deepEqual(jobs.names, ['slow', 'broken']);
});

test('a job woken while it runs runs once more when that run ends (it may have looked for work already); wakes coalesce', async () => {
  const jobs = new Jobs();
  let runs = 0;
  let release!: () => void;
  let gate = new Promise<void>((r) => (release = r));
  jobs.schedule('outbox', 60_000, async () => {
    runs++;
    await gate;
  });
  jobs.wake('outbox');
  jobs.wake('outbox');
  jobs.wake('outbox');
  assert.equal(runs, 1, 'one run at a time');
  const first = release;
  gate = new Promise<void>((r) => (release = r));
  first();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(runs, 2, 'woken during the run: once more, however many wakes');
  release();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(runs, 2, 'and no more');
  await jobs.stop();
});

test(`afterCommit runs after the transaction commits, never for one that rolls back (${DIALECT})`, async () => {
  const db = server.service.deps.db;
  const seen: string[] = [];
  await inTransaction(db, async (tx) => {
    afterCommit(tx, () => seen.push('committed'));
    assert.deepEqual(seen, [], 'not before the commit');
  });
  await assert.rejects(
    inTransaction(db, async (tx) => {
      afterCommit(tx, () => seen.push('rolled back'));
      throw new Error('roll back');
    }),
  );
  afterCommit(db, () => seen.push('no transaction: at once'));
  assert.deepEqual(seen, ['committed', 'no transaction: at once']);
});
