import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SseParser, readEventStream } from '../../../cli/agent/sse.ts';
import type { SseItem } from '../../../cli/agent/sse.ts';

/** Feeds `chunks` one by one, as the network would, and collects everything parsed. */
function parse(chunks: string[], parser = new SseParser()): SseItem[] {
  return chunks.flatMap((chunk) => parser.push(chunk));
}

/** Every way to cut `text` into three pieces: the parser must not care where the network cuts. */
function* splits(text: string): Generator<string[]> {
  for (let i = 0; i <= text.length; i++) {
    for (let j = i; j <= text.length; j++) yield [text.slice(0, i), text.slice(i, j), text.slice(j)];
  }
}

const STREAM =
  ': connected\r\n' +
  'retry: 2500\r\n' +
  '\r\n' +
  'id: 41\r\n' +
  'event: delivery\r\n' +
  'data: {"delivery":\r\n' +
  'data: {"id":"d1"}}\r\n' +
  '\r\n' +
  ':heartbeat\n' +
  '\n' +
  'data:no space\r' +
  'data:  two spaces\r' +
  '\r' +
  'id: 42\n' +
  'event: delivery\n' +
  'data: second\n' +
  '\n';

const EXPECTED: SseItem[] = [
  { kind: 'comment', text: 'connected' },
  { kind: 'retry', ms: 2500 },
  { kind: 'event', event: 'delivery', data: '{"delivery":\n{"id":"d1"}}', id: '41' },
  { kind: 'comment', text: 'heartbeat' },
  { kind: 'event', event: 'message', data: 'no space\n two spaces', id: '41' },
  { kind: 'event', event: 'delivery', data: 'second', id: '42' },
];

describe('SseParser', () => {
  test('parses a whole stream: comments, retry, id, event types, multi-line data, all line endings', () => {
    const parser = new SseParser();
    assert.deepEqual(parse([STREAM], parser), EXPECTED);
    assert.equal(parser.lastEventId, '42');
  });

  test('gives the same result wherever the chunks are cut, including between "\\r" and "\\n"', () => {
    let cases = 0;
    for (const chunks of splits(STREAM)) {
      assert.deepEqual(parse(chunks), EXPECTED, JSON.stringify(chunks));
      cases++;
    }
    assert.ok(cases > 10_000);
  });

  test('one character at a time', () => {
    assert.deepEqual(parse([...STREAM]), EXPECTED);
  });

  test('a "\\r" at the end of a chunk followed by an empty chunk still joins the next "\\n"', () => {
    assert.deepEqual(parse(['data: a\r', '', '\n', '\r', '', '\n']), [
      { kind: 'event', event: 'message', data: 'a', id: '' },
    ]);
  });

  test('an event is dispatched only at the blank line that ends it', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('event: delivery\ndata: x\n'), []);
    assert.deepEqual(parser.push('\n'), [{ kind: 'event', event: 'delivery', data: 'x', id: '' }]);
  });

  test('a block without data dispatches nothing but its id still counts, and the event type resets', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('id: 7\nevent: delivery\n\ndata: y\n\n'), [
      { kind: 'event', event: 'message', data: 'y', id: '7' },
    ]);
    assert.equal(parser.lastEventId, '7');
  });

  test('an empty data field and a field without a colon', () => {
    assert.deepEqual(parse(['data\ndata:\ndata: z\n\n']), [
      { kind: 'event', event: 'message', data: '\n\nz', id: '' },
    ]);
  });

  test('an empty id resets the last event id; an id with NUL is ignored', () => {
    const parser = new SseParser();
    parser.push('id: 5\n\n');
    assert.equal(parser.lastEventId, '5');
    parser.push('id: a\0b\n\n');
    assert.equal(parser.lastEventId, '5');
    parser.push('id\n\n');
    assert.equal(parser.lastEventId, '');
  });

  test('ignores unknown fields and a retry that is not a number', () => {
    assert.deepEqual(parse(['foo: bar\nretry: soon\nretry: 1.5\ndata: ok\n\n']), [
      { kind: 'event', event: 'message', data: 'ok', id: '' },
    ]);
  });

  test('skips a byte order mark at the very start only', () => {
    assert.deepEqual(parse(['\uFEFFdata: a\n\n']), [{ kind: 'event', event: 'message', data: 'a', id: '' }]);
    assert.deepEqual(parse(['data: a\n\n', '\uFEFFdata: b\n\n']), [
      { kind: 'event', event: 'message', data: 'a', id: '' },
      // Not at the start of the stream, the mark makes the field name "\uFEFFdata", which is unknown.
    ]);
  });

  test('end() drops a half-received event and the next connection starts clean', () => {
    const parser = new SseParser();
    parser.push('id: 3\n\nevent: delivery\ndata: half');
    parser.end();
    assert.deepEqual(parser.push('data: whole\n\n'), [
      { kind: 'event', event: 'message', data: 'whole', id: '3' },
    ]);
  });

  test('readEventStream decodes UTF-8 split across byte chunks', async () => {
    const bytes = new TextEncoder().encode('event: delivery\ndata: Sikkerhed ✓ æøå\n\n: hb\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // Byte by byte, so every multi-byte character is cut.
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const items: SseItem[] = [];
    await readEventStream(body, new SseParser(), (item) => items.push(item));
    assert.deepEqual(items, [
      { kind: 'event', event: 'delivery', data: 'Sikkerhed ✓ æøå', id: '' },
      { kind: 'comment', text: 'hb' },
    ]);
  });
});
