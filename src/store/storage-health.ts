import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { storageFault, sessionBoundFault } from './errors.ts';
import type { Database } from './schema.ts';

/**
 * What readiness sees of the database: it answers, is migrated and takes writes (`ok`); it
 * cannot be reached or is not migrated (`unreachable`); or it answers but its storage refuses
 * the work: disk full, read-only, I/O errors, corruption (`storage-fault`).
 */
export type StorageState = 'ok' | 'unreachable' | 'storage-fault';

export interface StorageHealthTimings {
  /** How long a passed write probe is trusted. */
  probeEveryMs: number;
  /** How long a failed one is: the next /readyz after it probes again. */
  retryEveryMs: number;
  /** How long a storage fault met by any query keeps the node not ready. */
  holdMs: number;
}

export const STORAGE_HEALTH_TIMINGS: StorageHealthTimings = {
  probeEveryMs: 10_000,
  retryEveryMs: 1_000,
  holdMs: 5_000,
};

/**
 * Readiness beyond "the database answers": a write probe (one row of `health_probe` upserted),
 * run by the /readyz that finds the last one too old, never more than one at a time, so that a
 * node polled by an orchestrator writes one row every `probeEveryMs` at most. Every query's
 * error is shown to `noteError` by the drivers: a storage fault met by a request makes the next
 * /readyz probe at once, and keeps the node not ready for `holdMs` even if the probe's small
 * write passes (a disk that has room to rewrite one row but not to grow).
 */
export class StorageHealth {
  readonly #timings: StorageHealthTimings;
  readonly #now: () => number;
  #db: Kysely<Database> | undefined;
  #faultAt = -Infinity;
  #probe: { at: number; state: StorageState } | undefined;
  #running: Promise<StorageState> | undefined;

  constructor(timings: Partial<StorageHealthTimings> = {}, now: () => number = Date.now) {
    this.#timings = { ...STORAGE_HEALTH_TIMINGS, ...timings };
    this.#now = now;
  }

  attach(db: Kysely<Database>): void {
    this.#db = db;
  }

  /** Called by the drivers with every error a query raises. */
  noteError(error: unknown): void {
    if (storageFault(error)) this.#faultAt = this.#now();
  }

  /** A read every time (cheap), then the write probe if the last one is too old or a fault was met since. */
  async check(): Promise<StorageState> {
    const db = this.#db;
    if (!db) return 'unreachable';
    try {
      await sql`select 1 from seatpost_migrations limit 1`.execute(db);
    } catch (error) {
      return storageFault(error) ? 'storage-fault' : 'unreachable';
    }
    const last = this.#probe;
    const { probeEveryMs, retryEveryMs, holdMs } = this.#timings;
    const trusted =
      last &&
      this.#faultAt <= last.at &&
      this.#now() - last.at < (last.state === 'ok' ? probeEveryMs : retryEveryMs);
    const state = trusted
      ? last.state
      : await (this.#running ??= this.#probeWrite(db).finally(() => (this.#running = undefined)));
    if (state === 'ok' && this.#now() - this.#faultAt < holdMs) return 'storage-fault';
    return state;
  }

  async #probeWrite(db: Kysely<Database>): Promise<StorageState> {
    let state: StorageState;
    try {
      const probedAt = new Date(this.#now());
      await db
        .insertInto('health_probe')
        .values({ id: 1, probed_at: probedAt })
        .onConflict((oc) => oc.column('id').doUpdateSet({ probed_at: probedAt }))
        .execute();
      state = 'ok';
    } catch (error) {
      state = storageFault(error) ? 'storage-fault' : 'unreachable';
    }
    // Stamped when it ends, so that the probe's own error (noted by the driver) does not count as a newer fault.
    this.#probe = { at: this.#now(), state };
    return state;
  }
}

/**
 * The pg pool as Kysely sees it, with two duties on each client: every query's error goes to
 * `health`, and a client whose session cannot write (its database was read-only when it
 * connected, or it is a standby) is closed when released, not reused, so that the node takes
 * writes again as soon as the database does.
 */
export function watchedPool(pool: pg.Pool, health: StorageHealth): PostgresPool {
  const watched = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    options: pool.options,
    end: () => pool.end(),
    async connect() {
      const client = await pool.connect();
      let wrapper = watched.get(client);
      if (!wrapper) {
        let stale = false;
        wrapper = {
          processID: (client as { processID?: number }).processID,
          query: (async (text: string, values: readonly unknown[]) => {
            try {
              return await client.query(text, values as unknown[]);
            } catch (error) {
              health.noteError(error);
              if (sessionBoundFault(error)) stale = true;
              throw error;
            }
          }) as unknown as PostgresPoolClient['query'],
          // Kysely asks for the client to be destroyed after a failed rollback.
          release: (destroy?: boolean) => client.release(destroy || stale),
        };
        watched.set(client, wrapper);
      }
      return wrapper;
    },
  };
}
