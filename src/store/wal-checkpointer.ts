import { Worker } from 'node:worker_threads';

/**
 * SQLite's WAL checkpoints, off the request thread. By default the connection that commits a
 * transaction taking the log past 1,000 pages copies it into the database file and syncs it,
 * right there, in the middle of requests: on this project's bench machine that held check-ins
 * that write "last seen" to a p99 of about 50 ms, against about 20 ms without it. A worker thread
 * with its own connection checkpoints instead (PASSIVE: it never waits for, nor blocks, the
 * server's reads and writes). The server's connection keeps a far higher automatic threshold,
 * so that the log cannot grow without end if the worker is gone.
 */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

export function startWalCheckpointer(
  path: string,
  everyMs: number,
  onError: (err: unknown) => void = (err) => process.emitWarning(`WAL checkpointer stopped: ${String(err)}`),
): WalCheckpointer {
  const worker = new Worker(new URL('./wal-checkpoint.worker.ts', import.meta.url), {
    workerData: { path, everyMs },
    // It holds one connection and a timer: a small heap is plenty.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  worker.unref();
  worker.on('error', onError);
  return {
    stop: async () => {
      worker.off('error', onError);
      await worker.terminate();
    },
  };
}
