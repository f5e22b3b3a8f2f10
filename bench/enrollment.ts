import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../src/store/database.ts';
import { upsertMembership } from '../src/store/organizations.repository.ts';
import { enrollFleet } from '../test/support/enroll-load.ts';
import { Client } from '../test/support/http.ts';
import { log, startSeatpost, stop } from './procs.ts';
import type { Server } from './procs.ts';
import { fmt, rows } from './report.ts';
import { quick } from './settings.ts';

/**
 * Figure E: a fleet enrolling with one enrolment key (issue 16: 10,000 within a minute), on a
 * fresh database of its own (so that 10,000 new devices change no other figure), SQLite and, when
 * a PostgreSQL server is reachable, PostgreSQL. The devices are a load generator in a process of
 * its own (test/support/enroll-load.ts), 64 requests in flight from one address, as a site
 * behind one NAT would send them.
 */
const FLEET = quick ? 1_000 : 10_000;
const CONCURRENCY = 64;

export async function enrollmentFigures(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'seatpost-bench-enrol-'));
  try {
    await enrollmentFigure(join(dir, 'enrol.sqlite'), 'SQLite');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const admin = process.env.SEATPOST_BENCH_DATABASE_URL ?? process.env.SEATPOST_TEST_DATABASE_URL;
  const serverUrl = admin ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `seatpost_bench_enrol_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await c.connect();
    await c.query(`create database ${name}`);
  } catch (e) {
    rows.push({
      figure: 'E',
      name: 'enrolments on PostgreSQL',
      measured: `skipped: no PostgreSQL (${(e as Error).message})`,
      target: '',
    });
    return;
  } finally {
    await c.end().catch(() => {});
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  try {
    await enrollmentFigure(u.toString(), 'PostgreSQL');
  } finally {
    const d = new pg.Client({ connectionString: serverUrl });
    await d.connect();
    await d.query(`drop database if exists ${name} with (force)`);
    await d.end();
  }
}

async function enrollmentFigure(dbUrl: string, engine: string): Promise<void> {
  log(`figure E: ${fmt(FLEET)} devices enrol with one key (${engine})`);
  const seatpost = await startSeatpost(dbUrl, 0, `seatpost (enrolment, ${engine})`);
  try {
    const key = await newEnrollmentKey(seatpost, dbUrl);
    const { statuses, seconds } = await enrollFleet({
      url: seatpost.url,
      enrollmentKey: key,
      count: FLEET,
      concurrency: CONCURRENCY,
    });
    if (statuses['201'] !== FLEET) throw new Error(`enrolments answered ${JSON.stringify(statuses)}`);
    // The time 10,000 would take at this pace (the same as measured in a full run).
    const tenThousand = (seconds * 10_000) / FLEET;
    rows.push({
      figure: 'E',
      name: `enrolments with one key, ${fmt(FLEET)} devices, ${CONCURRENCY} in flight (${engine}): per second / 10,000 in`,
      measured: `${fmt(FLEET / seconds)}/s  /  ${fmt(tenThousand, 1)} s`,
      target: '10,000 ≤ 60 s',
      ok: tenThousand <= 60,
      sane: tenThousand <= 600,
    });
  } finally {
    await stop(seatpost.child);
  }
}

/** An organization with an admin (the membership written directly, as the tests' builder does) and its key. */
async function newEnrollmentKey(seatpost: Server, dbUrl: string): Promise<string> {
  const api = new Client(seatpost.url, { origin: seatpost.url });
  const email = `bench-enrol-${randomBytes(3).toString('hex')}@bench.test`;
  const signUp = await api.post('/v1/auth/sign-up', {
    email,
    password: 'correct horse battery',
    name: 'Bench admin',
    country: 'DK',
    language: 'en',
  });
  if (signUp.status >= 300) throw new Error(`sign-up: ${signUp.status}`);
  const signIn = await api.post('/v1/auth/sign-in', { email, password: 'correct horse battery' });
  if (signIn.status !== 200) throw new Error(`sign-in: ${signIn.status}`);
  const account = (await api.get('/v1/me')).body as { id: string };
  const org = await seatpost.operator.post('/v1/operator/organizations', {
    name: 'Bench ApS',
    admins: [email],
  });
  if (org.status !== 201) throw new Error(`organization: ${org.status}`);
  const organizationId = (org.body as { id: string }).id;
  const store = openStore(dbUrl, { poolSize: 1 });
  try {
    await upsertMembership(store.db, { organizationId, accountId: account.id, role: 'admin' }, new Date());
  } finally {
    await store.close();
  }
  const made = await api.post(`/v1/console/organizations/${organizationId}/enrollment-keys`, {
    name: 'Bench fleet',
    maxUses: FLEET,
  });
  if (made.status !== 201) throw new Error(`enrolment key: ${made.status} ${JSON.stringify(made.body)}`);
  return (made.body as { key: string }).key;
}
