import { portalFirstLoad } from './portal-size.ts';
import { sqliteFigures } from './figures.ts';
import { postgresFigures } from './postgres.ts';
import { enrollmentFigures } from './enrollment.ts';
import { stopAll } from './procs.ts';
import { failures, fmt, notes, printTable, rows, verdict } from './report.ts';
import { quick, wanted } from './settings.ts';

/**
 * `npm run bench [-- --quick] [-- --only 1,3]`: Seatpost against the limit of this machine. Every
 * figure is a ratio or a percentile measured in this run, against a baseline measured in this
 * run, printed beside its target in one table (docs/scaling.md explains the method).
 *
 * A full run exits 1 when a figure misses its target. `--quick` (CI) runs the same steps with
 * small numbers and exits 1 only when a figure is beyond a sanity bound far outside its target.
 * Both exit 1 when load failed or answered other than 2xx, or when the database named by
 * SEATPOST_BENCH_DATABASE_URL cannot be reached.
 */

process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
let code: number;
try {
  const started = performance.now();
  await sqliteFigures();
  if (wanted('5') || wanted('1')) await postgresFigures();
  if (wanted('E')) await enrollmentFigures();
  const portal = portalFirstLoad();
  if (portal)
    rows.push({
      figure: 'P',
      name: "portal's first load: JavaScript as sent (Brotli) / all JavaScript built",
      measured: `${fmt(portal.firstLoadKb)} KB  (${fmt(portal.ratio, 2)} of ${fmt(portal.allKb)} KB)`,
      target: '≤ 150 KB',
      ok: portal.firstLoadKb <= 150,
      sane: portal.firstLoadKb <= 300,
    });
  else notes.push('the portal is not built (dist/web): `npm run bench` builds it first');
  notes.push(`the bench took ${fmt((performance.now() - started) / 1000)} s`);
  printTable(quick);
  code = verdict(quick);
} catch (e) {
  failures.push(`the bench stopped: ${(e as Error).message.split('\n')[0]}`);
  printTable(quick);
  console.error(e);
  code = 1;
}
await stopAll();
process.exit(code);
