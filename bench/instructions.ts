import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkInDataset, load } from './checkin.ts';
import { startBaseline, startSeatpost, stop } from './procs.ts';
import type { Target } from './procs.ts';
import { fmt } from './report.ts';

/**
 * `npm run bench:instructions [-- --quick]`: figure 1's check-in counted in instructions rather than
 * timed. Each server runs under valgrind's callgrind (every thread), its instrumentation switched
 * on only while a fixed number of check-ins is answered, after a warm-up that lets the JIT settle;
 * the count is divided by the requests.
 *
 * Not a figure: the kernel's share of a request (the socket's read and write, SQLite's page
 * reads) and the CPU's waits on memory are not instructions of the process, and they are much of
 * what the timed bench measures. What it gives that time cannot on this shared machine: the same
 * answer run after run, within about 1 %, whatever else the machine is doing. A change of a few
 * percent in what a check-in executes shows up here, where the timed bench's rounds drift by 10 %.
 */

const REQUESTS = 5_000;
/**
 * Fewer than the timed bench's 50: a server under valgrind answers each turn of its event loop
 * whatever has arrived, and with 50 connections that varies enough to move the count by 5 %.
 */
const CONNECTIONS = 20;
/** Enough for the JIT to have compiled the hot path: fewer leaves compilation in the count. */
const WARM_UP = 20_000;

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('valgrind is not installed (Debian: apt-get install valgrind)');
  process.exit(1);
}

const { dir, dbUrl, half } = await checkInDataset('seatpost-instructions-');
try {
  const counts = new Map<string, number>();
  for (const name of ['bare node:http', 'Fastify hello', 'seatpost']) {
    const out = join(dir, name.replace(/\W+/g, '-'));
    const under = callgrind(out);
    const target =
      name === 'seatpost'
        ? // A day's resolution: the warm-up and the count must not cross a "last seen" write.
          await startSeatpost(dbUrl, null, name, { SEATPOST_LAST_SEEN_RESOLUTION: '1d' }, under)
        : await startBaseline(
            name === 'Fastify hello' ? 'hello-server.ts' : 'bare-server.ts',
            null,
            name,
            under,
          );
    counts.set(name, await instructionsPerRequest(target, half, out));
  }
  const bare = counts.get('bare node:http')!;
  console.log('\ninstructions per check-in (callgrind, every thread), and bare ÷ each');
  for (const [name, n] of counts)
    console.log(`  ${name.padEnd(16)} ${fmt(n).padStart(9)}   ${fmt(bare / n, 2)}`);
  const hello = counts.get('Fastify hello')!;
  console.log(`  Seatpost adds ${fmt(counts.get('seatpost')! - hello)} to a Fastify hello`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** valgrind's arguments: instruments nothing until told to, and writes its counts to `<out>.<pid>`. */
function callgrind(out: string): string[] {
  return [
    'valgrind',
    '--tool=callgrind',
    '--instr-atstart=no',
    // V8 writes the code it runs into the heap: valgrind must see those writes.
    '--smc-check=all-non-file',
    `--callgrind-out-file=${out}.%p`,
  ];
}

async function instructionsPerRequest(target: Target, devices: number, out: string): Promise<number> {
  const pid = target.child.pid!;
  await checkIns(target, WARM_UP, devices);
  control(pid, '-i', 'on');
  await checkIns(target, REQUESTS, devices);
  control(pid, '-i', 'off');
  control(pid, '-d');
  await stop(target.child);
  // The dump asked for above is `<out>.<pid>.1`; the one written at exit counted nothing.
  const dump = readFileSync(`${out}.${pid}.1`, 'utf8');
  // Its header's `summary:` is written before the counting ends: the total is the last line.
  const total = /^totals: (\d+)/m.exec(dump)?.[1];
  if (!total) throw new Error(`no count in the dump of ${target.name}: ${readdirSync(dir).join(', ')}`);
  return Number(total) / REQUESTS;
}

function control(pid: number, ...args: string[]): void {
  const r = spawnSync('callgrind_control', [...args, String(pid)]);
  if (r.status !== 0) throw new Error(`callgrind_control ${args.join(' ')}: ${r.stderr.toString()}`);
}

/** A fixed number of check-ins of random devices among the first `devices`, all answered 2xx. */
async function checkIns(target: Target, amount: number, devices: number): Promise<void> {
  const { errors, non2xx } = await load(target, 0, 0, devices, { amount, connections: CONNECTIONS });
  if (errors + non2xx > 0) throw new Error(`check-ins to ${target.name}: ${errors + non2xx} failed`);
}
