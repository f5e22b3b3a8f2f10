import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';

/**
 * Paging cursors: where the next page starts (the last row's sort key and id), opaque to
 * clients and signed, so that a cursor edited by hand, or taken to another list, organization
 * or sort, is refused with INVALID_CURSOR instead of quietly paging somewhere else. The key is
 * derived from the service's secret with its own label, so every node reads every node's cursors.
 */
export type CursorKey = readonly (string | number | null)[];

const keys = new WeakMap<object, Buffer>();

function keyOf(deps: Deps): Buffer {
  let key = keys.get(deps.webhookKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', deps.webhookKey, 'seatpost', 'seatpost paging cursors v1', 32));
    keys.set(deps.webhookKey, key);
  }
  return key;
}

function sign(deps: Deps, payload: string): Buffer {
  return createHmac('sha256', keyOf(deps)).update(payload).digest().subarray(0, 16);
}

/** A cursor for the page after the row with `key`, valid only for `list` (list, organization, sort). */
export function encodeCursor(deps: Deps, list: string, key: CursorKey): string {
  const payload = Buffer.from(JSON.stringify({ l: list, k: key })).toString('base64url');
  return `${payload}.${sign(deps, payload).toString('base64url')}`;
}

const invalid = () =>
  new AppError('INVALID_CURSOR', 'This paging cursor is not valid here; start again from the first page', {
    pointer: '/cursor',
  });

/** The key a cursor carries, if it was made by us for this very list and has `length` parts. */
export function decodeCursor(deps: Deps, list: string, cursor: string, length: number): CursorKey {
  const [payload, mac, extra] = cursor.split('.');
  if (!payload || !mac || extra !== undefined) throw invalid();
  const given = Buffer.from(mac, 'base64url');
  const expected = sign(deps, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { l, k } = (parsed ?? {}) as { l?: unknown; k?: unknown };
  if (l !== list || !Array.isArray(k) || k.length !== length) throw invalid();
  if (!k.every((v) => v === null || typeof v === 'string' || typeof v === 'number')) throw invalid();
  return k as CursorKey;
}
