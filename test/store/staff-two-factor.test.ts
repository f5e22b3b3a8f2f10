import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/store/database.ts';
import { twoFactorEnabled } from '../../src/store/staff.repository.ts';
import { freshDatabase } from '../support/databases.ts';
import { DIALECT } from '../support/server.ts';

test(`two factors unknown (better-auth's column missing) count as off, so staff are refused (${DIALECT})`, async () => {
  const database = await freshDatabase();
  const store = openStore(database.url);
  try {
    await sql`create table ${sql.table('user')} (id text primary key)`.execute(store.db);
    await sql`insert into ${sql.table('user')} (id) values ('someone')`.execute(store.db);
    assert.equal(await twoFactorEnabled(store.db, 'someone'), false);
  } finally {
    await store.close();
    await database.drop();
  }
});
