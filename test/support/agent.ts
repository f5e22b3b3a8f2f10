import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The device agent CLI (cli/agent.ts), run as a real child process. */
export const AGENT = fileURLToPath(new URL('../../cli/agent.ts', import.meta.url));
export const WAIT_MS = 15_000;

/** A running agent whose output lines a test can wait for. */
export class AgentProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly listeners = new Set<() => void>();

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [AGENT, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let partial = '';
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      this.lines.push(...parts);
      for (const notify of this.listeners) notify();
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** The first line (from `from` on) starting with `prefix`; fails with the output so far after a timeout. */
  async waitFor(prefix: string, from = 0): Promise<string> {
    const find = () => this.lines.slice(from).find((line) => line.startsWith(prefix));
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = find();
        if (line === undefined) return;
        cleanup();
        resolve(line);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no line starting with "${prefix}" in:\n${this.lines.join('\n')}\n${this.stderr}`));
      }, WAIT_MS);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  has(prefix: string): boolean {
    return this.lines.some((line) => line.startsWith(prefix));
  }

  type(line: string): void {
    this.child.stdin.write(line + '\n');
  }

  /** Stops it as Ctrl-C would, and resolves its exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}
