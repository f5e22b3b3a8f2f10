import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { expireOverdueDeliveries } from '../../src/app/sending/expiry.ts';
import { onceAcrossNodes } from '../../src/app/shared/jobs.ts';
import { PgNotifier } from '../../src/store/pg-notifier.ts';
import type { TestDatabase } from '../support/databases.ts';
import { TEST_PG_URL, freshDatabase } from '../support/databases.ts';
import { until } from '../support/evidence.ts';
import { Client } from '../support/http.ts';
import { freePort, runMain } from '../support/process.ts';
import { ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

/**
 * Many nodes on one PostgreSQL: two servers share a database, and what one does reaches the
 * streams the other holds. PostgreSQL only: the embedded SQLite database runs one process.
 */
const skip = TEST_PG_URL
  ? false
  : 'many nodes need PostgreSQL (set SEATPOST_TEST_DATABASE_URL); the embedded SQLite database runs one process';

/** The same customer, signed in through another node (same auth secret, same session). */
function through(node: TestServer, customer: Customer): Client {
  const api = new Client(node.url, { origin: node.url });
  api.cookies = new Map(customer.api.cookies);
  return api;
}

describe('two nodes on one PostgreSQL', { skip }, () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let a: TestServer;
  let b: TestServer;
  const clock = new ManualClock();

  before(async () => {
    db = await freshDatabase();
    a = await startTestServer({ databaseUrl: db.url, clock, deliveryWindowMs: 3_600_000 });
    // Node B reaches the database through a proxy the tests can cut.
    proxy = await TcpProxy.start(TcpProxy.targetOf(db.url));
    b = await startTestServer({
      databaseUrl: TcpProxy.urlThrough(db.url, proxy),
      clock,
      deliveryWindowMs: 3_600_000,
      secrets: a.secrets,
      logger: !!process.env.DEBUG_B,
    });
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
    await proxy?.close();
    await db?.drop();
  });

  test('a send through node A reaches the device stream and the portal stream held by node B, in milliseconds', async () => {
    const product = await a.createProduct();
    const customer = await a.newCustomer();
    const sub = await a.subscriptionFor(customer, { product: product.id, seats: 5 });
    const device = await a.newDevice(customer);
    const deviceStream = new SseReader(`${b.url}/v1/device/events`, {
      authorization: `Bearer ${device.token}`,
    });
    const portal = through(b, customer);
    const portalStream = new SseReader(`${b.url}/v1/me/events`, {
      cookie: [...portal.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    });
    assert.equal(await deviceStream.status, 200);
    assert.equal(await portalStream.status, 200);

    const sentAt = performance.now();
    const sent = await a.send(customer, sub.id, [device.deviceId]);
    const delivery = sent.body.results[0].delivery;
    const event = await deviceStream.next(
      (e) => e.event === 'delivery' && e.data.delivery.id === delivery.id,
    );
    const portalEvent = await portalStream.next(
      (e) => e.event === 'delivery' && e.data.delivery.id === delivery.id,
    );
    assert.ok(event.at - sentAt < 1000, `cross-node delivery took ${Math.round(event.at - sentAt)} ms`);
    assert.equal(portalEvent.data.delivery.status, 'pending');

    // And back: the device completes through node B; the portal stream on node A hears it.
    const portalOnA = new SseReader(`${a.url}/v1/me/events`, {
      cookie: [...customer.api.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    });
    assert.equal(await portalOnA.status, 200);
    const deviceOnB = new Client(b.url, { authorization: `Bearer ${device.token}` });
    assert.equal((await deviceOnB.post(`/v1/device/deliveries/${delivery.id}/complete`)).status, 200);
    const completed = await portalOnA.next(
      (e) => e.event === 'delivery' && e.data.delivery.status === 'completed',
    );
    assert.equal(completed.data.delivery.id, delivery.id);
    for (const s of [deviceStream, portalStream, portalOnA]) s.close();
  });

  test('a device disconnected through node A: its stream on node B ends and its token stops working there', async () => {
    const customer = await a.newCustomer();
    const device = await a.newDevice(customer);
    const stream = new SseReader(`${b.url}/v1/device/events`, { authorization: `Bearer ${device.token}` });
    assert.equal(await stream.status, 200);
    assert.equal((await customer.api.delete(`/v1/me/devices/${device.deviceId}`)).status, 204);
    await stream.next((e) => e.event === 'disconnected');
    await stream.ended;
    const onB = new Client(b.url, { authorization: `Bearer ${device.token}` });
    assert.equal((await onB.post('/v1/device/check-in', {})).status, 401);
  });

  test("node B's notification listener reconnects by itself after its connection drops, and its streams miss nothing", async () => {
    const product = await a.createProduct();
    const customer = await a.newCustomer();
    const sub = await a.subscriptionFor(customer, { product: product.id, seats: 5 });
    const device = await a.newDevice(customer);
    const stream = new SseReader(`${b.url}/v1/device/events`, { authorization: `Bearer ${device.token}` });
    assert.equal(await stream.status, 200);
    const notifier = b.service.deps.notifier as PgNotifier;
    assert.ok(notifier instanceof PgNotifier);
    const connections = notifier.connections;
    // A round trip first (a send, then its undo, both heard on node B): the stream has done its
    // reads and is idle when the cut comes (a stream whose read fails ends; its app reconnects).
    const first = (await a.send(customer, sub.id, [device.deviceId])).body.results[0].delivery;
    await stream.next((e) => e.event === 'delivery' && e.data.delivery.id === first.id);
    assert.equal((await customer.api.post(`/v1/me/deliveries/${first.id}/undo`)).status, 200);
    await stream.next((e) => e.event === 'delivery' && e.data.delivery.status === 'cancelled');

    // A listener of the test's own, straight to the database: when it hears node A's NOTIFY for
    // the device, the notification has gone out to every listener there was.
    const witness = new pg.Client({ connectionString: db.url });
    witness.on('error', () => {});
    await witness.connect();
    let heard = false;
    witness.on('notification', (m) => (heard ||= !!m.payload?.includes(`device:${device.deviceId}`)));
    await witness.query('listen seatpost');

    await proxy.cutOff();
    await until(() => !notifier.listening, { what: "node B's listener to notice the cut" });
    // Sent while node B has no listener: its NOTIFY is lost for node B.
    const sent = await a.send(customer, sub.id, [device.deviceId]);
    const delivery = sent.body.results[0].delivery;
    try {
      await until(() => heard, { what: "node A's NOTIFY for the device" });
    } finally {
      await witness.end();
    }
    assert.equal(notifier.listening, false, 'node B was not listening when the NOTIFY went out');
    assert.equal(
      stream.events.some((e) => e.event === 'delivery' && e.data.delivery.id === delivery.id),
      false,
    );
    const restoredAt = performance.now();
    await proxy.restore();

    // Reconnected by itself; every local stream re-reads its events, so the delivery arrives.
    const event = await stream.next(
      (e) => e.event === 'delivery' && e.data.delivery.id === delivery.id,
      10_000,
    );
    assert.equal(event.data.delivery.status, 'pending');
    assert.ok(event.at > restoredAt, 'it arrived only once the database was reachable again');
    assert.ok(notifier.connections > connections, 'the listener connected again');
    assert.ok(notifier.listening);
    stream.close();
  });

  test('the expiry job on both nodes at once: each overdue delivery is expired exactly once, with one event', async () => {
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

describe('SEATPOST_WORKERS', () => {
  test(
    'SEATPOST_WORKERS=2 on PostgreSQL: two processes share the port, and a send reaches streams held by either',
    { skip },
    async () => {
      const db = await freshDatabase();
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const operatorKey = randomBytes(18).toString('base64url');
      const { child, exited, until } = runMain({
        DATABASE_URL: db.url,
        PORT: String(port),
        SEATPOST_PUBLIC_URL: url,
        SEATPOST_OPERATOR_KEY: operatorKey,
        SEATPOST_AUTH_SECRET: randomBytes(32).toString('base64url'),
        SEATPOST_DEMO: '0',
        SEATPOST_WORKERS: '2',
        LOG_LEVEL: 'warn',
      });
      try {
        await until(/Workers: 2 processes/, 30_000);
        const operator = new Client(url, { authorization: `Bearer ${operatorKey}` });
        const anonymous = new Client(url, { origin: url });
        const product = await operator.post('/v1/operator/products', {
          id: 'workers-product',
          name: 'Workers',
          app: 'seatpost-security',
          appVersions: '>=21.0.0 <23',
          regions: [],
          business: false,
          perUserService: false,
        });
        assert.equal(product.status, 201);
        assert.equal(
          (
            await anonymous.post('/v1/auth/sign-up', {
              email: 'workers@example.com',
              password: 'correct horse battery',
              name: 'Workers',
              country: 'DK',
              language: 'en',
            })
          ).status,
          201,
        );
        const issued = await operator.post('/v1/operator/subscriptions', {
          product: 'workers-product',
          kind: 'paid',
          renewal: 'auto',
          unit: 'device',
          seats: 10,
          expiresAt: new Date(Date.now() + 86_400_000 * 30).toISOString(),
        });
        assert.equal(
          (await anonymous.post('/v1/me/subscriptions', { activationCode: issued.body.activationCode }))
            .status,
          201,
        );
        // Six devices, six streams: the cluster spreads the connections over both processes.
        const devices = [];
        for (let i = 0; i < 6; i++) {
          const code = (await anonymous.post('/v1/me/connect-codes')).body.code;
          const r = await new Client(url).post('/v1/device/connect', {
            code,
            name: `D${i}`,
            platform: 'windows',
            apps: [{ app: 'seatpost-security', version: '22.1.0' }],
          });
          devices.push(r.body as { deviceId: string; token: string });
        }
        const streams = devices.map(
          (d) => new SseReader(`${url}/v1/device/events`, { authorization: `Bearer ${d.token}` }),
        );
        for (const s of streams) assert.equal(await s.status, 200);
        for (const d of devices) {
          const sent = await anonymous.post(`/v1/me/subscriptions/${issued.body.id}/deliveries`, {
            deviceIds: [d.deviceId],
          });
          assert.ok(sent.body.results[0].delivery, JSON.stringify(sent.body));
        }
        for (const s of streams) await s.next((e) => e.event === 'delivery', 5_000);
        child.kill('SIGTERM');
        const [code] = await exited;
        assert.equal(code, 0);
        for (const s of streams) s.close();
      } finally {
        child.kill('SIGKILL');
        await db.drop();
      }
    },
  );

  test('SEATPOST_WORKERS=3 on the embedded SQLite database: says that it runs one process, and runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seatpost-workers-'));
    const port = await freePort();
    const { child, exited, until, output } = runMain({
      DATABASE_URL: join(dir, 'db.sqlite'),
      PORT: String(port),
      SEATPOST_DEMO: '0',
      SEATPOST_WORKERS: '3',
      LOG_LEVEL: 'warn',
    });
    try {
      await until(/Seatpost is listening/, 20_000);
      const out = output();
      assert.match(out, /SEATPOST_WORKERS=3: the embedded SQLite database runs in one process/);
      assert.doesNotMatch(out, /Workers: 3/);
      assert.equal((await new Client(`http://127.0.0.1:${port}`).get('/readyz')).status, 200);
      child.kill('SIGTERM');
      assert.equal((await exited)[0], 0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
