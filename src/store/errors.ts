/**
 * How the store tells a database that cannot be reached, and storage that cannot take writes,
 * from a database that refused a query.
 */

const DB_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
  'SQLITE_BUSY',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '53300',
]);

/** pg's own connection failures carry no code, only these messages. */
const DB_DOWN_MESSAGE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Query read timeout)/;

/**
 * Whether the error says the database cannot be reached right now (down, restarting, cut off,
 * out of connections, or SQLite's file locked by another writer for longer than the busy
 * timeout): a 503 that the client may retry, not a 500.
 */
export function databaseUnavailable(error: unknown, depth = 0): boolean {
  const e = error as { code?: string; errcode?: number; message?: string; cause?: unknown } | null;
  if (!e || typeof e !== 'object' || depth > 4) return false;
  if (e.code && DB_DOWN.has(e.code)) return true;
  // node:sqlite: SQLITE_BUSY (5) and SQLITE_LOCKED (6), with any extended code.
  if (e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number' && [5, 6].includes(e.errcode & 0xff))
    return true;
  if (typeof e.message === 'string' && DB_DOWN_MESSAGE.test(e.message)) return true;
  // better-auth wraps what its queries throw ("failed to get session"), keeping it as the cause.
  return databaseUnavailable(e.cause, depth + 1);
}

/**
 * PostgreSQL's SQLSTATEs for storage that cannot take the work: disk full, out of memory or
 * another resource, read-only (a read-only database or transaction, a standby), I/O and system
 * errors, corrupted data or index.
 */
const PG_STORAGE = new Set(['53000', '53100', '53200', '25006', '58000', '58030', 'XX001', 'XX002']);

/**
 * SQLite's primary result codes (the extended ones carry them in their low byte): NOMEM 7,
 * READONLY 8, IOERR 10, CORRUPT 11, FULL 13, CANTOPEN 14, NOTADB 26.
 */
const SQLITE_STORAGE = new Set([7, 8, 10, 11, 13, 14, 26]);

/** The file system's own (installer files, the SQLite file opened by Node): no space, read-only, I/O. */
const FS_STORAGE = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO']);

/**
 * Whether the error says the storage cannot take writes (or reads) right now: disk full,
 * read-only, an I/O error, corruption. The database answers, but this node cannot do its work;
 * a 503 that the client may retry once an operator (or time) clears it, not a 500.
 */
export function storageFault(error: unknown, depth = 0): boolean {
  const e = error as { code?: string; errcode?: number; cause?: unknown } | null;
  if (!e || typeof e !== 'object' || depth > 4) return false;
  if (e.code && (PG_STORAGE.has(e.code) || FS_STORAGE.has(e.code))) return true;
  if (e.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number' && SQLITE_STORAGE.has(e.errcode & 0xff))
    return true;
  // better-auth wraps what its queries throw, keeping it as the cause.
  return storageFault(e.cause, depth + 1);
}

/**
 * Errors after which a PostgreSQL connection is not to be used again: its session may have
 * started read-only (`default_transaction_read_only` set on the database, or a standby), and
 * keeps that for its life even once the database takes writes again.
 */
export function sessionBoundFault(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '25006';
}
