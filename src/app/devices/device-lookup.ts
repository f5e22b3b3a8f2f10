import DataLoader from 'dataloader';
import type { Db } from '../../store/database.ts';
import type { DeviceAtRequest } from '../../store/device-lookup.repository.ts';
import { findDevicesAtRequest } from '../../store/device-lookup.repository.ts';
import type { Clock } from '../shared/ports.ts';

/**
 * How long the first device request of a batch waits for others. One turn of the event loop
 * gathers only the requests read in that turn; a millisecond gathers more of those in flight,
 * and under load a check-in then costs less CPU, for a millisecond more latency (measured with
 * `npm run bench:ab`: docs/scaling.md).
 */
const BATCH_WINDOW_MS = 1;

/**
 * Device requests that reach a node together are authenticated together: every token seen in
 * a window of `BATCH_WINDOW_MS` is looked up in one query. Under load that turns hundreds of
 * point reads (each its own read transaction on SQLite, its own round trip on PostgreSQL) into
 * a few; when idle, a batch is one request and costs no CPU extra. Nothing is cached: a
 * disconnected device's next request is refused at once.
 */
export class DeviceLookup {
  readonly #loader: DataLoader<string, DeviceAtRequest | null>;

  constructor(db: Db, clock: Clock, maxBatchSize = 256) {
    this.#loader = new DataLoader(
      async (tokenHashes) => {
        const found = await findDevicesAtRequest(db, tokenHashes, clock.now());
        return tokenHashes.map((h) => found.get(h) ?? null);
      },
      { cache: false, maxBatchSize, batchScheduleFn: (run) => setTimeout(run, BATCH_WINDOW_MS) },
    );
  }

  find(tokenHash: string): Promise<DeviceAtRequest | null> {
    return this.#loader.load(tokenHash);
  }
}
