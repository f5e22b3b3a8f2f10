import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/store/database.ts';
import { toSqliteValue } from '../../src/store/node-sqlite-dialect.ts';

test('parameters: a Date becomes its ISO string, a boolean 0/1, anything else object-like is refused', () => {
  const at = new Date('2026-01-02T03:04:05.678Z');
  assert.equal(toSqliteValue(at, 0), '2026-01-02T03:04:05.678Z');
  assert.equal(toSqliteValue(true, 0), 1);
  assert.equal(toSqliteValue(false, 0), 0);
  assert.equal(toSqliteValue(undefined, 0), null);
  assert.throws(() => toSqliteValue({ id: 1 }, 3), /parameter 3/);
  assert.throws(() => toSqliteValue(new Date('nope'), 0), /invalid Date/);
  assert.throws(() => toSqliteValue([1], 0), TypeError);
});

test('a Date in the first parameter position is stored, not read as named parameters (the node:sqlite trap)', async () => {
  const store = openStore(':memory:');
  try {
    await sql`create table t (at text, id text, n integer)`.execute(store.db);
    const at = new Date('2026-05-06T07:08:09.000Z');
    await sql`insert into t (at, id, n) values (${at}, ${'row-1'}, ${7})`.execute(store.db);
    const rows = await sql<{ at: string; id: string; n: number }>`select * from t`.execute(store.db);
    assert.deepEqual(
      rows.rows.map((r) => ({ ...r })),
      [{ at: '2026-05-06T07:08:09.000Z', id: 'row-1', n: 7 }],
    );
    const later = await sql<{
      id: string;
    }>`select id from t where at < ${new Date('2026-06-01T00:00:00Z')}`.execute(store.db);
    assert.deepEqual(
      later.rows.map((r) => ({ ...r })),
      [{ id: 'row-1' }],
      'a Date comparison matches',
    );
  } finally {
    await store.close();
  }
});

test('rows are plain objects keyed by column, in the order selected, whatever the values', async () => {
  const store = openStore(':memory:');
  try {
    await sql`create table r (id text, n integer, x real, b blob, gone text)`.execute(store.db);
    const inserted = await sql<
      Record<string, unknown>
    >`insert into r values (${'a'}, ${1}, ${1.5}, ${new Uint8Array([1, 2])}, ${null}) returning id, n`.execute(
      store.db,
    );
    assert.deepEqual(inserted.rows, [{ id: 'a', n: 1 }], 'a returning clause gives rows too');
    await sql`insert into r values (${'b'}, ${2}, ${null}, ${null}, ${'x'})`.execute(store.db);
    const rows = await sql<
      Record<string, unknown>
    >`select gone, id, n, x, b, n + 1 as next from r order by id`.execute(store.db);
    assert.deepEqual(rows.rows, [
      { gone: null, id: 'a', n: 1, x: 1.5, b: new Uint8Array([1, 2]), next: 2 },
      { gone: 'x', id: 'b', n: 2, x: null, b: null, next: 3 },
    ]);
    for (const row of rows.rows) {
      assert.equal(Object.getPrototypeOf(row), Object.prototype);
      assert.deepEqual(Object.keys(row), ['gone', 'id', 'n', 'x', 'b', 'next']);
    }
    const none = await sql`select id from r where id = ${'zzz'}`.execute(store.db);
    assert.deepEqual(none.rows, []);
  } finally {
    await store.close();
  }
});

test('transactions take turns on the single connection: concurrent read-modify-write loses nothing', async () => {
  const store = openStore(':memory:');
  try {
    await sql`create table c (n integer)`.execute(store.db);
    await sql`insert into c values (0)`.execute(store.db);
    await Promise.all(
      Array.from({ length: 50 }, () =>
        store.db.transaction().execute(async (tx) => {
          const { rows } = await sql<{ n: number }>`select n from c`.execute(tx);
          await new Promise((r) => setImmediate(r));
          await sql`update c set n = ${rows[0]!.n + 1}`.execute(tx);
        }),
      ),
    );
    const { rows } = await sql<{ n: number }>`select n from c`.execute(store.db);
    assert.equal(rows[0]!.n, 50);
  } finally {
    await store.close();
  }
});

test('a failed transaction writes nothing', async () => {
  const store = openStore(':memory:');
  try {
    await sql`create table c (n integer)`.execute(store.db);
    await assert.rejects(
      store.db.transaction().execute(async (tx) => {
        await sql`insert into c values (1)`.execute(tx);
        throw new Error('boom');
      }),
      /boom/,
    );
    const { rows } = await sql<{ k: number }>`select count(*) as k from c`.execute(store.db);
    assert.equal(rows[0]!.k, 0);
  } finally {
    await store.close();
  }
});
