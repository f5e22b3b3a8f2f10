import type { FastifyError, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppError } from '../app/shared/errors.ts';
import { CONTROL_CHARACTER, normalizeName } from '../domain/text.ts';

/**
 * Text at the boundary, for every route, before its schema is checked (registered once, in
 * server.ts, so that no route can forget it):
 *
 * - No string in the path, the query or a JSON body, and no key of one, may hold a control
 *   character (`CONTROL_CHARACTER`): 400 `VALIDATION_FAILED` with the field's JSON pointer. NUL
 *   in particular never reaches PostgreSQL, which cannot store it.
 * - Names are normalised in place (`normalizeName`): every string under a `name` or `group` key,
 *   which in this API are always names people read (a device's, an account's, a product's, an
 *   organization's, a device group's; in a query, the filter on them). The schema then checks
 *   the normalised name, and a name in a body that is empty after it is refused here.
 *
 * It runs on every check-in, so a clean request costs one regular-expression test per string
 * and allocates nothing.
 */
export function refuseControlCharacters(
  req: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const found = inPart(req.params, 'params') ?? inPart(req.query, 'querystring') ?? inPart(req.body, 'body');
  if (found) done(found as AppError & FastifyError);
  else done();
}

/** Deeper than any request of this API: refused rather than walked without end. */
const MAX_DEPTH = 32;

const NAME_KEYS = new Set(['name', 'group']);

interface Bad {
  pointer: string;
  problem: 'control' | 'empty' | 'deep';
}

function inPart(value: unknown, part: 'params' | 'querystring' | 'body'): AppError | undefined {
  if (value === undefined || value === null) return undefined;
  const bad = walk(value, part === 'body', 0);
  if (!bad) return undefined;
  const pointer = bad.pointer || '/';
  const what = bad.problem === 'deep' ? part : `${part}${bad.pointer}`;
  const message =
    bad.problem === 'control'
      ? `${what} must not contain control characters`
      : bad.problem === 'empty'
        ? `${what} must not be empty`
        : `${what} is nested too deeply`;
  return new AppError('VALIDATION_FAILED', message, { pointer });
}

/** The first bad string (or key) under `value`, as a pointer relative to it; undefined when all is well. */
function walk(value: unknown, inBody: boolean, depth: number): Bad | undefined {
  if (typeof value === 'string')
    return CONTROL_CHARACTER.test(value) ? { pointer: '', problem: 'control' } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_DEPTH) return { pointer: '', problem: 'deep' };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = walk(value[i], inBody, depth + 1);
      if (bad) return { pointer: `/${i}${bad.pointer}`, problem: bad.problem };
    }
    return undefined;
  }
  // Only what JSON, query strings and the router make (plain or null-prototype records): an
  // upload's stream, or any other object, is not text.
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null && Object.getPrototypeOf(proto) !== null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (CONTROL_CHARACTER.test(key)) return { pointer: `/${escapeKey(key)}`, problem: 'control' };
    const v = record[key];
    let bad: Bad | undefined;
    if (typeof v === 'string') {
      if (CONTROL_CHARACTER.test(v)) bad = { pointer: '', problem: 'control' };
      else if (NAME_KEYS.has(key)) {
        const name = normalizeName(v);
        if (name !== v) record[key] = name;
        if (inBody && name === '') bad = { pointer: '', problem: 'empty' };
      }
    } else bad = walk(v, inBody, depth + 1);
    if (bad) return { pointer: `/${escapeKey(key)}${bad.pointer}`, problem: bad.problem };
  }
  return undefined;
}

/** A key as a JSON pointer segment (RFC 6901), its control characters shown as escapes. */
function escapeKey(key: string): string {
  return key
    .replace(/~/g, '~0')
    .replace(/\//g, '~1')
    .replace(
      new RegExp(CONTROL_CHARACTER.source, 'g'),
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}
