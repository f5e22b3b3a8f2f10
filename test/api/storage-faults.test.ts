import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { TEST_PG_URL, freshPostgresDatabase, freshSqliteDatabase } from '../support/databases.ts';
import type { TestDatabase } from '../support/databases.ts';
import type { Answer } from '../support/http.ts';
import { startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/**
 * Storage that answers but cannot take writes (a read-only database, a full disk) is
 * unavailability: writes get 503 STORAGE_UNAVAILABLE as problem+json, /readyz says so, reads and
 * /healthz go on, and the node takes writes and is ready again by itself once the fault clears.
 * Real faults: PostgreSQL's database made read-only; SQLite's own connection unable to grow the
 * file (SQLITE_FULL) or refusing writes (SQLITE_READONLY).
 */

const STORAGE_UNAVAILABLE = {
  status: 503,
  type: 'application/problem+json; charset=utf-8',
  code: 'STORAGE_UNAVAILABLE',
};
const problemOf = (a: Answer) => ({
  status: a.status,
  type: a.headers.get('content-type'),
  code: (a.body as { code?: string } | null)?.code,
});

const product = () => {
  const id = `p-${randomBytes(4).toString('hex')}`;
  return {
    id,
    name: `Product ${id}`,
    app: 'a',
    appVersions: '>=1',
    regions: [],
    business: false,
    perUserService: false,
  };
};
const signUp = (server: TestServer) =>
  server.anonymous().post('/v1/auth/sign-up', {
    email: `c-${randomBytes(4).toString('hex')}@example.com`,
    password: 'correct horse battery',
    name: 'C',
    country: 'DK',
    language: 'en',
  });

async function eventually(what: string, ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await ok())) {
    assert.ok(Date.now() - start < ms, `${what} within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function recovers(server: TestServer): Promise<void> {
  await eventually('ready again', async () => (await server.anonymous().get('/readyz')).status === 200);
  await eventually(
    'writes taken again',
    async () => (await server.operator.post('/v1/operator/products', product())).status === 201,
  );
  assert.equal((await server.anonymous().get('/readyz')).status, 200);
  assert.equal((await signUp(server)).status, 202);
}

/** Sets or resets the database's read-only default; `kick` ends its sessions, so that new ones see it. */
async function readOnly(db: TestDatabase, on: boolean, kick: boolean): Promise<void> {
  const name = new URL(db.url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(
      on
        ? `alter database ${name} set default_transaction_read_only = on`
        : `alter database ${name} reset default_transaction_read_only`,
    );
    if (kick)
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
        [name],
      );
  } finally {
    await admin.end();
  }
}

const needsPg = { skip: TEST_PG_URL ? false : 'needs PostgreSQL (SEATPOST_TEST_DATABASE_URL)' };

test(
  'PostgreSQL made read-only while running: writes get 503 STORAGE_UNAVAILABLE, /readyz says so, and the node recovers by itself',
  needsPg,
  async () => {
    const db = await freshPostgresDatabase(TEST_PG_URL!);
    let server: TestServer | undefined;
    try {
      server = await startTestServer({ databaseUrl: db.url });
      const customer = await server.newCustomer();
      const prod = await server.createProduct();
      const sub = await server.subscriptionFor(customer, { product: prod.id, seats: 5 });
      const device = await server.newDevice(customer);
      assert.equal((await server.anonymous().get('/readyz')).status, 200);

      await readOnly(db, true, true);
      await new Promise((r) => setTimeout(r, 300));
      // The first query on a killed idle connection may still see it go (503 UNAVAILABLE); then read-only.
      await eventually(
        'the ended sessions left behind',
        async () =>
          problemOf(await server!.operator.post('/v1/operator/products', product())).code !== 'UNAVAILABLE',
      );
      const writes = [
        await server.operator.post('/v1/operator/products', product()),
        await server.send(customer, sub.id, [device.deviceId]),
        await customer.api.post('/v1/me/connect-codes'),
        await signUp(server),
      ];
      for (const w of writes) assert.deepEqual(problemOf(w), STORAGE_UNAVAILABLE, JSON.stringify(w.body));
      assert.ok(Number(writes[0]!.headers.get('retry-after')) > 0);
      assert.deepEqual(problemOf(await server.anonymous().get('/readyz')), STORAGE_UNAVAILABLE);
      assert.equal((await server.anonymous().get('/healthz')).status, 200);
      assert.equal((await customer.api.get('/v1/me/subscriptions')).status, 200, 'reads go on');

      // Writable again; the node's pooled sessions are left as they are: it must recover by itself.
      await readOnly(db, false, false);
      await recovers(server);
      assert.equal((await server.send(customer, sub.id, [device.deviceId])).status, 200);
    } finally {
      await server?.stop();
      await db.drop();
    }
  },
);

test(
  'PostgreSQL read-only at start: the node starts, serves reads, is not ready, and becomes ready once it can write',
  needsPg,
  async () => {
    const db = await freshPostgresDatabase(TEST_PG_URL!);
    let server: TestServer | undefined;
    try {
      const first = await startTestServer({ databaseUrl: db.url });
      const prod = await first.createProduct();
      await first.stop();
      await readOnly(db, true, true);

      server = await startTestServer({ databaseUrl: db.url, secrets: first.secrets });
      assert.deepEqual(problemOf(await server.anonymous().get('/readyz')), STORAGE_UNAVAILABLE);
      assert.equal((await server.anonymous().get('/healthz')).status, 200);
      const read = await server.operator.get('/v1/operator/products');
      assert.equal(read.status, 200);
      assert.ok(JSON.stringify(read.body).includes(prod.id));
      assert.deepEqual(
        problemOf(await server.operator.post('/v1/operator/products', product())),
        STORAGE_UNAVAILABLE,
      );
      assert.deepEqual(problemOf(await signUp(server)), STORAGE_UNAVAILABLE);

      await readOnly(db, false, false);
      await recovers(server);
    } finally {
      await server?.stop();
      await db.drop();
    }
  },
);

/** A pragma on the service's own SQLite connection (the driver has exactly one). */
const pragma = (server: TestServer, text: string) =>
  sql.raw(`pragma ${text}`).execute(server.service.deps.db);

test('SQLite file that cannot grow (SQLITE_FULL): writes get 503 STORAGE_UNAVAILABLE, /readyz says so, and the node recovers by itself', async () => {
  const db = freshSqliteDatabase();
  const server = await startTestServer({ databaseUrl: db.url });
  try {
    const customer = await server.newCustomer();
    assert.equal((await server.anonymous().get('/readyz')).status, 200);
    // The file may not grow by one page more: as a full disk, writes fail once the free room in its pages is used.
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(server.service.deps.db);
    await pragma(server, `max_page_count = ${rows[0]!.page_count}`);
    let full: Answer | undefined;
    for (let i = 0; i < 2_000 && !full; i++) {
      const r = await server.operator.post('/v1/operator/products', { ...product(), name: 'x'.repeat(100) });
      if (r.status !== 201) full = r;
    }
    assert.ok(full, 'the file filled up');
    assert.deepEqual(problemOf(full), STORAGE_UNAVAILABLE, JSON.stringify(full.body));
    assert.deepEqual(problemOf(await server.anonymous().get('/readyz')), STORAGE_UNAVAILABLE);
    assert.equal((await server.anonymous().get('/healthz')).status, 200);
    assert.equal((await customer.api.get('/v1/me/subscriptions')).status, 200, 'reads go on');

    await pragma(server, 'max_page_count = 1073741823');
    await recovers(server);
  } finally {
    await server.close();
  }
});

test('SQLite refusing writes (SQLITE_READONLY): the write probe makes /readyz say so, and it is ready again once writes work', async () => {
  const db = freshSqliteDatabase();
  const server = await startTestServer({ databaseUrl: db.url });
  try {
    await pragma(server, 'query_only = 1');
    // No request meets the fault: the write probe of /readyz finds it (it runs every 10 s at most).
    await eventually(
      'the write probe finds it',
      async () => problemOf(await server.anonymous().get('/readyz')).code === 'STORAGE_UNAVAILABLE',
    );
    assert.deepEqual(
      problemOf(await server.operator.post('/v1/operator/products', product())),
      STORAGE_UNAVAILABLE,
    );
    assert.deepEqual(problemOf(await signUp(server)), STORAGE_UNAVAILABLE);
    assert.equal((await server.operator.get('/v1/operator/products')).status, 200, 'reads go on');

    await pragma(server, 'query_only = 0');
    await recovers(server);
  } finally {
    await server.close();
  }
});
