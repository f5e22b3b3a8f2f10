import type { Db, Tx } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { tryTransactionLock } from '../../store/node-locks.ts';

/**
 * Background work on many nodes. Every node runs every job; what makes that safe is how a job
 * touches the database, with one of two tools:
 *
 * - `onceAcrossNodes(db, name, work)`: `work` runs in one transaction on at most one node at a
 *   time (a PostgreSQL advisory lock held by that transaction); the other nodes skip this round.
 *   For work that must not run twice at once, e.g. a sweep that is cheaper done by one node.
 * - `claimRows(db, query)` (store/node-locks.ts): `SELECT … FOR UPDATE SKIP LOCKED`. Each node
 *   claims a different batch of rows in its transaction and marks them done before it commits,
 *   so nodes share a queue (expiry, the mail outbox) and no row is handled twice. A node that
 *   dies mid-batch rolls back, and its rows go to the next claimer.
 *
 * A mail outbox, for example: in a transaction, claim up to N unsent rows with `claimRows`,
 * send each, mark it sent, commit; schedule that with `jobs.schedule('mail-outbox', 2_000, …)`.
 * (A crash between the SMTP answer and the commit sends that mail again: at least once, which
 * an idempotent Message-ID lets mail systems deduplicate.)
 */
export async function onceAcrossNodes<T>(
  db: Db,
  name: string,
  work: (tx: Tx) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  return inTransaction(db, async (tx) => {
    if (!(await tryTransactionLock(tx, `seatpost-job:${name}`))) return { ran: false as const };
    return { ran: true as const, value: await work(tx) };
  });
}

export interface JobLog {
  warn(obj: object, msg: string): void;
}

/**
 * Runs named jobs on this node at intervals (with jitter, so that nodes do not all tick at
 * once). A job never overlaps itself on one node; `stop()` waits for runs in progress.
 */
export class Jobs {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #jobs = new Map<string, () => Promise<unknown>>();
  readonly #running = new Map<string, Promise<void>>();
  /** Jobs woken while they ran: they run once more when the run ends. */
  readonly #wokenWhileRunning = new Set<string>();
  #stopped = false;
  #log: JobLog | undefined;

  constructor(log?: JobLog) {
    this.#log = log;
  }

  set log(log: JobLog) {
    this.#log = log;
  }

  schedule(name: string, intervalMs: number, run: () => Promise<unknown>): void {
    if (this.#jobs.has(name)) throw new Error(`job ${name} is already scheduled`);
    this.#jobs.set(name, run);
    const tick = () => {
      if (this.#stopped) return;
      const jittered = intervalMs * (0.9 + Math.random() * 0.2);
      const timer = setTimeout(() => void this.runNow(name).finally(tick), jittered);
      timer.unref();
      this.#timers.set(name, timer);
    };
    tick();
  }

  /** Runs the job now on this node (or joins the run in progress); errors are logged, not thrown. */
  runNow(name: string): Promise<void> {
    const running = this.#running.get(name);
    if (running) return running;
    const run = this.#jobs.get(name);
    if (!run || this.#stopped) return Promise.resolve();
    const p = run()
      .then(
        () => {},
        (err: unknown) => this.#log?.warn({ err, job: name }, 'background job failed; it runs again later'),
      )
      .finally(() => this.#running.delete(name));
    this.#running.set(name, p);
    return p;
  }

  /**
   * "There is work for this job now": runs it at once, or, when a run is in progress (which may
   * already have looked for work), once more as soon as that run ends. Wakes coalesce.
   */
  wake(name: string): void {
    if (!this.#running.has(name)) {
      void this.runNow(name);
      return;
    }
    if (this.#wokenWhileRunning.has(name)) return;
    this.#wokenWhileRunning.add(name);
    void this.#running.get(name)!.then(() => {
      this.#wokenWhileRunning.delete(name);
      this.wake(name);
    });
  }

  get names(): string[] {
    return [...this.#jobs.keys()];
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    await Promise.all(this.#running.values());
  }
}
