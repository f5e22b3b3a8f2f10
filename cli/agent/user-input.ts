import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';

const STDIN_CLOSED =
  'Standard input is closed, so nobody can answer: the delivery stays waiting until it expires.';

/**
 * The user's answers (--ask-user): each line entered on standard input finishes the delivery
 * that has waited longest. Only one delivery to a device is open at a time, so there is
 * normally one waiting.
 */
export class UserInput {
  private readonly lines: Interface;
  private readonly print: (line: string) => void;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(input: NodeJS.ReadableStream, print: (line: string) => void) {
    this.print = print;
    this.lines = createInterface({ input, terminal: false });
    this.lines.on('line', () => {
      const next = this.waiting.shift();
      if (next) next();
      else print('Nothing is waiting for you right now.');
    });
    this.lines.on('close', () => {
      this.closed = true;
      if (this.waiting.length > 0) print(STDIN_CLOSED);
    });
  }

  /** Resolves on the next line; rejects when `signal` aborts (the delivery was cancelled). */
  waitForLine(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      const onLine = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(onLine);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(onLine);
      if (this.closed) this.print(STDIN_CLOSED);
    });
  }

  close(): void {
    this.lines.close();
  }
}
