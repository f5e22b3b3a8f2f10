import { existsSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { checkInDataset, rounds } from './checkin.ts';
import { log, startBaseline, startSeatpost, stopAll } from './procs.ts';
import type { Target } from './procs.ts';
import { fmt } from './report.ts';
import { ROUNDS } from './settings.ts';

/**
 * `npm run bench:ab -- <checkout> [<checkout> …] [--quick]`: figure 1's check-in as this checkout
 * has it and as each other checkout has it (a `git worktree` holding a change to try, with this
 * one's `node_modules` linked into it), with the bare server and the Fastify hello, in the same
 * alternating rounds on one data set. Figures from separate runs cannot be compared on this
 * shared machine, whose speed drifts within minutes; servers measured in the same rounds can.
 *
 * Also the way to bound a change before making it: a checkout where a part of the check-in is
 * taken out (the token lookup answered by a constant, say) shows what the best version of that
 * part could ever save.
 */
const checkouts = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map((a) => resolve(a));
for (const c of checkouts)
  if (!existsSync(join(c, 'src/main.ts')) || !existsSync(join(c, 'node_modules')))
    throw new Error(`${c}: not a checkout with node_modules (ln -s "$PWD/node_modules" ${c}/)`);

const { dir, dbUrl, half } = await checkInDataset('seatpost-ab-');
try {
  const targets: Target[] = [
    await startBaseline('bare-server.ts', 0, 'bare node:http'),
    await startBaseline('hello-server.ts', 0, 'Fastify hello'),
    await startSeatpost(dbUrl, 0, 'seatpost (this checkout)'),
  ];
  for (const c of checkouts) targets.push(await startSeatpost(dbUrl, 0, basename(c), {}, [], c));
  log(`check-ins of ${fmt(half)} devices: ${ROUNDS.rounds} rounds of ${ROUNDS.roundS} s`);
  const measured = await rounds(targets, ROUNDS, 0, half);
  const bare = measured[0]!.cpuUs;
  console.log(
    '\nCPU per check-in (server process, all threads), bare ÷ each, throughput, latency p50 / p99, failed;' +
      " then the CPU of each device's first check-in",
  );
  for (const m of measured)
    console.log(
      `  ${m.target.padEnd(28)} ${fmt(m.cpuUs, 1).padStart(6)} µs  ${fmt(bare / m.cpuUs, 2)}  ` +
        `${fmt(m.rps).padStart(7)} req/s  ${fmt(m.p50)} / ${fmt(m.p99)} ms  ${fmt(m.errors)}  ` +
        `first ${fmt(m.firstCpuUs, 1)} µs`,
    );
  if (measured.some((m) => m.errors > 0)) process.exitCode = 1;
} finally {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
}
