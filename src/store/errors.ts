/** How the store tells a database that cannot be reached from one that refused a query. */

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
