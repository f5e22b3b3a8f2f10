import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import pg from 'pg';
import { TEST_PG_URL, freshDatabase } from '../../support/databases.ts';
import type { Answer } from '../../support/http.ts';
import { startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';
import { SseReader } from '../../support/sse.ts';
import { TcpProxy } from '../../support/tcp-proxy.ts';

/**
 * The database out of reach for a while (PostgreSQL cut off, or SQLite's file locked by another
 * writer): requests fail with 503 problem+json, nothing is half written, and the service resumes
 * by itself.
 */

const problemOf = (a: Answer) => ({
  status: a.status,
  type: a.headers.get('content-type'),
  code: (a.body as { code?: string } | null)?.code,
});

test(
  'PostgreSQL unreachable for a while: requests fail with 503 problem+json, nothing is half written, and service resumes by itself',
  {
    skip: TEST_PG_URL ? false : 'needs PostgreSQL; the SQLite equivalent (the file locked) is the next test',
  },
  async () => {
    const db = await freshDatabase();
    const proxy = await TcpProxy.start(TcpProxy.targetOf(db.url));
    let server: TestServer | undefined;
    try {
      server = await startTestServer({ databaseUrl: TcpProxy.urlThrough(db.url, proxy) });
      const product = await server.createProduct();
      const customer = await server.newCustomer();
      const sub = await server.subscriptionFor(customer, { product: product.id, seats: 100 });
      const devices = await Promise.all(Array.from({ length: 24 }, () => server!.newDevice(customer)));
      const stream = new SseReader(`${server.url}/v1/device/events`, {
        authorization: `Bearer ${devices[23]!.token}`,
      });
      assert.equal(await stream.status, 200);
      await new Promise((r) => setTimeout(r, 200));

      // Sends of four devices each, with the database cut off while they run. The first is caught
      // in the middle of its transaction: another transaction (straight to the database, not
      // through the proxy) holds an uncommitted delivery to its third device, so the send has
      // written two deliveries and waits on the one-open-delivery index when the cut comes.
      const groups = Array.from({ length: 5 }, (_, i) =>
        devices.slice(i * 4, i * 4 + 4).map((d) => d.deviceId),
      );
      const keys = groups.map(() => randomUUID());
      const blocker = new pg.Client({ connectionString: db.url });
      await blocker.connect();
      await blocker.query('begin');
      await blocker.query(
        `insert into deliveries (id, subscription_id, device_id, sender_account_id, channel, status,
           created_at, updated_at, expires_at)
         values ('blocker', $1, $2, $3, 'portal', 'pending', now(), now(), now() + interval '1 day')`,
        [sub.id, groups[0]![2], customer.id],
      );
      const sending = [server.send(customer, sub.id, groups[0]!, { 'idempotency-key': keys[0]! })];
      const waitStart = Date.now();
      for (;;) {
        const { rows } = await blocker.query(
          `select count(*)::int as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        );
        if (rows[0].n > 0) break;
        assert.ok(Date.now() - waitStart < 10_000, 'the send reached the middle of its transaction');
        await new Promise((r) => setTimeout(r, 20));
      }
      sending.push(
        ...groups
          .slice(1)
          .map((g, i) => server!.send(customer, sub.id, g, { 'idempotency-key': keys[i + 1]! })),
      );
      await new Promise((r) => setTimeout(r, 5));
      await proxy.cutOff();
      const answers = await Promise.all(sending);
      assert.equal(answers[0]!.status, 503, 'the send cut off mid-transaction');
      await blocker.query('rollback');
      await blocker.end();

      // While it is down: every kind of request says 503 UNAVAILABLE, as problem+json.
      const down = [
        ...answers.filter((a) => a.status !== 200),
        await server.anonymous().get('/readyz'),
        await devices[0]!.api.post('/v1/device/check-in', {}),
        await customer.api.get('/v1/me/subscriptions'),
        await server.send(customer, sub.id, [devices[20]!.deviceId]),
        await server.operator.get('/v1/operator/products'),
      ];
      for (const a of down)
        assert.deepEqual(problemOf(a), {
          status: 503,
          type: 'application/problem+json; charset=utf-8',
          code: 'UNAVAILABLE',
        });
      assert.equal((await server.anonymous().get('/healthz')).status, 200, 'the process itself lives');

      // Back: it recovers by itself, with no restart.
      await new Promise((r) => setTimeout(r, 500));
      await proxy.restore();
      const back = Date.now();
      while ((await server.anonymous().get('/readyz')).status !== 200) {
        assert.ok(Date.now() - back < 15_000, 'ready again within 15 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      // Nothing half written: each send is all there or not at all; the one cut mid-transaction is not.
      const rows = await server.service.deps.db
        .selectFrom('deliveries')
        .select(['id', 'device_id'])
        .execute();
      assert.equal(rows.filter((r) => groups[0]!.includes(r.device_id)).length, 0);
      for (const g of groups) {
        const made = rows.filter((r) => g.includes(r.device_id)).length;
        assert.ok(made === 0 || made === g.length, `a send of ${g.length} devices left ${made} deliveries`);
      }
      // Retried with their keys, the sends all succeed, each device gets exactly one delivery.
      for (const [i, g] of groups.entries()) {
        const again = await server.send(customer, sub.id, g, { 'idempotency-key': keys[i]! });
        assert.equal(again.status, 200);
        assert.equal(again.body.results.filter((r: { delivery?: unknown }) => r.delivery).length, g.length);
      }
      const after = await server.service.deps.db.selectFrom('deliveries').select(['device_id']).execute();
      assert.equal(after.length, 20);
      assert.equal(new Set(after.map((r) => r.device_id)).size, 20);
      // The stream that was open all along still hears a new send.
      const sent = await server.send(customer, sub.id, [devices[23]!.deviceId]);
      assert.equal(sent.status, 200);
      await stream.next((e) => e.event === 'delivery', 5_000);
      stream.close();
    } finally {
      await server?.stop();
      await proxy.close();
      await db.drop();
    }
  },
);

test(
  'SQLite locked by another writer for longer than the busy timeout: writes fail with 503 problem+json, nothing is half written, and service resumes by itself',
  { skip: TEST_PG_URL ? 'the embedded database only; PostgreSQL has its own test above' : false },
  async () => {
    const server = await startTestServer();
    try {
      const product = await server.createProduct();
      const customer = await server.newCustomer();
      const sub = await server.subscriptionFor(customer, { product: product.id, seats: 10 });
      const devices = await Promise.all(Array.from({ length: 3 }, () => server.newDevice(customer)));
      // Another process holds the file's write lock (as a stuck writer would).
      const other = new DatabaseSync(server.databaseUrl);
      other.exec('begin immediate');
      try {
        const blocked = await server.send(
          customer,
          sub.id,
          devices.map((d) => d.deviceId),
        );
        assert.deepEqual(problemOf(blocked), {
          status: 503,
          type: 'application/problem+json; charset=utf-8',
          code: 'UNAVAILABLE',
        });
        assert.equal(blocked.headers.get('retry-after'), '5');
        // Reads go on (the write-ahead log lets readers past a writer).
        assert.equal((await customer.api.get('/v1/me/subscriptions')).status, 200);
      } finally {
        other.exec('rollback');
        other.close();
      }
      const rows = await server.service.deps.db.selectFrom('deliveries').select('id').execute();
      assert.equal(rows.length, 0, 'nothing half written');
      const sent = await server.send(
        customer,
        sub.id,
        devices.map((d) => d.deviceId),
      );
      assert.equal(sent.status, 200);
      assert.equal(sent.body.results.filter((r: { delivery?: unknown }) => r.delivery).length, 3);
    } finally {
      await server.close();
    }
  },
);
