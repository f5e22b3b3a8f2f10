import type { FuzzRequest } from './fuzz-request.ts';
import { cookieHeader } from './fuzz-world.ts';
import type { World } from './fuzz-world.ts';

/** Sending a generated request, and the two properties every answer must have. */

export interface FuzzAnswer {
  status: number;
  contentType: string;
  /** The answer's text, or `(event stream)` for a stream, which is dropped after its headers. */
  body: string;
}

export interface Target {
  url: string;
  operatorKey: string;
  world: World;
}

const REQUEST_TIMEOUT_MS = 15_000;

function credentials(req: FuzzRequest, target: Target): Record<string, string> {
  const { world } = target;
  const h: Record<string, string> = {};
  switch (req.auth) {
    case 'operator':
      h.authorization = `Bearer ${target.operatorKey}`;
      break;
    case 'device':
      h.authorization = `Bearer ${world.deviceToken}`;
      break;
    case 'customer':
    case 'admin':
    case 'member':
    case 'stranger':
      h.cookie = cookieHeader(world[req.auth]);
      break;
    case 'throwaway':
      // Each sign-out ends one of the customer's spare sessions, never the one the fuzzer uses.
      h.cookie = world.throwawaySessions.shift() ?? 'seatpost.session_token=ended.session';
      break;
    case 'garbage':
      h.authorization = 'Bearer not-a-real-token';
      h.cookie = 'seatpost.session_token=garbage.value; other=%00';
      break;
    case 'none':
      break;
  }
  if (req.origin === 'ours') h.origin = target.url;
  else if (req.origin === 'foreign') h.origin = 'https://evil.example';
  return h;
}

export async function send(req: FuzzRequest, target: Target): Promise<FuzzAnswer> {
  const headers: Record<string, string> = { ...req.headers, ...credentials(req, target) };
  if (req.contentType !== null) headers['content-type'] = req.contentType;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error('no answer in time')), REQUEST_TIMEOUT_MS);
  try {
    const res = await fetch(target.url + req.url, {
      method: req.method,
      headers,
      // Bytes, so that fetch adds no content-type of its own.
      body: req.body === null ? undefined : Buffer.from(req.body),
      redirect: 'manual',
      signal: abort.signal,
    });
    const contentType = res.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream')) {
      abort.abort();
      return { status: res.status, contentType, body: '(event stream)' };
    }
    return { status: res.status, contentType, body: await res.text() };
  } catch (e) {
    const cause = (e as Error).cause as { message?: string } | undefined;
    return { status: 0, contentType: '', body: `no answer: ${(e as Error).message} ${cause?.message ?? ''}` };
  } finally {
    clearTimeout(timer);
  }
}

/** What is wrong with an answer: a 5xx (or none), or a 4xx on /v1 that is not problem+json with a code. */
export function fault(req: FuzzRequest, ans: FuzzAnswer): string | null {
  if (ans.status === 0) return 'no answer';
  if (ans.status >= 500) return `answered ${ans.status}`;
  // OAuth's endpoints answer as RFC 6749 §5.2 says (a JSON `error` from its list), which the
  // standard clients (openid-client) read; a method they do not have is the service's 404, a problem.
  if (ans.status >= 400 && req.url.startsWith('/v1/oauth/') && !/problem\+json/i.test(ans.contentType))
    return oauthFault(ans);
  if (ans.status >= 400 && req.url.startsWith('/v1/')) {
    if (!/^application\/problem\+json/i.test(ans.contentType))
      return `a ${ans.status} on /v1 that is ${ans.contentType || 'untyped'}, not application/problem+json`;
    let code: unknown;
    try {
      code = (JSON.parse(ans.body) as { code?: unknown }).code;
    } catch {
      return `a ${ans.status} problem that is not JSON`;
    }
    if (typeof code !== 'string') return `a ${ans.status} problem without a string code`;
  }
  return null;
}

const OAUTH_ERRORS = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'authorization_pending',
  'slow_down',
  'access_denied',
  'expired_token',
]);

function oauthFault(ans: FuzzAnswer): string | null {
  if (!/^application\/json/i.test(ans.contentType))
    return `an OAuth ${ans.status} that is ${ans.contentType || 'untyped'}, not application/json`;
  try {
    const { error } = JSON.parse(ans.body) as { error?: unknown };
    if (typeof error !== 'string' || !OAUTH_ERRORS.has(error))
      return `an OAuth ${ans.status} whose error is not one of RFC 6749/8628's: ${String(error)}`;
  } catch {
    return `an OAuth ${ans.status} that is not JSON`;
  }
  return null;
}

/** The key a fault is grouped by in the survey: the operation, the status and the answer's code. */
export function signature(opName: string, ans: FuzzAnswer): string {
  let code: string;
  try {
    const b = JSON.parse(ans.body) as { code?: unknown; detail?: unknown };
    code = typeof b.code === 'string' ? b.code : JSON.stringify(b.code ?? null);
    if (ans.status >= 500 && typeof b.detail === 'string') code += ` ${b.detail.slice(0, 60)}`;
  } catch {
    code = ans.body.slice(0, 60);
  }
  return `${opName} → ${ans.status} ${ans.contentType.split(';')[0]} ${code}`;
}

const show = (s: string | null) =>
  s === null ? '(none)' : JSON.stringify(s.length > 400 ? `${s.slice(0, 400)}…` : s);

export function describeExchange(req: FuzzRequest, ans: FuzzAnswer): string {
  const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return [
    `  request: ${req.method} ${req.url.length > 400 ? `${req.url.slice(0, 400)}…` : req.url}`,
    `    as ${req.auth}, origin ${req.origin}${headers.length ? `, ${headers.join(', ')}` : ''}`,
    `    content-type: ${req.contentType ?? '(none)'}; body: ${show(req.body)}`,
    `  answer: ${ans.status} ${ans.contentType}`,
    `    ${ans.body.length > 600 ? `${ans.body.slice(0, 600)}…` : ans.body}`,
  ].join('\n');
}
