import DataLoader from 'dataloader';
import type { Db } from '../../store/database.ts';
import type { DeviceAtRequest } from '../../store/device-lookup.repository.ts';
import { findDevicesAtRequest } from '../../store/device-lookup.repository.ts';
import type { DeviceTokenWatch } from '../../store/device-token-watch.ts';
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
 * a few; when idle, a batch is one request and costs no CPU extra.
 *
 * On SQLite, the devices found with nothing waiting for them are then held in the process (a
 * DeviceTokenTable, kept true by triggers), and their next requests read no database at all. A
 * disconnected device's next request is refused at once all the same: disconnecting it forgets it.
 */
export class DeviceLookup {
  readonly #loader: DataLoader<string, DeviceAtRequest | null>;
  readonly #tokens: DeviceTokenWatch | null;

  constructor(db: Db, clock: Clock, tokens: DeviceTokenWatch | null = null, maxBatchSize = 256) {
    this.#tokens = tokens;
    this.#loader = new DataLoader(
      async (tokenHashes) => {
        // Anything forgotten while the query ran (the connection is shared) may have been read before it.
        const generation = tokens?.table.generation;
        const found = await findDevicesAtRequest(db, tokenHashes, clock.now());
        if (tokens && tokens.table.generation === generation)
          for (const [hash, device] of found) tokens.table.put(hash, device);
        return tokenHashes.map((h) => found.get(h) ?? null);
      },
      { cache: false, maxBatchSize, batchScheduleFn: (run) => setTimeout(run, BATCH_WINDOW_MS) },
    );
  }

  find(tokenHash: string): Promise<DeviceAtRequest | null> {
    const held = this.#tokens?.current().get(tokenHash);
    return held ? Promise.resolve(held) : this.#loader.load(tokenHash);
  }
}
