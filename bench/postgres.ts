import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { rounds } from './checkin.ts';
import type { Measured } from './checkin.ts';
import { newCustomer, percentile, sendToStreamLatency, subscriptionFor } from './customers.ts';
import { addDevices, benchToken, generateDataset, markSeen } from './dataset.ts';
import { cpuRatio, noErrors } from './figures.ts';
import { log, startBaseline, startSeatpost, stop } from './procs.ts';
import type { Server } from './procs.ts';
import { failures, fmt, rows } from './report.ts';
import { FIG, ROUNDS, SIZE, wanted } from './settings.ts';

/**
 * The figures on PostgreSQL: the data set, one node's check-ins, and a send through one node to a
 * stream held by another. A database named by SEATPOST_BENCH_DATABASE_URL must be reachable (the
 * run fails if not); without it, the local PostgreSQL is tried and its figures skipped if absent.
 */
export async function postgresFigures(): Promise<void> {
  const asked = process.env.SEATPOST_BENCH_DATABASE_URL;
  const admin =
    asked ?? process.env.SEATPOST_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `seatpost_bench_${randomBytes(5).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3_000 });
  try {
    await c.connect();
    await c.query(`create database ${name}`);
  } catch (e) {
    const why = `no PostgreSQL at ${new URL(admin).host} (${(e as Error).message})`;
    if (asked) failures.push(`SEATPOST_BENCH_DATABASE_URL: ${why}`);
    rows.push({ figure: '5', name: 'the figures on PostgreSQL', measured: `skipped: ${why}`, target: '' });
    return;
  } finally {
    await c.end().catch(() => {});
  }
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const nodes: Server[] = [];
  try {
    nodes.push(await startSeatpost(dbUrl, 0, 'seatpost (PostgreSQL)'));
    log(`generating ${fmt(SIZE.devices)} devices and ${fmt(SIZE.subscriptions)} subscriptions (PostgreSQL)`);
    const half = SIZE.devices / 2;
    const t0 = performance.now();
    await generateDataset(dbUrl, { ...SIZE, staleFrom: half });
    const genS = (performance.now() - t0) / 1000;
    rows.push({
      figure: '0',
      name: 'the same data set on PostgreSQL, generated in',
      measured: `${fmt(genS, 1)} s`,
      target: '< 60 s',
      ok: genS < 60,
      sane: genS < 600,
    });
    if (wanted('1')) await checkIns(nodes[0]!, dbUrl, half);
    if (wanted('5')) await crossNode(nodes, dbUrl);
  } finally {
    for (const n of nodes) await stop(n.child);
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`drop database if exists ${name} with (force)`);
    await d.end();
  }
}

async function checkIns(node: Server, dbUrl: string, half: number): Promise<void> {
  log('figure 1 on PostgreSQL: check-ins against the bare server');
  const bare = await startBaseline('bare-server.ts', 0, 'bare node:http');
  try {
    await markSeen(dbUrl, half);
    const [b, s] = (await rounds([bare, node], ROUNDS, 0, half)) as [Measured, Measured];
    noErrors('1 (PostgreSQL)', [b, s]);
    rows.push({
      figure: '1',
      // PostgreSQL's own processes share the cores and are not counted: this is the node's share.
      name: "check-in on PostgreSQL, one node: CPU ratio (the node's CPU only)",
      measured: `${fmt(cpuRatio(b, s), 2)}  (${fmt(s.cpuUs, 1)} µs; ${fmt(s.rps)} req/s, p99 ${fmt(s.p99)} ms)`,
      target: '(shown)',
    });
  } finally {
    await stop(bare.child);
  }
}

async function crossNode(nodes: Server[], dbUrl: string): Promise<void> {
  log(`figure 5: two nodes on PostgreSQL, ${fmt(FIG.crossNode)} sends across them`);
  nodes.push(await startSeatpost(dbUrl, 1, 'seatpost B (PostgreSQL)'));
  const [a, b] = nodes as [Server, Server];
  const customer = await newCustomer(a, 'nodes');
  const ids = await addDevices(dbUrl, customer.id, SIZE.devices, FIG.crossNode);
  const sub = await subscriptionFor(a, customer, FIG.crossNode);
  const devices = ids.map((id, k) => ({ id, token: benchToken(SIZE.devices + k) }));
  const lat = await sendToStreamLatency(a, b, customer, sub, devices);
  const p50 = percentile(lat, 50);
  const p99 = percentile(lat, 99);
  rows.push({
    figure: '5',
    name: `cross-node send (node A) → stream (node B), PostgreSQL, ${fmt(FIG.crossNode)} devices: p50 / p99`,
    measured: `${fmt(p50, 1)} / ${fmt(p99, 1)} ms`,
    target: 'p99 ≤ 250 ms',
    ok: p99 <= 250,
    sane: p99 <= 2_500,
  });
}
