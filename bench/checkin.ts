import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset, markSeen, migratedDatabase } from './dataset.ts';
import { cpuSeconds, here, log, pinned } from './procs.ts';
import type { Target } from './procs.ts';
import { SIZE } from './settings.ts';

/**
 * Check-ins against a server, and what they cost it: the load generator (autocannon, its own
 * process on core 1) drives the server (on core 0) as hard as it can, and the server's CPU time
 * (read from /proc before and after, all its threads) is divided by the requests it answered.
 *
 * Throughput alone flatters: when the load generator, not the server, is the limit, a cheap
 * server and a dearer one answer about as many requests, and their ratio says more about the
 * load generator than about either. CPU time per request is the server's own cost, whoever is
 * the limit.
 */

export const CONNECTIONS = 50;

export interface Load {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Seconds of the server's CPU during the load. */
  cpuS: number;
}

/**
 * One run of the load generator: check-ins of random devices in a range, for `durationS` seconds
 * or, given `amount`, that many of them (over CONNECTIONS unless told otherwise).
 */
export async function load(
  target: Target,
  durationS: number,
  firstDevice: number,
  devices: number,
  { amount, connections = CONNECTIONS, each }: { amount?: number; connections?: number; each?: boolean } = {},
): Promise<Load> {
  const child = pinned(1, [
    join(here, 'load.ts'),
    JSON.stringify({ url: target.url, connections, durationS, amount, firstDevice, devices, each }),
  ]);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', () => {});
  // The load generator prints `start` once its connections are open, and its result once they are
  // closed: the server's CPU is read between the two, so that neither counts.
  let cpuStart = 0;
  const started = new Promise<void>((resolve) =>
    child.stdout.on('data', () => {
      if (cpuStart === 0 && out.includes('start\n')) {
        cpuStart = cpuSeconds(target.child.pid!);
        resolve();
      }
    }),
  );
  const exit = new Promise<number | null>((r) => child.once('exit', r));
  await Promise.race([started, exit]);
  const code = await exit;
  const cpuEnd = cpuSeconds(target.child.pid!);
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`load generator failed (${code}): ${out}`);
  return { ...(JSON.parse(last) as Omit<Load, 'cpuS'>), cpuS: cpuEnd - cpuStart };
}

export interface Measured {
  target: string;
  /** Requests answered per second, the mean over the rounds. */
  rps: number;
  /** Microseconds of the server's CPU per request answered: the median of the rounds. */
  cpuUs: number;
  p50: number;
  p99: number;
  /** Failed requests and answers other than 2xx. */
  errors: number;
  /**
   * Microseconds of CPU per request of the warm-up's first pass, in which each device checks in
   * once: on Seatpost, the first check-in of each since the server started, which reads the database.
   * NaN without that pass.
   */
  firstCpuUs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

/**
 * Each target in turn, round after round (short rounds that alternate, so that this shared
 * machine's slow and fast spells fall on all of them alike), after a warm-up of each: every
 * device checks in once (a server that has run for one check-in interval has seen each of its
 * devices), then `warmS` seconds at random, so that the JIT has compiled what the rounds run.
 */
export async function rounds(
  targets: Target[],
  opts: { rounds: number; roundS: number; warmS: number },
  firstDevice: number,
  devices: number,
  /** False where each check-in must stay the device's first (figure 1b's writes). */
  firstPass = true,
): Promise<Measured[]> {
  const firsts: (Load | undefined)[] = [];
  for (const t of targets) {
    const n = t.devices ?? devices;
    firsts.push(firstPass ? await load(t, 0, firstDevice, n, { amount: n, each: true }) : undefined);
    await load(t, opts.warmS, firstDevice, n);
  }
  const runs = targets.map(() => [] as Load[]);
  for (let r = 0; r < opts.rounds; r++)
    for (const [i, t] of targets.entries())
      runs[i]!.push(await load(t, opts.roundS, firstDevice, t.devices ?? devices));
  return targets.map((t, i) => {
    const ls = runs[i]!;
    const first = firsts[i];
    const sum = (f: (l: Load) => number) => ls.reduce((a, l) => a + f(l), 0);
    return {
      target: t.name,
      rps: sum((l) => l.rps) / ls.length,
      // The median round: a round in which another process took the core is an outlier, not a cost.
      cpuUs: median(ls.map((l) => (l.cpuS / l.total) * 1e6)),
      p50: median(ls.map((l) => l.p50)),
      p99: median(ls.map((l) => l.p99)),
      errors: sum((l) => l.errors + l.non2xx) + (first ? first.errors + first.non2xx : 0),
      firstCpuUs: first ? (first.cpuS / first.total) * 1e6 : Number.NaN,
    };
  });
}

/**
 * Figure 1's data set, alone in a new directory (`dir`, the caller's to remove): `SIZE` on SQLite,
 * the first `half` of its devices seen just now, so that their check-ins only read.
 */
export async function checkInDataset(prefix: string): Promise<{ dir: string; dbUrl: string; half: number }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbUrl = join(dir, 'bench.sqlite');
  const half = SIZE.devices / 2;
  try {
    await migratedDatabase(dbUrl);
    log(`generating ${SIZE.devices.toLocaleString('en-US')} devices (SQLite)`);
    await generateDataset(dbUrl, { ...SIZE, staleFrom: half });
    await markSeen(dbUrl, half);
    return { dir, dbUrl, half };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
