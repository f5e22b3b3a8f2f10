import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const MAIN = new URL('../../src/main.ts', import.meta.url).pathname;

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * `npm start`'s entry point as a child process, with the given environment added: its output
 * collected, `until` waiting for a line of it (failing with the output if the process exits or
 * the time runs out), and `exited` for its exit code and signal.
 */
export function runMain(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  const until = async (re: RegExp, ms = 15_000) => {
    const start = Date.now();
    while (!re.test(out)) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`exited before ${re}; output:\n${out}`);
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${re}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, exited, until, output: () => out };
}
