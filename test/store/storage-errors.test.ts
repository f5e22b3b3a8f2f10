import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { createService } from '../../src/compose.ts';
import { migrate, openStore } from '../../src/store/database.ts';
import { databaseUnavailable, sessionBoundFault, storageFault } from '../../src/store/errors.ts';
import { StorageHealth } from '../../src/store/storage-health.ts';
import { TEST_PG_URL, freshPostgresDatabase } from '../support/databases.ts';

/**
 * Storage faults told apart from an unreachable database and from a refused query, with the
 * errors the engines really raise: node:sqlite's own, and PostgreSQL's when a server is given.
 */

const dir = mkdtempSync(join(tmpdir(), 'seatpost-storage-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  assert.fail('expected an error');
}

function database(name: string): DatabaseSync {
  const db = new DatabaseSync(join(dir, name));
  db.exec('pragma journal_mode = wal; create table t (x); insert into t values (1);');
  return db;
}

const kind = (error: unknown) => ({ storage: storageFault(error), unavailable: databaseUnavailable(error) });

describe('SQLite errors', () => {
  test('a write to a read-only database (SQLITE_READONLY) is a storage fault', () => {
    database('ro.sqlite').close();
    const ro = new DatabaseSync(join(dir, 'ro.sqlite'), { readOnly: true });
    const error = thrown(() => ro.exec('insert into t values (2)'));
    assert.equal((error as { errcode: number }).errcode, 8);
    assert.deepEqual(kind(error), { storage: true, unavailable: false });
    ro.close();
  });

  test('a file that cannot grow (SQLITE_FULL) is a storage fault', () => {
    const db = database('full.sqlite');
    const { page_count } = db.prepare('pragma page_count').get() as { page_count: number };
    db.exec(`pragma max_page_count = ${page_count}`);
    const error = thrown(() => db.exec('insert into t values (randomblob(100000))'));
    assert.equal((error as { errcode: number }).errcode, 13);
    assert.deepEqual(kind(error), { storage: true, unavailable: false });
    db.close();
  });

  test('a file that is not a database (SQLITE_NOTADB) and one that cannot be opened (SQLITE_CANTOPEN) are storage faults', () => {
    writeFileSync(join(dir, 'garbage.sqlite'), Buffer.alloc(8192, 7));
    const garbage = new DatabaseSync(join(dir, 'garbage.sqlite'));
    const notADb = thrown(() => garbage.exec('select * from sqlite_master'));
    assert.equal((notADb as { errcode: number }).errcode, 26);
    assert.deepEqual(kind(notADb), { storage: true, unavailable: false });
    garbage.close();
    const cantOpen = thrown(() => new DatabaseSync(join(dir, 'no', 'such', 'dir.sqlite')));
    assert.equal((cantOpen as { errcode: number }).errcode, 14);
    assert.deepEqual(kind(cantOpen), { storage: true, unavailable: false });
  });

  test('a locked file (SQLITE_BUSY) is unavailability, a broken constraint neither; a wrapped fault is found in its cause', () => {
    const a = database('busy.sqlite');
    const b = new DatabaseSync(join(dir, 'busy.sqlite'));
    a.exec('begin immediate');
    const busy = thrown(() => b.exec('begin immediate'));
    assert.deepEqual(kind(busy), { storage: false, unavailable: true });
    a.exec('rollback');
    b.exec('create table u (x primary key); insert into u values (1)');
    const constraint = thrown(() => b.exec('insert into u values (1)'));
    assert.deepEqual(kind(constraint), { storage: false, unavailable: false });
    a.close();
    b.close();
    const ro = new DatabaseSync(join(dir, 'busy.sqlite'), { readOnly: true });
    const readOnly = thrown(() => ro.exec('insert into t values (3)'));
    ro.close();
    // As better-auth wraps what its queries throw.
    const wrapped = new Error('Failed to create user', { cause: readOnly });
    assert.deepEqual(kind(wrapped), { storage: true, unavailable: false });
  });

  test('the file system saying no (ENOSPC, EROFS, EIO) is a storage fault', () => {
    for (const code of ['ENOSPC', 'EROFS', 'EIO', 'EDQUOT'])
      assert.equal(storageFault(Object.assign(new Error(code), { code })), true, code);
  });
});

describe('PostgreSQL errors', { skip: TEST_PG_URL ? false : 'needs PostgreSQL' }, () => {
  test('a write in a read-only transaction (25006) is a storage fault that ends the session; a unique violation is neither', async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      await client.query('create temp table t (x int primary key)');
      await client.query('insert into t values (1)');
      const dup = await client.query('insert into t values (1)').catch((e: unknown) => e);
      assert.deepEqual(kind(dup), { storage: false, unavailable: false });
      assert.equal(sessionBoundFault(dup), false);
      await client.query('begin read only');
      const ro = await client.query('create table w (x int)').catch((e: unknown) => e);
      await client.query('rollback');
      assert.equal((ro as { code: string }).code, '25006');
      assert.deepEqual(kind(ro), { storage: true, unavailable: false });
      assert.equal(sessionBoundFault(ro), true);
    } finally {
      await client.end();
    }
  });
});

describe('the write probe', () => {
  test('writes at most once per interval while all is well, and at once after a storage fault', async () => {
    const store = openStore(join(dir, 'probe.sqlite'));
    try {
      await migrate(store.db);
      let now = 1_000_000;
      const health = new StorageHealth(
        { probeEveryMs: 10_000, retryEveryMs: 1_000, holdMs: 5_000 },
        () => now,
      );
      health.attach(store.db);
      const probedAt = async () =>
        String((await store.db.selectFrom('health_probe').select('probed_at').executeTakeFirst())?.probed_at);
      assert.equal(await health.check(), 'ok');
      const first = await probedAt();
      now += 9_000;
      assert.deepEqual(await Promise.all([health.check(), health.check(), health.check()]), [
        'ok',
        'ok',
        'ok',
      ]);
      assert.equal(await probedAt(), first, 'no write within the interval');
      now += 2_000;
      assert.equal(await health.check(), 'ok');
      assert.notEqual(await probedAt(), first, 'a write once it passed');

      // A request meets a storage fault: not ready for the hold, though the probe's write passes.
      const second = await probedAt();
      now += 1;
      health.noteError(
        Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13 }),
      );
      now += 1;
      assert.equal(await health.check(), 'storage-fault');
      assert.notEqual(await probedAt(), second, 'probed at once');
      now += 5_000;
      assert.equal(await health.check(), 'ok');
    } finally {
      await store.close();
    }
  });

  test(
    'on PostgreSQL too, the probe fails on a read-only database and passes once it is writable',
    { skip: TEST_PG_URL ? false : 'needs PostgreSQL' },
    async () => {
      const db = await freshPostgresDatabase(TEST_PG_URL!);
      const name = new URL(db.url).pathname.slice(1);
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      const service = await createService(
        {
          databaseUrl: db.url,
          publicUrl: 'http://127.0.0.1:9',
          deliveryWindowMs: 60_000,
          authSecret: randomBytes(32).toString('base64url'),
          operatorKey: randomBytes(18).toString('base64url'),
        },
        { logger: false },
      );
      const store = service.store;
      try {
        await admin.query(`alter database ${name} set default_transaction_read_only = on`);
        await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [
          name,
        ]);
        await new Promise((r) => setTimeout(r, 200));
        let now = 0;
        const health = new StorageHealth(
          { probeEveryMs: 10_000, retryEveryMs: 1_000, holdMs: 5_000 },
          () => now,
        );
        health.attach(store.db);
        assert.equal(await health.check(), 'storage-fault');
        await admin.query(`alter database ${name} reset default_transaction_read_only`);
        now += 10_000;
        // The session that failed was closed, not pooled again: the next one can write.
        assert.equal(await health.check(), 'ok');
      } finally {
        await service.close();
        await admin.end();
        await db.drop();
      }
    },
  );
});
