import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

/**
 * `npm run check`: no source file over 300 lines. A file that long does several things; split it
 * by responsibility. Generated files are exempt (they are not read, only regenerated).
 */
const LIMIT = 300;
const GENERATED = new Set(['src/web/api-types.ts']);
const SOURCE = /\.(ts|tsx|css)$/;

const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => SOURCE.test(f) && /^(src|cli|bench|test)\//.test(f) && !GENERATED.has(f));

const long = tracked
  .map((file) => {
    try {
      return { file, lines: readFileSync(file, 'utf8').split('\n').length - 1 };
    } catch {
      return { file, lines: 0 }; // deleted in the work tree
    }
  })
  .filter((f) => f.lines > LIMIT);

for (const f of long) console.error(`${f.file}: ${f.lines} lines (at most ${LIMIT})`);
if (long.length > 0) process.exit(1);
