import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { DeviceTokenTable } from './device-token-table.ts';

const FORGET = 'seatpost_forget_device_token';

/**
 * Keeps a DeviceTokenTable true to the database (SQLite only). Temporary triggers on this process's
 * own connection forget a device whenever its row changes or is deleted, or a delivery of it is
 * made or changed, inside the very statement that does it (so before any later lookup, and also
 * when that transaction rolls back: a forgotten device is only read again). Writes by any other
 * connection (another process on the same file, a tool) change `pragma data_version`, which is read
 * at most once a millisecond, as a lookup's batch did; a change clears the table.
 */
export class DeviceTokenWatch {
  readonly table = new DeviceTokenTable();
  readonly #dataVersion: StatementSync;
  #version: unknown;
  #checkedAt = Number.NEGATIVE_INFINITY;

  constructor(sqlite: DatabaseSync) {
    sqlite.function(FORGET, (tokenHash) => {
      this.table.forget(typeof tokenHash === 'string' ? tokenHash : null);
      return null;
    });
    sqlite.exec(`
      create temp trigger if not exists seatpost_device_updated after update on main.devices
        begin
          select ${FORGET}(old.token_hash);
          select ${FORGET}(new.token_hash) where new.token_hash is not old.token_hash;
        end;
      create temp trigger if not exists seatpost_device_deleted after delete on main.devices
        begin select ${FORGET}(old.token_hash); end;
      create temp trigger if not exists seatpost_delivery_made after insert on main.deliveries
        begin select ${FORGET}(token_hash) from main.devices where id = new.device_id; end;
      create temp trigger if not exists seatpost_delivery_changed after update on main.deliveries
        begin select ${FORGET}(token_hash) from main.devices where id in (old.device_id, new.device_id); end;
    `);
    this.#dataVersion = sqlite.prepare('pragma data_version');
    this.#version = this.#dataVersion.get()?.data_version;
  }

  /** The table, cleared first if another connection has written since it was last looked at. */
  current(): DeviceTokenTable {
    const now = performance.now();
    if (now - this.#checkedAt >= 1) {
      this.#checkedAt = now;
      const version = this.#dataVersion.get()?.data_version;
      if (version !== this.#version) {
        this.#version = version;
        this.table.clear();
      }
    }
    return this.table;
  }
}
