import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const WEB = join(import.meta.dirname, '../dist/web');

/**
 * The bytes a browser receives for a built file: its Brotli copy when the build wrote one (the
 * server sends it to every browser that accepts Brotli, which all current ones do), else the file.
 */
function sentKb(file: string): number {
  const path = join(WEB, file);
  return statSync(existsSync(`${path}.br`) ? `${path}.br` : path).size / 1024;
}

/**
 * The portal's first load: the JavaScript that index.html itself pulls in, as the server sends it
 * to a browser, beside all the JavaScript built (the lazily loaded console among it), so the
 * ratio shows what the first visit is spared.
 */
export function portalFirstLoad(): { firstLoadKb: number; allKb: number; ratio: number } | null {
  if (!existsSync(join(WEB, 'index.html'))) return null;
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const first = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const all = readdirSync(join(WEB, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  const firstLoadKb = first.reduce((n, f) => n + sentKb(f), 0);
  const allKb = all.reduce((n, f) => n + sentKb(f), 0);
  return { firstLoadKb, allKb, ratio: firstLoadKb / allKb };
}
