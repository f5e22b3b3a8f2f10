import { createHash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { createService } from '../src/compose.ts';
import { isPostgresUrl } from '../src/store/database.ts';
import { appsFingerprint } from '../src/store/device-apps.repository.ts';
import { secrets } from './procs.ts';

/**
 * The bench's data set, generated in bulk SQL (generate_series on PostgreSQL, a recursive CTE on
 * SQLite) into a migrated database: accounts with devices and subscriptions, each device with the
 * app installed, and half the subscriptions active on a device. Device `i` has the token
 * `benchToken(i)`, so that the load generator can check in as any of them.
 */
export interface DatasetSize {
  accounts: number;
  devices: number;
  subscriptions: number;
  /** Devices from this index on were last seen a day ago (their next check-in writes "last seen"); the others just now. */
  staleFrom?: number;
}

/** An empty SQLite database at `url` with Seatpost's schema (migrated by Seatpost itself), for `generateDataset`. */
export async function migratedDatabase(url: string): Promise<void> {
  const setup = await createService({
    databaseUrl: url,
    publicUrl: 'http://localhost',
    deliveryWindowMs: 86_400_000,
    authSecret: secrets.SEATPOST_AUTH_SECRET,
    operatorKey: secrets.SEATPOST_OPERATOR_KEY,
  });
  await setup.close();
}

export const APP = 'seatpost-security';
export const APP_VERSION = '22.1.0';
export const PRODUCT_ID = 'bench-security';
export const benchToken = (i: number) => `bench-token-${i}`;
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');
const FINGERPRINT = appsFingerprint([{ app: APP, version: APP_VERSION }]);

export async function generateDataset(url: string, size: DatasetSize): Promise<void> {
  if (isPostgresUrl(url)) return generatePostgres(url, size);
  generateSqlite(url, size);
}

function generateSqlite(path: string, { accounts, devices, subscriptions, staleFrom }: DatasetSize): void {
  const db = new DatabaseSync(path);
  db.function('token_hash', { deterministic: true }, (t) => tokenHash(String(t)));
  db.exec('pragma synchronous = off; pragma foreign_keys = off; pragma cache_size = -200000;');
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const earlier = new Date(Date.now() - 86_400_000).toISOString();
  const series = (n: number) =>
    `with recursive s(i) as (select 0 union all select i + 1 from s where i + 1 < ${Number(n)})`;
  db.exec('begin');
  try {
    // As on PostgreSQL: the indexes a migration made are built after the load (the ones that
    // back a unique column cannot be dropped, and stay).
    const indexes = db
      .prepare(
        `select name, sql from sqlite_schema where type = 'index' and sql is not null
         and tbl_name in ('subscriptions', 'devices', 'device_apps', 'activations')`,
      )
      .all() as { name: string; sql: string }[];
    for (const { name } of indexes) db.exec(`drop index ${pg.escapeIdentifier(name)}`);
    db.prepare(
      `insert into products (id, name, app, app_versions, regions, business, per_user_service, created_at)
       values (?, 'Bench Security', ?, '>=21.0.0 <23', '[]', 0, 0, ?)`,
    ).run(PRODUCT_ID, APP, now);
    db.prepare(
      `${series(accounts)} insert into "user" (id, name, email, emailVerified, createdAt, updatedAt, country, language)
       select 'ba' || i, 'Bench ' || i, 'bench' || i || '@bench.test', 0, ?, ?, 'DK', 'en' from s`,
    ).run(now, now);
    db.prepare(
      `${series(subscriptions)} insert into subscriptions (id, product_id, kind, renewal, unit, seats, starts_at,
         expires_at, state, activation_code_hash, activation_code_hint, owner_account_id, organization_id, created_at, updated_at)
       select 'bs' || i, ?, 'paid', 'auto', 'device', 5, ?, ?, 'active', 'bench-code-' || i,
         substr('0000' || i, -4), 'ba' || (i % ?), null, ?, ? from s`,
    ).run(PRODUCT_ID, earlier, later, accounts, now, now);
    db.prepare(
      `${series(devices)} insert into devices (id, account_id, organization_id, name, platform, region, token_hash,
         connected_at, disconnected_at, last_seen_at, group_name, apps_fingerprint)
       select 'bd' || i, 'ba' || (i % ?), null, 'Device ' || i, 'windows', null, token_hash('bench-token-' || i),
         ?, null, case when i < ? then ? else ? end, null, ? from s`,
    ).run(accounts, earlier, staleFrom ?? devices, now, earlier, FINGERPRINT);
    db.prepare(
      `${series(devices)} insert into device_apps (device_id, app, version) select 'bd' || i, ?, ? from s`,
    ).run(APP, APP_VERSION);
    db.prepare(
      `${series(Math.min(subscriptions, devices))} insert into activations (id, device_id, app, subscription_id, delivery_id, started_at, ended_at)
       select 'bx' || i, 'bd' || i, ?, 'bs' || i, null, ?, null from s`,
    ).run(APP, earlier);
    for (const { sql } of indexes) db.exec(sql);
    db.exec('commit');
  } catch (e) {
    db.exec('rollback');
    throw e;
  }
  db.exec('analyze');
  db.exec('pragma wal_checkpoint(truncate)');
  db.close();
}

async function generatePostgres(
  url: string,
  { accounts, devices, subscriptions, staleFrom }: DatasetSize,
): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('begin');
    // A bulk load of rows known to be consistent: skip the per-row foreign-key triggers.
    await c.query("set local session_replication_role = 'replica'");
    await c.query("set local maintenance_work_mem = '256MB'");
    const rebuild = await dropSecondaryIndexes(c, ['subscriptions', 'devices', 'device_apps', 'activations']);
    await c.query(
      `insert into products (id, name, app, app_versions, regions, business, per_user_service, created_at)
       values ($1, 'Bench Security', $2, '>=21.0.0 <23', '[]', false, false, now())`,
      [PRODUCT_ID, APP],
    );
    await c.query(
      `insert into "user" (id, name, email, "emailVerified", "createdAt", "updatedAt", country, language)
       select 'ba' || i, 'Bench ' || i, 'bench' || i || '@bench.test', false, now(), now(), 'DK', 'en'
       from generate_series(0, $1::int - 1) i`,
      [accounts],
    );
    await c.query(
      `insert into subscriptions (id, product_id, kind, renewal, unit, seats, starts_at, expires_at, state,
         activation_code_hash, activation_code_hint, owner_account_id, organization_id, created_at, updated_at)
       select 'bs' || i, $2, 'paid', 'auto', 'device', 5, now() - interval '1 day', now() + interval '365 days',
         'active', 'bench-code-' || i, right('0000' || i, 4), 'ba' || (i % $3::int), null, now(), now()
       from generate_series(0, $1::int - 1) i`,
      [subscriptions, PRODUCT_ID, accounts],
    );
    await c.query(
      `insert into devices (id, account_id, organization_id, name, platform, region, token_hash, connected_at,
         disconnected_at, last_seen_at, group_name, apps_fingerprint)
       select 'bd' || i, 'ba' || (i % $2::int), null, 'Device ' || i, 'windows', null,
         translate(rtrim(encode(sha256(convert_to('bench-token-' || i, 'UTF8')), 'base64'), '='), '+/', '-_'),
         now() - interval '1 day', null,
         case when i < $4::int then now() else now() - interval '1 day' end, null, $3
       from generate_series(0, $1::int - 1) i`,
      [devices, accounts, FINGERPRINT, staleFrom ?? devices],
    );
    await c.query(
      `insert into device_apps (device_id, app, version)
       select 'bd' || i, $2, $3 from generate_series(0, $1::int - 1) i`,
      [devices, APP, APP_VERSION],
    );
    await c.query(
      `insert into activations (id, device_id, app, subscription_id, delivery_id, started_at, ended_at)
       select 'bx' || i, 'bd' || i, $2, 'bs' || i, null, now() - interval '1 day', null
       from generate_series(0, $1::int - 1) i`,
      [Math.min(subscriptions, devices), APP],
    );
    for (const statement of rebuild) await c.query(statement);
    await c.query('commit');
    await c.query('analyze');
  } finally {
    await c.end();
  }
}

/**
 * Drops the tables' indexes other than their primary keys, and returns the statements that make
 * them again: a million rows inserted in random token order into six indexes took 35 s, while an
 * index built once over loaded rows is a sort. Read from the catalogue, so that the bench loads
 * into whatever indexes the migrations made.
 */
async function dropSecondaryIndexes(c: pg.Client, tables: string[]): Promise<string[]> {
  const { rows } = await c.query<{
    table: string;
    index: string;
    definition: string;
    constraint: string | null;
  }>(
    `select t.relname as table, x.relname as index, pg_get_indexdef(x.oid) as definition,
       pg_get_constraintdef(con.oid) as constraint
     from pg_index i
       join pg_class x on x.oid = i.indexrelid
       join pg_class t on t.oid = i.indrelid
       left join pg_constraint con on con.conindid = x.oid and con.conrelid = t.oid
     where t.relnamespace = current_schema()::regnamespace and t.relname = any($1::text[])
       and not i.indisprimary`,
    [tables],
  );
  const rebuild: string[] = [];
  for (const r of rows) {
    const [table, index] = [pg.escapeIdentifier(r.table), pg.escapeIdentifier(r.index)];
    if (r.constraint) {
      await c.query(`alter table ${table} drop constraint ${index}`);
      rebuild.push(`alter table ${table} add constraint ${index} ${r.constraint}`);
    } else {
      await c.query(`drop index ${index}`);
      rebuild.push(r.definition);
    }
  }
  return rebuild;
}

/**
 * `count` more devices for one account (the bench's customers), with the app installed; their
 * tokens are `benchToken(first + k)`. Returns their ids.
 */
export async function addDevices(
  url: string,
  accountId: string,
  first: number,
  count: number,
): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, k) => `bd${first + k}`);
  if (isPostgresUrl(url)) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query('begin');
      await c.query(
        `insert into devices (id, account_id, name, platform, token_hash, connected_at, last_seen_at, apps_fingerprint)
         select 'bd' || i, $3, 'Device ' || i, 'windows',
           translate(rtrim(encode(sha256(convert_to('bench-token-' || i, 'UTF8')), 'base64'), '='), '+/', '-_'),
           now(), now(), $4
         from generate_series($1::int, $1::int + $2::int - 1) i`,
        [first, count, accountId, FINGERPRINT],
      );
      await c.query(
        `insert into device_apps (device_id, app, version)
         select 'bd' || i, $3, $4 from generate_series($1::int, $1::int + $2::int - 1) i`,
        [first, count, APP, APP_VERSION],
      );
      await c.query('commit');
    } finally {
      await c.end();
    }
    return ids;
  }
  const db = new DatabaseSync(path(url));
  db.exec('pragma busy_timeout = 5000');
  const now = new Date().toISOString();
  const device = db.prepare(
    `insert into devices (id, account_id, name, platform, token_hash, connected_at, last_seen_at, apps_fingerprint)
     values (?, ?, ?, 'windows', ?, ?, ?, ?)`,
  );
  const app = db.prepare('insert into device_apps (device_id, app, version) values (?, ?, ?)');
  db.exec('begin immediate');
  for (let k = 0; k < count; k++) {
    const i = first + k;
    device.run(`bd${i}`, accountId, `Device ${i}`, tokenHash(benchToken(i)), now, now, FINGERPRINT);
    app.run(`bd${i}`, APP, APP_VERSION);
  }
  db.exec('commit');
  db.close();
  return ids;
}

const path = (url: string) => url.replace(/^sqlite:(\/\/)?/, '');

/** Marks devices [0, count) as seen just now: the fleet in its steady state, before a check-in measurement. */
export async function markSeen(url: string, count: number): Promise<void> {
  if (isPostgresUrl(url)) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(
        `update devices set last_seen_at = now()
         where id in (select 'bd' || i from generate_series(0, $1::int - 1) i)`,
        [count],
      );
    } finally {
      await c.end();
    }
    return;
  }
  const db = new DatabaseSync(path(url));
  db.exec('pragma busy_timeout = 10000');
  // Rows were inserted in index order: device i has rowid i + 1.
  db.prepare('update devices set last_seen_at = ? where rowid <= ?').run(new Date().toISOString(), count);
  db.close();
}
