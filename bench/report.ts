import { cpus } from 'node:os';
import { CONNECTIONS } from './checkin.ts';
import { TASKSET } from './procs.ts';

/**
 * The bench's table. Each row has its target (judged in a full run) and, for `--quick`, a sanity
 * bound far outside it: the quick run's small numbers on a shared machine cannot be judged against
 * the targets, but a figure beyond its bound means something broke, and fails the run.
 */
export interface Row {
  figure: string;
  name: string;
  measured: string;
  target: string;
  /** Within the target (undefined: shown, not judged). */
  ok?: boolean;
  /** Within the sanity bound that `--quick` enforces (undefined: none). */
  sane?: boolean;
}

export const rows: Row[] = [];
export const notes: string[] = [];
/** What makes the run fail whatever its figures say (errors in the load, a database out of reach). */
export const failures: string[] = [];

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function printTable(quick: boolean): void {
  const head = ['#', 'figure', 'measured', 'target', ''];
  const mark = (r: Row) =>
    r.ok === undefined && r.sane === undefined
      ? ''
      : quick
        ? r.sane === false
          ? '✗ (beyond the sanity bound)'
          : r.ok === false
            ? '·'
            : '✓'
        : r.ok === false
          ? '✗'
          : '✓';
  const body = rows.map((r) => [r.figure, r.name, r.measured, r.target, mark(r)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(
    `Seatpost bench${quick ? ' --quick (small numbers: judged only against sanity bounds)' : ''}: ` +
      `${cpus().length} cores, Node ${process.version}; load generator autocannon, ${CONNECTIONS} connections; ` +
      (TASKSET ? 'server on core 0, load generator on core 1 (taskset)' : 'unpinned (no taskset)'),
  );
  console.log(
    'The server runs as `npm start` runs it (its Node flags, its default log level). CPU is the server ' +
      "process's user + system time from /proc, all threads, divided by the requests it answered.",
  );
  console.log('');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of body) console.log(line(r));
  for (const n of notes) console.log(`note: ${n}`);
  for (const f of failures) console.log(`FAILED: ${f}`);
  console.log('');
}

/** The exit code: `--quick` fails beyond a sanity bound, a full run on a missed target; both on any failure. */
export function verdict(quick: boolean): number {
  if (failures.length > 0) return 1;
  const bad = rows.filter((r) => (quick ? r.sane === false : r.ok === false));
  for (const r of bad)
    console.log(`${quick ? 'beyond its sanity bound' : 'missed its target'}: ${r.figure} ${r.name}`);
  return bad.length > 0 ? 1 : 0;
}
