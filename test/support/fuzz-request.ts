import fc from 'fast-check';
import { anyString, brokenValue, validValue } from './fuzz-schema.ts';
import type { Operation, Parameter } from './fuzz-schema.ts';
import type { World } from './fuzz-world.ts';

/**
 * One generated request, as plain data (so that fast-check can shrink and print it): the
 * credentials are named, not held, and resolved when the request is sent.
 */
export interface FuzzRequest {
  method: string;
  /** The path and query exactly as sent: already percent-encoded, with the fuzzer's bad escapes. */
  url: string;
  headers: Record<string, string>;
  auth: Auth;
  origin: 'ours' | 'foreign' | 'none';
  contentType: string | null;
  body: string | null;
}

export const AUTHS = [
  'operator',
  'device',
  'customer',
  'admin',
  'member',
  'stranger',
  'throwaway',
  'none',
  'garbage',
] as const;
export type Auth = (typeof AUTHS)[number];
/** What sign-out may be sent with: never the sessions the fuzzer goes on using. */
const ENDABLE: Auth[] = ['throwaway', 'operator', 'device', 'none', 'garbage'];

/** The credentials an operation's documentation (or its path, for the cookie-session routes) asks for. */
export function declaredAuth(op: Operation): Auth {
  if (op.security.includes('operatorKey')) return 'operator';
  if (op.security.includes('deviceToken')) return 'device';
  if (op.path === '/v1/auth/sign-out') return 'throwaway';
  if (op.path.startsWith('/v1/console/')) return 'admin';
  if (op.path.startsWith('/v1/me')) return 'customer';
  return 'none';
}

/** A segment as UTF-8 percent-encoding, whatever the string (lone surrogates included). */
const encode = (s: string) => encodeURIComponent(s.toWellFormed());

const RAW_SEGMENTS = [
  '%00',
  'a%00b',
  '%ZZ',
  '%E0%A4%A',
  '%',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '%C0%AF',
  '%FF',
  '+',
  '*',
];

function pathSegment(real: string[], param: Parameter): fc.Arbitrary<string> {
  const options: fc.WeightedArbitrary<string>[] = [
    { weight: 2, arbitrary: fc.uuid().map(encode) },
    { weight: 1, arbitrary: validValue(param.schema).map((v) => encode(String(v))) },
    { weight: 2, arbitrary: anyString().map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 1, arbitrary: fc.integer({ min: 99, max: 400 }).map((n) => 'a'.repeat(n)) },
  ];
  if (real.length > 0) {
    const r = fc.constantFrom(...real);
    options.push(
      { weight: 8, arbitrary: r.map(encode) },
      {
        weight: 1,
        arbitrary: fc.tuple(r, fc.constantFrom('%00', '%20', '%ZZ', 'x', '%E2%80%AE')).map(([a, b]) => a + b),
      },
    );
  }
  return fc.oneof(...options);
}

const str = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

function queryValue(real: string[], param: Parameter): fc.Arbitrary<string> {
  // Long values stay short enough that a request with all of them fits Node's 16 KiB of headers;
  // past that, Node answers 431 itself (see the todo test in test/api/fuzz.test.ts).
  const options: fc.WeightedArbitrary<string>[] = [
    { weight: 4, arbitrary: validValue(param.schema).map((v) => encode(str(v))) },
    { weight: 2, arbitrary: anyString().map(encode) },
    { weight: 1, arbitrary: fc.constantFrom('%00', '%ZZ', '%', 'a&b=c', '%2525', '[]', '%5B%5D') },
    { weight: 1, arbitrary: fc.constantFrom(255, 1_001, 1_500).map((n) => 'a'.repeat(n)) },
  ];
  if (real.length > 0) options.push({ weight: 4, arbitrary: fc.constantFrom(...real).map(encode) });
  return fc.oneof(...options);
}

/** Header values fetch can carry: printable Latin-1, without NUL, CR or LF. */
const headerValue = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.constantFrom('0', '1', '999999999999999', '9999999999999999', '-1', '1e3', 'é', 'a'.repeat(300)),
);

/** Bodies for operations that take one: mostly JSON from the schema, then the broken and the odd. */
function bodyFor(op: Operation, world: World): fc.Arbitrary<Pick<FuzzRequest, 'contentType' | 'body'>> {
  const json = (type: string | null, arb: fc.Arbitrary<unknown>) =>
    arb.map((v) => ({ contentType: type, body: JSON.stringify(v) ?? 'null' }));
  if (!op.body) {
    if (op.method === 'GET') return fc.constant({ contentType: null, body: null });
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant({ contentType: null, body: null }) },
      { weight: 1, arbitrary: json('application/json', fc.jsonValue({ maxDepth: 2 })) },
      { weight: 1, arbitrary: fc.constant({ contentType: 'application/json', body: '' }) },
      { weight: 1, arbitrary: fc.constant({ contentType: 'text/plain', body: 'hello' }) },
    );
  }
  const schema = op.body['application/json'];
  const options: fc.WeightedArbitrary<Pick<FuzzRequest, 'contentType' | 'body'>>[] = [];
  if (schema) {
    const valid = withRealValues(validValue(schema), world);
    options.push(
      { weight: 6, arbitrary: json('application/json', valid) },
      { weight: 4, arbitrary: json('application/json', brokenValue(schema)) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom(
              null,
              'text/plain',
              'APPLICATION/JSON',
              'Application/Json; charset=UTF-8',
              'application/json; charset=utf-16',
              'application/json; charset=latin1',
              'application/problem+json',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/octet-stream',
              'application/json, text/plain',
              ';',
            ),
            valid,
          )
          .map(([t, v]) => ({ contentType: t, body: JSON.stringify(v) ?? '' })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(
            ...['', '{', 'null', '[]', '"x"', '0', '{"a":1', '\ufeff{}', '{"__proto__":{"admin":true}}'],
            ...[
              '{"constructor":{"prototype":{"x":1}}}',
              '['.repeat(5_000),
              '{"a":"\\ud800"}',
              '{"a":"\\u0000"}',
            ],
          )
          .map((body) => ({ contentType: 'application/json', body })),
      },
    );
  }
  const form = op.body['application/x-www-form-urlencoded'];
  if (form) {
    // OAuth's endpoints (RFC 8628) take forms: valid ones, broken ones, and raw bytes.
    const asForm = (v: unknown) =>
      new URLSearchParams(
        Object.entries(v && typeof v === 'object' ? v : {}).map(([k, x]): [string, string] => [k, str(x)]),
      ).toString();
    options.push(
      {
        weight: 6,
        arbitrary: withRealValues(validValue(form), world).map((v) => ({
          contentType: 'application/x-www-form-urlencoded',
          body: asForm(v),
        })),
      },
      {
        weight: 3,
        arbitrary: brokenValue(form).map((v) => ({
          contentType: 'application/x-www-form-urlencoded',
          body: asForm(v),
        })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('', '=', '&&&', 'a=%ZZ', 'grant_type=a&grant_type=b', '%00=%00', 'x='.repeat(3_000))
          .map((body) => ({ contentType: 'application/x-www-form-urlencoded', body })),
      },
    );
  }
  if (op.body['application/octet-stream'])
    options.push({
      weight: 4,
      arbitrary: fc
        .string({ maxLength: 64, unit: 'binary' })
        .map((body) => ({ contentType: 'application/octet-stream', body })),
    });
  return fc.oneof(...options);
}

/** Puts the world's real ids, codes and emails into bodies where the property names say so. */
function withRealValues(arb: fc.Arbitrary<unknown>, world: World): fc.Arbitrary<unknown> {
  return fc.tuple(arb, fc.nat()).map(([v, n]) => {
    if (!v || typeof v !== 'object' || Array.isArray(v) || n % 3 === 0) return v;
    const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    for (const [k, x] of Object.entries(out)) {
      const real = world.values(k);
      if (real.length === 0) continue;
      const pick = real[n % real.length]!;
      out[k] = Array.isArray(x) ? [pick] : pick;
    }
    return out;
  });
}

/** Every request the fuzzer makes for `op`. */
export function requestsFor(op: Operation, world: World): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const headerParams = op.parameters.filter((p) => p.in === 'header');
  const declared = declaredAuth(op);
  return fc
    .record({
      segments: fc.tuple(...pathParams.map((p) => pathSegment(world.ids(op, p.name), p))),
      query: fc.tuple(
        ...queryParams.map((p) => fc.option(queryValue(world.values(p.name), p), { freq: 2 })),
        fc.option(fc.constantFrom('unknown=1', 'limit=1&limit=2', '%ZZ=1', '&&', 'a[b]=c'), { freq: 8 }),
      ),
      headers: fc.tuple(...headerParams.map(() => fc.option(headerValue, { freq: 2 }))),
      auth: fc.oneof(
        { weight: 12, arbitrary: fc.constant(declared) },
        { weight: 2, arbitrary: fc.constantFrom(...(declared === 'throwaway' ? ENDABLE : AUTHS)) },
      ),
      origin: fc.oneof(
        { weight: 12, arbitrary: fc.constant('ours' as const) },
        fc.constantFrom('foreign' as const, 'none' as const),
      ),
      content: bodyFor(op, world),
    })
    .map(({ segments, query, headers, auth, origin, content }) => {
      let i = 0;
      const path = op.path.replace(/\{[^}]+\}/g, () => segments[i++]!);
      const pairs = queryParams.flatMap((p, j) => (query[j] != null ? [`${p.name}=${query[j]}`] : []));
      if (query.at(-1)) pairs.push(query.at(-1)!);
      const h: Record<string, string> = {};
      headerParams.forEach((p, j) => {
        if (headers[j] != null) h[p.name] = headers[j];
      });
      return {
        method: op.method,
        url: pairs.length > 0 ? `${path}?${pairs.join('&')}` : path,
        headers: h,
        auth,
        origin,
        ...content,
      };
    });
}
