import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { test } from 'node:test';
import { openStore } from '../../src/store/database.ts';
import { DIALECT, TEST_PG_URL, freshDatabase } from '../support/databases.ts';
import type { Answer } from '../support/http.ts';
import { Client } from '../support/http.ts';
import { freePort, runMain } from '../support/process.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';

/**
 * Faults the service must survive without losing or doubling anything: a SIGKILL in the middle
 * of work, the database unreachable for a while, and many nodes racing for one last seat.
 */

const OPEN = ['pending', 'delivered', 'action_required'];

/** `npm start` as a child process that a test can kill with SIGKILL. */
async function startProcess(env: Record<string, string>) {
  const p = runMain({ SEATPOST_DEMO: '0', LOG_LEVEL: 'warn', ...env });
  await p.until(/Seatpost is listening/, 30_000);
  return p;
}

const problemOf = (a: Answer) => ({
  status: a.status,
  type: a.headers.get('content-type'),
  code: (a.body as { code?: string } | null)?.code,
});

type SendRecord = { key: string; customer: number; sub: string; devices: string[]; answer?: Answer };

test(`SIGKILL in the middle of hundreds of sends, check-ins and completions, then a restart: nothing lost or doubled, every seat count true (${DIALECT})`, async (t) => {
  const db = await freshDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: db.url,
    PORT: String(port),
    SEATPOST_PUBLIC_URL: url,
    SEATPOST_OPERATOR_KEY: randomBytes(18).toString('base64url'),
    SEATPOST_AUTH_SECRET: randomBytes(32).toString('base64url'),
  };
  let server = await startProcess(env);
  try {
    // Three customers, each with two subscriptions (few seats, so that sends contend) and 24 devices.
    const operator = new Client(url, { authorization: `Bearer ${env.SEATPOST_OPERATOR_KEY}` });
    assert.equal(
      (
        await operator.post('/v1/operator/products', {
          id: 'fault-product',
          name: 'Fault',
          app: 'seatpost-security',
          appVersions: '>=21.0.0 <23',
          regions: [],
          business: false,
          perUserService: false,
        })
      ).status,
      201,
    );
    const customers: { api: Client; subs: string[]; devices: { id: string; api: Client }[] }[] = [];
    for (let c = 0; c < 3; c++) {
      const api = new Client(url, { origin: url });
      const signUp = await api.post('/v1/auth/sign-up', {
        email: `fault${c}-${randomBytes(3).toString('hex')}@example.com`,
        password: 'correct horse battery',
        name: `Fault ${c}`,
        country: 'DK',
        language: 'en',
      });
      assert.equal(signUp.status, 201);
      const subs: string[] = [];
      for (const seats of [8, 15]) {
        const issued = await operator.post('/v1/operator/subscriptions', {
          product: 'fault-product',
          kind: 'paid',
          renewal: 'auto',
          unit: 'device',
          seats,
          expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        });
        assert.equal(
          (await api.post('/v1/me/subscriptions', { activationCode: issued.body.activationCode })).status,
          201,
        );
        subs.push(issued.body.id);
      }
      const devices = [];
      for (let d = 0; d < 24; d++) {
        const code = (await api.post('/v1/me/connect-codes')).body.code;
        const r = await new Client(url).post('/v1/device/connect', {
          code,
          name: `C${c} D${d}`,
          platform: 'windows',
          apps: [{ app: 'seatpost-security', version: '22.1.0' }],
        });
        assert.equal(r.status, 201);
        devices.push({
          id: r.body.deviceId,
          api: new Client(url, { authorization: `Bearer ${r.body.token}` }),
        });
      }
      customers.push({ api, subs, devices });
    }

    // The load: 16 workers sending, checking in, acknowledging, completing and undoing, until the kill.
    const sends: SendRecord[] = [];
    const completions: { deliveryId: string; device: Client; answer?: Answer }[] = [];
    let done = 0;
    let killed = false;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
    const worker = async () => {
      while (!killed) {
        const roll = Math.random();
        const c = Math.floor(Math.random() * customers.length);
        const customer = customers[c]!;
        try {
          if (roll < 0.45) {
            const devices = [...new Set([pick(customer.devices), pick(customer.devices)].map((d) => d.id))];
            const record: SendRecord = { key: randomUUID(), customer: c, sub: pick(customer.subs), devices };
            sends.push(record);
            record.answer = await customer.api.post(
              `/v1/me/subscriptions/${record.sub}/deliveries`,
              { deviceIds: devices },
              { 'idempotency-key': record.key },
            );
          } else if (roll < 0.9) {
            const device = pick(customer.devices);
            const waiting = await device.api.post('/v1/device/check-in', {
              apps: [{ app: 'seatpost-security', version: '22.1.0' }],
            });
            for (const d of (waiting.body?.deliveries ?? []) as { id: string }[]) {
              await device.api.post(`/v1/device/deliveries/${d.id}/ack`);
              const record: (typeof completions)[number] = { deliveryId: d.id, device: device.api };
              completions.push(record);
              record.answer = await device.api.post(`/v1/device/deliveries/${d.id}/complete`);
            }
          } else {
            const made = sends.filter((s) => s.answer?.status === 200 && s.customer === c);
            const delivery = made.length
              ? pick(made).answer!.body.results.find((r: { delivery?: unknown }) => r.delivery)?.delivery
              : undefined;
            if (delivery) await customer.api.post(`/v1/me/deliveries/${delivery.id}/undo`);
          }
          done++;
        } catch {
          return; // the server is gone: this request's outcome is unknown
        }
      }
    };
    const workers = Array.from({ length: 16 }, () => worker());
    const started = Date.now();
    while (done < 300 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    killed = true;
    await server.exited;
    await Promise.all(workers);
    const unknownSends = sends.filter((s) => s.answer === undefined);
    assert.ok(done >= 300, `hundreds of operations before the kill (${done})`);

    // Restart on the same database. Every send whose answer was lost is retried with its key:
    // the stored answer comes back if it committed, or it is made now; never twice.
    server = await startProcess(env);
    for (const s of unknownSends) {
      s.answer = await customers[s.customer]!.api.post(
        `/v1/me/subscriptions/${s.sub}/deliveries`,
        { deviceIds: s.devices },
        { 'idempotency-key': s.key },
      );
    }
    for (const s of sends) assert.equal(s.answer!.status, 200, JSON.stringify(s.answer!.body));
    // A completion whose answer was lost is repeated: the same answer, or the rules' refusal.
    for (const c of completions.filter((c) => c.answer === undefined))
      c.answer = await c.device.post(`/v1/device/deliveries/${c.deliveryId}/complete`);

    // Seat counts as the service reports them, to compare with the rows below.
    const reported = new Map<string, { total: number; used: number; reserved: number }>();
    for (const customer of customers)
      for (const sub of customer.subs)
        reported.set(sub, (await customer.api.get(`/v1/me/subscriptions/${sub}`)).body.seats);
    server.child.kill('SIGTERM');
    assert.equal((await server.exited)[0], 0);

    const store = openStore(db.url);
    try {
      const deliveries = await store.db.selectFrom('deliveries').selectAll().execute();
      const byId = new Map(deliveries.map((d) => [d.id, d]));
      // Not lost: every delivery any answer named exists, for its device and subscription.
      const named = new Map<string, string>();
      for (const s of sends)
        for (const r of s.answer!.body.results as { deviceId: string; delivery?: { id: string } }[]) {
          if (!r.delivery) continue;
          const row = byId.get(r.delivery.id);
          assert.ok(row, `delivery ${r.delivery.id} was answered but is not stored`);
          assert.equal(row.device_id, r.deviceId);
          assert.equal(row.subscription_id, s.sub);
          assert.ok(
            !named.has(r.delivery.id) || named.get(r.delivery.id) === s.key,
            'one delivery, one send',
          );
          named.set(r.delivery.id, s.key);
        }
      // Not doubled: every stored delivery was answered to exactly one send.
      assert.deepEqual(new Set(byId.keys()), new Set(named.keys()));
      // One open delivery per device at most.
      const open = deliveries.filter((d) => OPEN.includes(d.status));
      assert.equal(new Set(open.map((d) => d.device_id)).size, open.length);
      // Each delivery announced to its device once.
      const events = await store.db.selectFrom('device_events').select(['delivery_id', 'status']).execute();
      for (const d of deliveries)
        assert.equal(events.filter((e) => e.delivery_id === d.id && e.status === 'pending').length, 1);
      assert.ok(events.every((e) => byId.has(e.delivery_id)));
      // Completions: every one answered 200 is stored completed; each completed delivery made one activation.
      for (const c of completions)
        if (c.answer?.status === 200 && c.answer.body.delivery?.status === 'completed')
          assert.equal(byId.get(c.deliveryId)?.status, 'completed');
      const activations = await store.db.selectFrom('activations').selectAll().execute();
      for (const d of deliveries.filter((d) => d.status === 'completed'))
        assert.equal(activations.filter((a) => a.delivery_id === d.id).length, 1);
      for (const a of activations) assert.equal(byId.get(a.delivery_id!)?.status, 'completed');
      const current = activations.filter((a) => a.ended_at === null);
      assert.equal(new Set(current.map((a) => `${a.device_id}/${a.app}`)).size, current.length);
      // Seats: what the service reports is what the activations and deliveries say, within the limit.
      for (const [sub, seats] of reported) {
        const used = new Set(current.filter((a) => a.subscription_id === sub).map((a) => a.device_id));
        const reserved = new Set(
          open.filter((d) => d.subscription_id === sub && !used.has(d.device_id)).map((d) => d.device_id),
        );
        assert.deepEqual(
          { used: seats.used, reserved: seats.reserved },
          { used: used.size, reserved: reserved.size },
        );
        assert.ok(used.size + reserved.size <= seats.total, `${sub}: ${used.size}+${reserved.size}`);
      }
      t.diagnostic(
        `${done} operations before the kill, ${unknownSends.length} sends in flight; ` +
          `${deliveries.length} deliveries, ${deliveries.filter((d) => d.status === 'completed').length} completed, ` +
          `${deliveries.filter((d) => d.status === 'cancelled').length} undone`,
      );
      assert.ok(
        deliveries.length >= 50,
        `the load made many deliveries (${deliveries.length}, ${completions.length} completions)`,
      );
    } finally {
      await store.close();
    }
  } finally {
    server.child.kill('SIGKILL');
    await db.drop();
  }
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

test(`100 concurrent sends racing for one last seat${TEST_PG_URL ? ' across two nodes' : ' (SQLite: one node, as the embedded database runs one process)'}: exactly one wins (${DIALECT})`, async () => {
  const a = await startTestServer();
  const b = TEST_PG_URL ? await startTestServer({ databaseUrl: a.databaseUrl, secrets: a.secrets }) : a;
  try {
    const product = await a.createProduct();
    const customer = await a.newCustomer();
    const sub = await a.subscriptionFor(customer, { product: product.id, seats: 3 });
    const devices = [];
    for (let i = 0; i < 102; i++) devices.push(await a.newDevice(customer));
    // Two seats taken: one by an activation, one by a delivery on its way.
    const first = await a.send(customer, sub.id, [devices[0]!.deviceId]);
    await devices[0]!.api.post(`/v1/device/deliveries/${first.body.results[0].delivery.id}/complete`);
    assert.ok((await a.send(customer, sub.id, [devices[1]!.deviceId])).body.results[0].delivery);

    const onB = new Client(b.url, { origin: b.url });
    onB.cookies = new Map(customer.api.cookies);
    const racing = devices.slice(2).map((d, i) =>
      (i % 2 === 0 ? customer.api : onB).post(`/v1/me/subscriptions/${sub.id}/deliveries`, {
        deviceIds: [d.deviceId],
      }),
    );
    const answers = await Promise.all(racing);
    for (const r of answers) assert.equal(r.status, 200, JSON.stringify(r.body));
    const results = answers.map((r) => r.body.results[0]);
    assert.equal(results.filter((r) => r.delivery).length, 1);
    for (const r of results.filter((r) => !r.delivery)) assert.deepEqual(r.reasons, ['NO_FREE_SLOTS']);
    const seats = (await customer.api.get(`/v1/me/subscriptions/${sub.id}`)).body.seats;
    assert.deepEqual(seats, { total: 3, used: 1, reserved: 2 });
  } finally {
    if (b !== a) await b.stop();
    await a.close();
  }
});
