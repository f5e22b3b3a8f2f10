import DataLoader from 'dataloader';
import type { Db } from '../../store/database.ts';
import type { DeviceAtRequest } from '../../store/device-lookup.repository.ts';
import { findDevicesAtRequest } from '../../store/device-lookup.repository.ts';
import type { Clock } from '../shared/ports.ts';

/**
 * Device requests that reach a node together are authenticated together: every token seen in
 * one turn of the event loop is looked up in one query, run once the turn's input has been read.
 * Under load that turns hundreds of point reads (each its own read transaction on SQLite, its
 * own round trip on PostgreSQL) into a few; when idle, a batch is one request and costs nothing
 * extra. Nothing is cached: a disconnected device's next request is refused at once.
 */
export class DeviceLookup {
  readonly #loader: DataLoader<string, DeviceAtRequest | null>;

  constructor(db: Db, clock: Clock, maxBatchSize = 256) {
    this.#loader = new DataLoader(
      async (tokenHashes) => {
        const found = await findDevicesAtRequest(db, tokenHashes, clock.now());
        return tokenHashes.map((h) => found.get(h) ?? null);
      },
      { cache: false, maxBatchSize, batchScheduleFn: (run) => setImmediate(run) },
    );
  }

  find(tokenHash: string): Promise<DeviceAtRequest | null> {
    return this.#loader.load(tokenHash);
  }
}
