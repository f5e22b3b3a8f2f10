/** Reads a text/event-stream in a test: waits for the next event that matches. */
export interface SseEvent {
  id?: string;
  event: string;
  data: any;
  at: number;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  readonly status: Promise<number>;
  #waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  #abort = new AbortController();
  #closed = false;
  comments = 0;
  ended: Promise<void>;

  constructor(url: string, headers: Record<string, string>) {
    let setStatus!: (s: number) => void;
    this.status = new Promise((r) => (setStatus = r));
    this.ended = this.#run(url, headers, setStatus);
  }

  async #run(url: string, headers: Record<string, string>, setStatus: (s: number) => void): Promise<void> {
    try {
      const res = await fetch(url, {
        headers: { accept: 'text/event-stream', ...headers },
        signal: this.#abort.signal,
      });
      setStatus(res.status);
      if (!res.ok || !res.body) return;
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          this.#block(block);
        }
      }
    } catch {
      // aborted or dropped
    } finally {
      this.#closed = true;
    }
  }

  #block(block: string): void {
    const e: Partial<SseEvent> = { event: 'message' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments++;
      else if (line.startsWith('id:')) e.id = line.slice(3).trim();
      else if (line.startsWith('event:')) e.event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trim());
    }
    if (data.length === 0) return;
    const event: SseEvent = {
      id: e.id,
      event: e.event!,
      data: JSON.parse(data.join('\n')),
      at: performance.now(),
    };
    this.events.push(event);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.match(event)) return true;
      w.resolve(event);
      return false;
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  next(match: (e: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () =>
          reject(
            new Error(
              `no matching event within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => e.event + ':' + JSON.stringify(e.data).slice(0, 80)))}`,
            ),
          ),
        timeoutMs,
      );
      this.#waiters.push({ match, resolve: (e) => (clearTimeout(t), resolve(e)) });
    });
  }

  close(): void {
    this.#abort.abort();
  }
}
