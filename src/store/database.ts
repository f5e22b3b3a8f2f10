import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Transaction } from 'kysely';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import type { DialectName } from './dialect.ts';
import { DeviceTokenWatch } from './device-token-watch.ts';
import { NodeSqliteDialect } from './node-sqlite-dialect.ts';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startWalCheckpointer } from './wal-checkpointer.ts';
import type { Database } from './schema.ts';
import { MIGRATIONS } from './migrations/index.ts';
import { StorageHealth, watchedPool } from './storage-health.ts';
import type { StorageHealthTimings } from './storage-health.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface Store {
  db: Db;
  dialect: DialectName;
  /** The connection string, without its password, for logs. */
  describe: string;
  /** Readiness: reachable, migrated, and taking writes (disk full, read-only, I/O errors are not). */
  health: StorageHealth;
  /**
   * The devices' tokens held in this process, kept true by triggers (SQLite; null on PostgreSQL,
   * whose nodes share the database). Call after migrating: the triggers need the tables.
   */
  watchDeviceTokens(): DeviceTokenWatch | null;
  close(): Promise<void>;
}

// int8 (counts, bigserial ids) as numbers: they stay far below 2^53 here.
pg.types.setTypeParser(20, (v) => Number(v));

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function openStore(
  url: string,
  options: { poolSize?: number; health?: Partial<StorageHealthTimings> } = {},
): Store {
  const health = new StorageHealth(options.health);
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 20,
      // Fail fast (503) rather than hang when the database cannot be reached; notice dead peers.
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    // An idle client's error (database restarted) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    // A connection that drops while checked out (mid-query, mid-transaction) emits 'error' too; the
    // query fails (503) and the pool discards the client on release. Unheard, it would crash the process.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: watchedPool(pool, health) }) });
    health.attach(db);
    const u = new URL(url);
    u.password = '';
    return {
      db,
      dialect: 'postgres',
      describe: u.toString(),
      health,
      watchDeviceTokens: () => null,
      close: () => db.destroy(),
    };
  }
  const path = url.replace(/^sqlite:(\/\/)?/, '');
  // An in-memory database has no directory to make and no log to checkpoint.
  const onDisk = path !== ':memory:';
  if (onDisk) mkdirSync(dirname(path), { recursive: true });
  let connection: DatabaseSync | undefined;
  let watch: DeviceTokenWatch | undefined;
  const db = new Kysely<Database>({
    dialect: new NodeSqliteDialect(
      () => {
        const sqlite = new DatabaseSync(path);
        sqlite.exec('pragma journal_mode = wal; pragma synchronous = normal; pragma foreign_keys = on;');
        sqlite.exec('pragma busy_timeout = 5000;');
        // A larger page cache (32 MiB): the device lookups of the check-in hot path hit random
        // pages. A larger one still buys a check-in little and takes memory a node needs for its
        // device streams (docs/scaling.md, figure 3).
        sqlite.exec('pragma cache_size = -32768;');
        if (onDisk) sqlite.exec(`pragma wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES};`);
        return (connection = sqlite);
      },
      (error) => health.noteError(error),
    ),
  });
  health.attach(db);
  const checkpointer = onDisk ? startWalCheckpointer(path, 1_000) : null;
  return {
    db,
    dialect: 'sqlite',
    describe: path,
    health,
    watchDeviceTokens: () => {
      if (!connection) throw new Error('the database is not open yet: migrate first');
      return (watch ??= new DeviceTokenWatch(connection));
    },
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** Our own schema: one set of migrations for both engines, run at start. */
export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'seatpost_migrations',
    migrationLockTableName: 'seatpost_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
}

const RETRYABLE = new Set(['40001', '40P01']);

/** What to do once each transaction of `inTransaction` has committed (nothing if it rolls back). */
const committed = new WeakMap<Db, (() => void)[]>();

/**
 * Runs `then` once `db`'s transaction has committed, or at once when `db` is not a transaction
 * (its writes are already committed). A transaction that rolls back, or is retried, drops it.
 */
export function afterCommit(db: Db, then: () => void): void {
  if (!db.isTransaction) return then();
  const waiting = committed.get(db);
  if (waiting) waiting.push(then);
  else committed.set(db, [then]);
}

/**
 * Runs `work` in one transaction, retried when PostgreSQL resolves a deadlock or a
 * serialization conflict by aborting us: the work is then redone from the start.
 */
export async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let transaction: Tx | undefined;
    try {
      const value = await db.transaction().execute((tx) => work((transaction = tx)));
      for (const run of committed.get(transaction!) ?? []) run();
      return value;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 5 || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}
