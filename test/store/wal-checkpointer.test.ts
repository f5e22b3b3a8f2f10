import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/store/database.ts';

test("SQLite's log is checkpointed by a worker thread, not by the connection that commits", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seatpost-wal-'));
  const path = join(dir, 'wal.sqlite');
  const store = openStore(path);
  try {
    await sql`create table t (x text)`.execute(store.db);
    // About 1,500 pages in one commit: past SQLite's default automatic checkpoint (1,000 pages),
    // short of the server's fallback, so that only the worker can have copied them.
    await sql`with recursive s(i) as (select 1 union all select i + 1 from s where i < 6000)
      insert into t select randomblob(1000) from s`.execute(store.db);
    const before = statSync(path).size;
    assert.ok(before < 1_000_000, `the rows are still only in the log (${before} bytes in the file)`);
    let size = before;
    for (let waited = 0; waited < 10_000 && size < 6_000_000; waited += 100) {
      await sleep(100);
      size = statSync(path).size;
    }
    assert.ok(size >= 6_000_000, `the worker copied the log into the file (${size} bytes)`);
    const rows = await sql<{ n: number }>`select count(*) as n from t`.execute(store.db);
    assert.equal(rows.rows[0]!.n, 6000);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
