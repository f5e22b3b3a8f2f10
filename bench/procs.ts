import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '../test/support/http.ts';
import { freePort } from '../test/support/process.ts';

/**
 * The bench's processes: Seatpost started as `npm start` starts it, the baselines, and the CPU
 * time the kernel has charged each of them.
 */

export const here = import.meta.dirname;
const node = process.execPath;
export const TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
export const log = (line: string) => process.stderr.write(`… ${line}\n`);

/**
 * A Node process, pinned to `core` when taskset exists (taskset execs it: same pid). `under` runs
 * it under another program that execs it in turn (valgrind, for bench/instructions.ts).
 */
export function pinned(
  core: number | null,
  args: string[],
  env: Record<string, string | undefined> = {},
  under: string[] = [],
) {
  const full = [...under, node, ...args];
  const [cmd, ...rest] = TASKSET && core !== null ? ['taskset', '-c', String(core), ...full] : full;
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  return spawn(cmd!, rest, { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Waits for a line of the child's output. Afterwards its output is read and dropped, as a log
 * collector would: the server writes its log as it does in production, and nothing piles up here.
 */
export async function waitFor(child: ChildProcess, re: RegExp, ms: number): Promise<string> {
  let out = '';
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`exited (${code}) before ${re}:\n${out}`));
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}:\n${out}`)), ms);
    const check = (d: Buffer) => {
      out += d.toString();
      const m = re.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.off('exit', onExit);
      out = '';
      child.stdout!.resume();
      resolve(m[0]);
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', (d: Buffer) => (out.length < 100_000 ? (out += d.toString()) : undefined));
    child.on('exit', onExit);
  });
}

export const running = new Set<ChildProcess>();

export async function stop(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}

export async function stopAll(): Promise<void> {
  for (const c of [...running]) await stop(c);
}

/** Seconds of CPU (user + system, every thread, living or ended) the kernel has charged a process. */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime (fields 14 and 15)
}

/** Anything the bench serves load to: its address and the process that answers. */
export interface Target {
  name: string;
  url: string;
  child: ChildProcess;
  /** Check-ins pick among this many devices of its own data set, not the bench's (figure 1's small fleet). */
  devices?: number;
}

export interface Server extends Target {
  operator: Client;
  rssMb(): number;
}

export const secrets = {
  SEATPOST_OPERATOR_KEY: randomBytes(18).toString('base64url'),
  SEATPOST_AUTH_SECRET: randomBytes(32).toString('base64url'),
};

/** The Node flags of package.json's start script: the bench measures the server as `npm start` runs it. */
export function startFlags(checkout = join(here, '..')): string[] {
  const pkg = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));
}

/**
 * Seatpost as `npm start` runs it: the start script's flags, its default log level (LOG_LEVEL is
 * removed from the environment), its log written to a pipe that is read. Only the data differ:
 * the bench's database, no demo.
 */
export async function startSeatpost(
  databaseUrl: string,
  core: number | null,
  name = 'seatpost',
  env: Record<string, string> = {},
  under: string[] = [],
  /** The checkout whose `src/main.ts` runs: this one unless told (bench/ab.ts). */
  checkout = join(here, '..'),
) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = pinned(
    core,
    [...startFlags(checkout), join(checkout, 'src/main.ts')],
    {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      SEATPOST_PUBLIC_URL: url,
      SEATPOST_DEMO: '0',
      LOG_LEVEL: undefined,
      ...secrets,
      ...env,
    },
    under,
  );
  running.add(child);
  await waitFor(child, /Seatpost is listening/, 120_000);
  const server: Server = {
    name,
    url,
    child,
    operator: new Client(url, { authorization: `Bearer ${secrets.SEATPOST_OPERATOR_KEY}` }),
    rssMb: () => {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      return Number(kb) / 1024;
    },
  };
  return server;
}

/** A baseline from bench/: `bare-server.ts` (node:http) or `hello-server.ts` (Fastify). */
export async function startBaseline(
  file: string,
  core: number | null,
  name: string,
  under: string[] = [],
): Promise<Target> {
  const child = pinned(core, [...startFlags(), join(here, file)], {}, under);
  running.add(child);
  const line = await waitFor(child, /listening \d+/, 120_000);
  return { name, url: `http://127.0.0.1:${line.split(' ')[1]}`, child };
}
