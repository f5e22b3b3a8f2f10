import type { Db } from '../../store/database.ts';
import { touchDevices } from '../../store/devices.repository.ts';

const CHUNK = 100;

/**
 * Write-behind for devices' "last seen": check-ins note it here, and it is written for all of
 * them together every `flushMs`, a statement per chunk, instead of one write per check-in. A crash
 * loses at most the last few seconds of "last seen", nothing else.
 */
export class LastSeenWriter {
  readonly #db: Db;
  #pending = new Map<string, Date>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();
  #onError: (err: unknown) => void;

  constructor(db: Db, flushMs: number, onError: (err: unknown) => void = () => {}) {
    this.#db = db;
    this.#onError = onError;
    this.#timer = setInterval(() => void this.flush(), flushMs);
    this.#timer.unref();
  }

  seen(deviceId: string, at: Date): void {
    this.#pending.set(deviceId, at);
  }

  /** Writes what is pending; on failure (database unreachable) keeps it for the next flush. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#pending.size === 0) return;
      const all = [...this.#pending];
      this.#pending = new Map();
      // In chunks, with a turn of the event loop between them: SQLite writes synchronously, in this
      // thread, and one big statement would hold up every request behind it (checkpoints are
      // another thread's work: see wal-checkpointer.ts).
      for (let i = 0; i < all.length; i += CHUNK) {
        const chunk = new Map(all.slice(i, i + CHUNK));
        try {
          await touchDevices(this.#db, chunk);
        } catch (err) {
          for (const [id, at] of all.slice(i)) if (!this.#pending.has(id)) this.#pending.set(id, at);
          this.#onError(err);
          return;
        }
        await new Promise((r) => setImmediate(r));
      }
    });
    return this.#flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
