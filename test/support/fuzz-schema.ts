import fc from 'fast-check';

/**
 * The fuzzer's reading of the OpenAPI document: its operations with `$ref`s resolved, and
 * fast-check arbitraries derived from JSON schemas, both values the schema accepts and values it
 * does not (wrong types, missing or extra properties, huge strings, NUL and other tricky text).
 */

export type JsonSchema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  path: string;
  /** `GET /v1/me/subscriptions/{id}`: the name of the operation in messages. */
  name: string;
  security: string[];
  parameters: Parameter[];
  /** Media type → schema, or null when the operation takes no body. */
  body: Record<string, JsonSchema> | null;
  /** The media types of its answers: `text/event-stream` operations are streams. */
  answers: string[];
  /** Not in the document: a method the path does not have, to see that it is refused properly. */
  undeclared?: boolean;
}

/** A copy of `value` with every `$ref` to `#/...` replaced by what it names (documents without cycles). */
export function resolveRefs(value: unknown, root: any, seen: string[] = []): any {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, root, seen));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    if (seen.includes(ref)) return {}; // a cycle: anything
    const target = ref
      .slice(2)
      .split('/')
      .reduce((o: any, k) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    return resolveRefs(target, root, [...seen, ref]);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, root, seen)]));
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** Every operation of the document, and for each path one method it does not declare. */
export function operationsOf(document: any): Operation[] {
  const doc = resolveRefs(document, document);
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const method of METHODS) {
      const o = item[method];
      if (!o) continue;
      const answers = Object.values<any>(o.responses ?? {}).flatMap((r) => Object.keys(r.content ?? {}));
      ops.push({
        method: method.toUpperCase(),
        path,
        name: `${method.toUpperCase()} ${path}`,
        security: (o.security ?? doc.security ?? []).flatMap((s: object) => Object.keys(s)),
        parameters: [...(item.parameters ?? []), ...(o.parameters ?? [])].map((p: any) => ({
          name: p.name,
          in: p.in,
          required: p.required === true,
          schema: p.schema ?? {},
        })),
        body: o.requestBody
          ? Object.fromEntries(
              Object.entries<any>(o.requestBody.content).map(([type, c]) => [type, c.schema ?? {}]),
            )
          : null,
        answers: [...new Set(answers)],
      });
    }
    const missing = METHODS.find((m) => !item[m] && m !== 'get');
    if (missing && path.startsWith('/v1/'))
      ops.push({
        method: missing.toUpperCase(),
        path,
        name: `${missing.toUpperCase()} ${path} (undeclared)`,
        security: [],
        parameters: Object.values<any>(item)
          .flatMap((o) => o.parameters ?? [])
          .filter((p: any) => p.in === 'path')
          .map((p: any) => ({ name: p.name, in: 'path', required: true, schema: p.schema ?? {} })),
        body: null,
        answers: [],
        undeclared: true,
      });
  }
  return ops;
}

/** Characters that text fields must survive or refuse cleanly: NUL, controls, bidi, zero-width, lone surrogates. */
export const TRICKY_CHARS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b',
  '\u007f',
  '\n',
  '\r\n',
  '\t',
  '\u0085',
  '\u202e',
  '\u2066',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\uffff',
  '😀',
  'é',
  '\u0301',
  '%',
  '_',
  '\\',
  "'",
  '"',
  '<script>',
  '../',
  '%00',
];

/** Strings of every kind, with a bias towards the tricky ones. */
export function anyString(maxLength = 40): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength }),
    fc.string({ maxLength, unit: 'grapheme' }),
    fc.string({ maxLength, unit: 'binary' }),
    fc.constantFrom(...TRICKY_CHARS),
    fc
      .tuple(fc.string({ minLength: 1, maxLength }), fc.constantFrom(...TRICKY_CHARS), fc.nat())
      .map(([s, c, i]) => s.slice(0, i % (s.length + 1)) + c + s.slice(i % (s.length + 1))),
    fc.constantFrom(
      '',
      ' ',
      '  padded  ',
      'null',
      'undefined',
      'NaN',
      '0',
      '-1',
      '1e400',
      'true',
      '[]',
      '{}',
    ),
  );
}

/** A huge string: over the schemas' limits, and some over the body limit. */
export const hugeString = fc
  .constantFrom(101, 201, 255, 1_001, 10_000, 300_000)
  .chain((n) => fc.constantFrom('a', 'é', '😀', '\u0000').map((c) => c.repeat(n)));

function stringFor(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
  if (s.format === 'email')
    return fc
      .oneof(
        fc.emailAddress(),
        fc.constantFrom('customer@example.com', 'a@b.co', 'Ünïcode@exämple.dk', 'x+tag@example.org'),
      )
      .filter((e) => e.length >= min && e.length <= (s.maxLength ?? 254));
  if (s.format === 'date-time')
    return fc
      .date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (typeof s.pattern === 'string') {
    const re = new RegExp(s.pattern);
    return fc.stringMatching(re).filter((v) => v.length >= min && v.length <= (s.maxLength ?? 1_000));
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: max }) },
    { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }) },
    // Within the limits, but carrying one tricky character (NUL, a control, bidi, zero-width…).
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.string({ minLength: Math.max(0, min - 1), maxLength: Math.max(0, max - 2) }),
          fc.constantFrom(...TRICKY_CHARS),
        )
        .map(([v, c]) => v.slice(0, v.length >> 1) + c + v.slice(v.length >> 1)),
    },
  );
}

/** Values `schema` accepts (mostly: patterns and formats are only approximated). */
export function validValue(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (!s || typeof s !== 'object' || depth > 6) return fc.jsonValue({ maxDepth: 1 });
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  const choices = s.anyOf ?? s.oneOf;
  if (Array.isArray(choices)) return fc.oneof(...choices.map((c: JsonSchema) => validValue(c, depth + 1)));
  if (Array.isArray(s.type))
    return fc.oneof(...s.type.map((t: string) => validValue({ ...s, type: t }, depth)));
  switch (s.type) {
    case 'string':
      return stringFor(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue(s.items ?? {}, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, Math.max(s.minItems ?? 0, 4)),
      });
    case 'object': {
      const props: Record<string, JsonSchema> = s.properties ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = validValue(v, depth + 1);
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((k: string) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value of the wrong type for anything: the schema may still accept some of them. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308),
  anyString(),
  hugeString,
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constant(Array.from({ length: 1_001 }, (_, i) => `x${i}`)),
);

/** Values `schema` should refuse (or at least that test its edges), built from valid ones. */
export function brokenValue(s: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [wrongType];
  const type = Array.isArray(s?.type) ? s.type[0] : s?.type;
  if (type === 'string' || s?.pattern || s?.format || s?.enum) options.push(anyString(), hugeString);
  if (type === 'integer' || type === 'number')
    options.push(fc.constantFrom(-1, 0, 0.5, (s.maximum ?? 0) + 1, (s.minimum ?? 0) - 1, 1e21));
  if (type === 'array' && s.items)
    options.push(fc.array(brokenValue(s.items, depth + 1), { minLength: 1, maxLength: 3 }));
  if (type === 'object' && depth < 4) {
    const props: Record<string, JsonSchema> = s.properties ?? {};
    const keys = Object.keys(props);
    const valid = validValue(s, depth) as fc.Arbitrary<Record<string, unknown>>;
    // Missing a required property.
    if ((s.required ?? []).length > 0)
      options.push(
        fc.tuple(valid, fc.constantFrom(...(s.required as string[]))).map(([v, k]) => {
          const copy = { ...v };
          delete copy[k];
          return copy;
        }),
      );
    // An extra property.
    options.push(
      fc
        .tuple(
          valid,
          fc.constantFrom('extra', '__proto__', 'constructor', 'id', ''),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([v, k, x]) => JSON.parse(JSON.stringify({ ...v, [k]: x })) as unknown),
    );
    // One property broken.
    if (keys.length > 0)
      options.push(
        fc
          .constantFrom(...keys)
          .chain((k) => fc.tuple(valid, fc.constant(k), brokenValue(props[k]!, depth + 1)))
          .map(([v, k, x]) => ({ ...v, [k]: x })),
      );
  }
  return fc.oneof(...options);
}
