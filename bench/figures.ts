import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rounds } from './checkin.ts';
import type { Measured } from './checkin.ts';
import {
  median,
  newCustomer,
  percentile,
  sendTo,
  sendToStreamLatency,
  subscriptionFor,
} from './customers.ts';
import { addDevices, benchToken, generateDataset, markSeen, migratedDatabase } from './dataset.ts';
import { here, log, pinned, running, startBaseline, startSeatpost, stop, waitFor } from './procs.ts';
import type { Server, Target } from './procs.ts';
import { failures, fmt, rows } from './report.ts';
import { FIG, FIRST_DEVICE, ROUNDS, SIZE, SMALL_FLEET, quick, wanted } from './settings.ts';
import { figureW } from './webhooks.ts';
import { figure2R } from './revoke.ts';

/** Figures 0 to 4, on the embedded SQLite database (what `npm start` runs on). */

/** A check-in's CPU ratio row: the bare server's CPU per request over the target's. */
export function cpuRatio(bare: Measured, m: Measured): number {
  return bare.cpuUs / m.cpuUs;
}
const perRequest = (m: Measured) => `${fmt(m.cpuUs, 1)} µs`;

/** Load that failed, or answered other than 2xx, fails the run: a figure over refusals means nothing. */
export function noErrors(figure: string, ms: Measured[]): void {
  for (const m of ms)
    if (m.errors > 0)
      failures.push(`figure ${figure}: ${fmt(m.errors)} requests to ${m.target} failed or were not 2xx`);
}

export async function sqliteFigures(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'seatpost-bench-'));
  const dbUrl = join(dir, 'bench.sqlite');
  let seatpost: Server | undefined;
  const baselines: Target[] = [];
  try {
    await migratedDatabase(dbUrl);
    log(`generating ${fmt(SIZE.devices)} devices and ${fmt(SIZE.subscriptions)} subscriptions (SQLite)`);
    const half = SIZE.devices / 2;
    const t0 = performance.now();
    await generateDataset(dbUrl, { ...SIZE, staleFrom: half });
    const genS = (performance.now() - t0) / 1000;
    rows.push({
      figure: '0',
      name: `data set: ${fmt(SIZE.devices)} devices, ${fmt(SIZE.subscriptions)} subscriptions, generated in`,
      measured: `${fmt(genS, 1)} s`,
      target: '< 60 s',
      ok: genS < 60,
      sane: genS < 600,
    });

    // Webhooks may go to the bench's own receiver on 127.0.0.1 (figure W; no endpoint before it).
    seatpost = await startSeatpost(dbUrl, 0, 'seatpost', { SEATPOST_WEBHOOKS_ALLOW_PRIVATE: '1' });
    const bare = await startBaseline('bare-server.ts', 0, 'bare node:http');
    baselines.push(bare);
    const hello = await startBaseline('hello-server.ts', 0, 'Fastify hello');
    baselines.push(hello);
    if (wanted('1')) await figure1(seatpost, bare, hello, dbUrl, half, dir);
    if (wanted('2')) await figure2(seatpost, dbUrl);
    if (wanted('2') || wanted('2R')) await figure2R(seatpost, dbUrl);
    if (wanted('4')) await figure4(seatpost, dbUrl);
    if (wanted('3')) await figure3(seatpost, bare, dbUrl, half);
    // Last: once its endpoint is registered, every later change would also write webhook messages.
    if (wanted('W')) await figureW(seatpost, dbUrl);
  } finally {
    if (seatpost) await stop(seatpost.child);
    for (const b of baselines) await stop(b.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function figure1(
  seatpost: Server,
  bare: Target,
  hello: Target,
  dbUrl: string,
  half: number,
  dir: string,
) {
  log('figure 1: check-ins that only read, against the bare server and a Fastify hello');
  await markSeen(dbUrl, half);
  const small = await smallFleet(dir);
  let measured: Measured[];
  try {
    measured = await rounds([bare, hello, seatpost, small], ROUNDS, 0, half);
  } finally {
    await stop(small.child);
  }
  const [b, h, s, f] = measured as [Measured, Measured, Measured, Measured];
  noErrors('1', [b, h, s, f]);
  const ratio = cpuRatio(b, s);
  rows.push({
    figure: '1',
    name: 'check-in (reads only): CPU per request, bare node:http ÷ Seatpost',
    measured: `${fmt(ratio, 2)}  (${perRequest(b)} / ${perRequest(s)})`,
    target: '≥ 0.70',
    ok: ratio >= 0.7,
    sane: ratio >= 0.35,
  });
  rows.push({
    figure: '1',
    // The warm-up's pass in which each device checks in once: Seatpost does not hold it yet.
    name: 'the first check-in of each device since the server started (reads SQLite)',
    measured: `${fmt(b.cpuUs / s.firstCpuUs, 2)}  (${fmt(s.firstCpuUs, 1)} µs)`,
    target: '(shown)',
  });
  rows.push({
    figure: '1',
    name: "the same ratio for a Fastify 5 hello (the framework's floor)",
    measured: `${fmt(cpuRatio(b, h), 2)}  (${perRequest(h)})`,
    target: '(shown)',
  });
  rows.push({
    figure: '1',
    // The same code and the same instructions a check-in: what differs is the lookup's memory.
    name: `check-in CPU ratio on a fleet of ${fmt(SMALL_FLEET)} devices (its token index stays cached)`,
    measured: `${fmt(cpuRatio(b, f), 2)}  (${perRequest(f)})`,
    target: '(shown)',
  });
  rows.push({
    figure: '1',
    name: 'check-in throughput, Seatpost / bare (one load generator: flatters)',
    measured: `${fmt(s.rps / b.rps, 2)}  (${fmt(s.rps)} / ${fmt(b.rps)} req/s)`,
    target: '(shown)',
  });
  rows.push({
    figure: '1',
    // The bare server's own p99 beside it: on a shared machine, the tail is partly the machine's.
    name: "check-in latency p50 / p99 (the bare server's p99)",
    measured: `${fmt(s.p50)} / ${fmt(s.p99)} ms  (${fmt(b.p99)} ms)`,
    target: 'p99 ≤ 15 ms',
    ok: s.p99 <= 15,
    sane: s.p99 <= 150,
  });
  log('figure 1b: check-ins that write "last seen"');
  const [b1, s1] = (await rounds([bare, seatpost], ROUNDS, half, SIZE.devices - half, false)) as [
    Measured,
    Measured,
  ];
  noErrors('1b', [b1, s1]);
  rows.push({
    figure: '1b',
    name: 'check-in, each device first seen in a day (writes last seen): CPU ratio',
    measured: `${fmt(cpuRatio(b1, s1), 2)}  (${perRequest(s1)}; p99 ${fmt(s1.p99)} ms)`,
    target: '(shown)',
    sane: cpuRatio(b1, s1) >= 0.1,
  });
}

/** Seatpost on a data set of its own, SMALL_FLEET devices all seen just now (figure 1). */
async function smallFleet(dir: string): Promise<Target> {
  const url = join(dir, 'small-fleet.sqlite');
  await migratedDatabase(url);
  const size = { devices: SMALL_FLEET, subscriptions: SMALL_FLEET / 2, accounts: SMALL_FLEET / 10 };
  await generateDataset(url, { ...size, staleFrom: SMALL_FLEET });
  await markSeen(url, SMALL_FLEET);
  const server = await startSeatpost(url, 0, `seatpost, ${fmt(SMALL_FLEET)} devices`);
  return { ...server, devices: SMALL_FLEET };
}

async function figure2(seatpost: Server, dbUrl: string) {
  log(`figure 2: send → stream across ${fmt(FIG.streamDevices)} connected devices`);
  const customer = await newCustomer(seatpost, 'streams');
  const first = FIRST_DEVICE.stream;
  const ids = await addDevices(dbUrl, customer.id, first, FIG.streamDevices);
  const sub = await subscriptionFor(seatpost, customer, FIG.streamDevices);
  const devices = ids.map((id, k) => ({ id, token: benchToken(first + k) }));
  const lat = await sendToStreamLatency(seatpost, seatpost, customer, sub, devices);
  const p50 = percentile(lat, 50);
  const p99 = percentile(lat, 99);
  rows.push({
    figure: '2',
    name: `send → event in the device's stream, ${fmt(FIG.streamDevices)} devices: p50 / p99`,
    measured: `${fmt(p50, 1)} / ${fmt(p99, 1)} ms`,
    target: '≤ 20 / ≤ 100 ms',
    ok: p50 <= 20 && p99 <= 100,
    sane: p99 <= 1_000,
  });
}

async function figure4(seatpost: Server, dbUrl: string) {
  log(`figure 4: eligibility for ${fmt(FIG.fleet)} devices, a send to ${fmt(FIG.fanOut)}`);
  const customer = await newCustomer(seatpost, 'fleet');
  const ids = await addDevices(dbUrl, customer.id, FIRST_DEVICE.fleet, FIG.fleet);
  const subs: string[] = [];
  for (let i = 0; i < FIG.sends; i++) subs.push(await subscriptionFor(seatpost, customer, FIG.fanOut));
  // The median of many: one request in a few meets a major GC, and this machine is shared.
  const preflights = quick ? 3 : 15;
  const eligibility: number[] = [];
  for (let i = 0; i <= preflights; i++) {
    const t = performance.now();
    const r = await customer.api.get(`/v1/me/subscriptions/${subs[0]}/eligibility`);
    if ((r.body as { devices: unknown[] }).devices.length !== FIG.fleet)
      throw new Error('eligibility: wrong number of devices');
    if (i > 0) eligibility.push(performance.now() - t);
  }
  const sends: number[] = [];
  for (const [i, sub] of subs.entries()) {
    const t = performance.now();
    const made = await sendTo(customer, sub, ids.slice(i * FIG.fanOut, (i + 1) * FIG.fanOut));
    sends.push(performance.now() - t);
    if (made !== FIG.fanOut) throw new Error(`send: ${made} of ${FIG.fanOut} made`);
  }
  rows.push({
    figure: '4',
    name: `pre-flight eligibility, account with ${fmt(FIG.fleet)} devices (p50 of ${preflights})`,
    measured: `${fmt(median(eligibility))} ms`,
    target: '≤ 100 ms',
    ok: median(eligibility) <= 100,
    sane: median(eligibility) <= 1_000,
  });
  rows.push({
    figure: '4',
    name: `a send to ${fmt(FIG.fanOut)} devices (p50 of ${FIG.sends})`,
    measured: `${fmt(median(sends))} ms`,
    target: '≤ 1000 ms',
    ok: median(sends) <= 1000,
    sane: median(sends) <= 10_000,
  });
}

async function figure3(seatpost: Server, bare: Target, dbUrl: string, half: number) {
  log(`figure 3: ${fmt(FIG.openStreams)} open device streams`);
  const rssBefore = seatpost.rssMb();
  const holder = pinned(1, [
    join(here, 'hold-streams.ts'),
    JSON.stringify({ url: seatpost.url, first: 0, count: FIG.openStreams }),
  ]);
  running.add(holder);
  try {
    await waitFor(holder, /open \d+/, 300_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const rssOpen = seatpost.rssMb();
    await markSeen(dbUrl, half);
    const [b, s] = (await rounds([bare, seatpost], ROUNDS, 0, half)) as [Measured, Measured];
    noErrors('3', [b, s]);
    // Again once every device of figure 1 has checked in, with the streams still open: the
    // devices held in the process (their tokens' table) count too.
    const rss = Math.max(rssOpen, seatpost.rssMb());
    rows.push({
      figure: '3',
      name: `resident memory with ${fmt(FIG.openStreams)} open device streams and ${fmt(half)} devices held (${fmt(rssBefore)} MB before)`,
      measured: `${fmt(rss)} MB  (${fmt(rssOpen)} MB as they opened)`,
      target: '≤ 512 MB',
      ok: rss <= 512,
      sane: rss <= 1_024,
    });
    rows.push({
      figure: '3',
      name: 'check-in (reads only) CPU ratio, while they are open',
      measured: `${fmt(cpuRatio(b, s), 2)}  (${perRequest(s)}; p99 ${fmt(s.p99)} ms)`,
      target: '≥ 0.50',
      ok: cpuRatio(b, s) >= 0.5,
      sane: cpuRatio(b, s) >= 0.25,
    });
  } finally {
    await stop(holder);
  }
}
