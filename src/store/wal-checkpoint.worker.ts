import { DatabaseSync } from 'node:sqlite';
import { workerData } from 'node:worker_threads';

/** The worker of `wal-checkpointer.ts`: a PASSIVE checkpoint of the database's log every so often. */
const { path, everyMs } = workerData as { path: string; everyMs: number };
const db = new DatabaseSync(path);
db.exec('pragma busy_timeout = 5000;');
setInterval(() => db.exec('pragma wal_checkpoint(passive);'), everyMs);
