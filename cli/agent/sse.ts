/**
 * A parser for `text/event-stream`, following the WHATWG HTML "server-sent events" rules.
 *
 * Written here rather than using EventSource because the device must send an Authorization
 * header, which EventSource cannot. The parser is incremental: a network chunk may end anywhere,
 * inside a line, inside a multi-byte character or between the "\r" and "\n" of a line break.
 */

/** One dispatched event. `id` is the last event id in effect when it was dispatched. */
export type SseEvent = { kind: 'event'; event: string; data: string; id: string };
/** A line starting with ":"; servers send these as heartbeats to keep proxies from closing the connection. */
export type SseComment = { kind: 'comment'; text: string };
/** A `retry:` field: the reconnection delay the server asks for, in milliseconds. */
export type SseRetry = { kind: 'retry'; ms: number };
export type SseItem = SseEvent | SseComment | SseRetry;

export class SseParser {
  /** The id to send back as `Last-Event-ID` when reconnecting; it outlives the events that set it. */
  lastEventId = '';
  private buffer = '';
  private data: string[] = [];
  private eventType = '';
  /** A chunk ended with "\r": if the next one starts with "\n", that "\n" belongs to the same line break. */
  private afterCR = false;
  private atStart = true;

  /** Feeds decoded text; returns what became complete. */
  push(text: string): SseItem[] {
    if (text === '') return [];
    if (this.afterCR && text.startsWith('\n')) text = text.slice(1);
    this.afterCR = false;
    if (this.atStart && text.length > 0) {
      // A byte order mark may open the stream only; TextDecoder usually strips it already.
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      this.atStart = false;
    }
    this.buffer += text;

    const items: SseItem[] = [];
    let start = 0;
    for (;;) {
      const end = nextLineBreak(this.buffer, start);
      if (end === -1) break;
      this.processLine(this.buffer.slice(start, end), items);
      if (this.buffer[end] === '\r') {
        if (end + 1 === this.buffer.length) {
          // Cannot tell yet whether this is "\r" or the first half of "\r\n".
          this.afterCR = true;
          start = end + 1;
          break;
        }
        start = this.buffer[end + 1] === '\n' ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
    this.buffer = this.buffer.slice(start);
    return items;
  }

  /** The stream ended: a half-received event is dropped, as the standard says, so that it is never acted on. */
  end(): SseItem[] {
    this.buffer = '';
    this.data = [];
    this.eventType = '';
    this.afterCR = false;
    return [];
  }

  private processLine(line: string, items: SseItem[]): void {
    if (line === '') {
      this.dispatch(items);
      return;
    }
    if (line.startsWith(':')) {
      items.push({ kind: 'comment', text: line.slice(1).replace(/^ /, '') });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    // One space after the colon is part of the syntax, not of the value.
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        // A NUL would let a server smuggle a value the header cannot carry back; the standard ignores it.
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) items.push({ kind: 'retry', ms: Number(value) });
        break;
      default:
        // Unknown fields are ignored so that servers can add to the format.
        break;
    }
  }

  private dispatch(items: SseItem[]): void {
    if (this.data.length > 0) {
      items.push({
        kind: 'event',
        event: this.eventType || 'message',
        data: this.data.join('\n'),
        id: this.lastEventId,
      });
    }
    this.data = [];
    this.eventType = '';
  }
}

function nextLineBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}

/**
 * Reads a response body to its end, decoding UTF-8 across chunk boundaries, and hands every
 * parsed item to `onItem` as soon as it is complete. Resolves when the server closes the stream.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  parser: SseParser,
  onItem: (item: SseItem) => void,
  onBytes?: () => void,
): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onBytes?.();
      for (const item of parser.push(decoder.decode(value, { stream: true }))) onItem(item);
    }
    for (const item of parser.push(decoder.decode())) onItem(item);
    parser.end();
  } finally {
    reader.releaseLock();
  }
}
