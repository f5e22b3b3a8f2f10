import { benchToken } from './dataset.ts';
import { openMany } from './sse.ts';

/**
 * Holds device event streams open, as that many connected devices would, in a process of its own
 * (so that the server's memory is measured alone). Prints `open <n>` once they all are, and holds
 * them until it is stopped.
 */
const { url, first, count } = JSON.parse(process.argv[2]!) as { url: string; first: number; count: number };
const tokens = Array.from({ length: count }, (_, k) => benchToken(first + k));
const streams = await openMany(url, tokens, 200);
console.log(`open ${streams.length}`);
process.on('SIGTERM', () => {
  for (const s of streams) s.close();
  process.exit(0);
});
setInterval(() => {}, 1 << 30);
