import cluster from 'node:cluster';
import type { Worker } from 'node:cluster';
import { seedDemo } from './app/demo/demo.ts';
import { createService } from './compose.ts';
import type { Config } from './config.ts';
import { startDemoFleet } from './demo-fleet.ts';

/**
 * How many server processes to run: SEATPOST_WORKERS on PostgreSQL. The embedded SQLite database
 * lives in one process (its writers would queue on one file lock), so it says so and runs one.
 */
export function workerCount(asked: number, postgres: boolean, say = console.warn): number {
  if (asked > 1 && !postgres) {
    say(
      `SEATPOST_WORKERS=${asked}: the embedded SQLite database runs in one process, so Seatpost starts one.` +
        ` To run ${asked} processes, use PostgreSQL (DATABASE_URL=postgres://…).`,
    );
    return 1;
  }
  return asked;
}

/**
 * The primary of `SEATPOST_WORKERS=N`: migrates and seeds the demo once, forks N identical
 * servers sharing the port (each runs `main.ts` as a cluster worker, with its own pool, its
 * PostgreSQL LISTEN connection and its background jobs), replaces one that dies, and on SIGTERM
 * stops them all gracefully.
 */
export async function runPrimary(config: Config, workers: number): Promise<void> {
  // Migrate (and seed) once, before the workers start, so that they do not race for it.
  const setup = await createService(config, { logger: false });
  const demo = config.demo
    ? await seedDemo(setup.deps, setup.auth, { publicUrl: config.publicUrl, dataDir: config.dataDir })
    : null;
  const describe = `${setup.store.dialect} ${setup.store.describe}`;
  await setup.close();

  let stopping = false;
  const listening = new Set<number>();
  let ready!: () => void;
  const allListening = new Promise<void>((r) => (ready = r));
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.on('message', (m: { seatpost?: string }) => {
      if (m?.seatpost !== 'listening') return;
      listening.add(worker.id);
      if (listening.size >= workers) ready();
    });
    return worker;
  };
  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id);
    if (stopping) return;
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(() => !stopping && fork(), 1_000).unref();
  });
  for (let i = 0; i < workers; i++) fork();
  await allListening;

  const lines = [
    '',
    `Seatpost is listening on ${config.publicUrl}  (bound to ${config.host}:${config.port})`,
    `Workers: ${workers} processes share the port and the database (SEATPOST_WORKERS)`,
    `Database: ${describe}`,
    `Operator key: ${config.operatorKey}`,
  ];
  let stopFleet = async () => {};
  if (demo) {
    lines.push(`Demo account: ${demo.email}  password: ${demo.password}`);
    lines.push(`Demo devices: ${demo.devices.map((d) => d.name).join(', ')}`);
    if (demo.office)
      lines.push(
        `Demo office: ${demo.office.name}, run by the demo account (open Console): ${demo.office.devices.map((d) => d.name).join(', ')}`,
      );
    if (process.env.SEATPOST_DEMO_DEVICES !== '0')
      stopFleet = startDemoFleet(
        `http://127.0.0.1:${config.port}`,
        [...demo.devices, ...(demo.office?.devices ?? [])],
        () => {},
      );
  }
  console.log(lines.join('\n') + '\n');

  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    void stopFleet().then(async () => {
      const exits = Object.values(cluster.workers ?? {}).map(
        (w) =>
          new Promise<number>((resolve) => {
            if (!w || w.isDead()) return resolve(0);
            w.once('exit', (code) => resolve(code ?? 1));
            w.process.kill('SIGTERM');
          }),
      );
      const codes = await Promise.all(exits);
      process.exit(codes.every((c) => c === 0) ? 0 : 1);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
