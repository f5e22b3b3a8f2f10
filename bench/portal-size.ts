import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const WEB = join(import.meta.dirname, '../dist/web');

/**
 * The portal's first load: the JavaScript that index.html itself pulls in, gzipped, beside all
 * the JavaScript built (the lazily loaded console among it), so the ratio shows what the first
 * visit is spared.
 */
export function portalFirstLoad(): { firstLoadKb: number; allKb: number; ratio: number } | null {
  if (!existsSync(join(WEB, 'index.html'))) return null;
  const html = readFileSync(join(WEB, 'index.html'), 'utf8');
  const gz = (file: string) => gzipSync(readFileSync(join(WEB, file)), { level: 9 }).length / 1024;
  const first = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const all = readdirSync(join(WEB, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  const firstLoadKb = first.reduce((n, f) => n + gz(f), 0);
  const allKb = all.reduce((n, f) => n + gz(f), 0);
  return { firstLoadKb, allKb, ratio: firstLoadKb / allKb };
}
