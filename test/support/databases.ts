import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The database the API tests run on: SQLite by default, PostgreSQL when
 * SEATPOST_TEST_DATABASE_URL names one. Each test server gets a fresh database of its own.
 */
export const TEST_PG_URL = process.env.SEATPOST_TEST_DATABASE_URL;
export const DIALECT = TEST_PG_URL ? 'postgres' : 'sqlite';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDatabase> {
  return TEST_PG_URL ? freshPostgresDatabase(TEST_PG_URL) : freshSqliteDatabase();
}

/** A fresh SQLite database in a temporary directory, whatever SEATPOST_TEST_DATABASE_URL says. */
export function freshSqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'seatpost-test-'));
  return {
    url: join(dir, 'seatpost.sqlite'),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh database on the PostgreSQL server of `serverUrl`, dropped (with its connections) by `drop()`. */
export async function freshPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `seatpost_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
