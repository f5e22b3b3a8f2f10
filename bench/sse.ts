import http from 'node:http';

/**
 * A lightweight device event stream for the bench: raw node:http (no fetch machinery), so that
 * one process can hold thousands. Calls `onDelivery` with the delivery and when it arrived.
 */
export interface BenchStream {
  close(): void;
  onDelivery?: (delivery: { id: string; status: string }, at: number) => void;
  /** Every event, `revocation` and `reserve` too, with its data parsed. */
  onEvent?: (event: string, data: Record<string, unknown>, at: number) => void;
}

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * Devices come from many addresses, and the server limits the connections of one: the streams
 * are spread over loopback addresses (all of 127.0.0.0/8 is this machine), 50 to an address.
 */
const fromAddress = (i: number) => `127.0.${1 + Math.floor(i / 50 / 250)}.${1 + (Math.floor(i / 50) % 250)}`;

export function openStream(
  base: string,
  token: string,
  localAddress = '127.0.0.1',
  timeoutMs = 30_000,
): Promise<BenchStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${base}/v1/device/events`,
      { agent, localAddress, headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`stream answered ${res.statusCode}`));
        }
        clearTimeout(timer);
        const stream: BenchStream = { close: () => req.destroy() };
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let i;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const event = block.split('\n').find((l) => l.startsWith('event:'));
            const data = block.split('\n').find((l) => l.startsWith('data:'));
            if (!event || !data) continue;
            const name = event.slice(6).trim();
            const parsed = JSON.parse(data.slice(5)) as Record<string, unknown>;
            stream.onEvent?.(name, parsed, at);
            if (name === 'delivery')
              stream.onDelivery?.(parsed.delivery as { id: string; status: string }, at);
          }
        });
        res.on('error', () => {});
        resolve(stream);
      },
    );
    req.on('error', reject);
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('stream did not open in time'));
    }, timeoutMs);
  });
}

/** Opens `count` streams for bench devices `first`…, `concurrency` at a time. */
export async function openMany(
  base: string,
  tokens: readonly string[],
  concurrency = 100,
): Promise<BenchStream[]> {
  const streams: BenchStream[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tokens.length) }, async () => {
      while (next < tokens.length) {
        const i = next++;
        streams[i] = await openStream(base, tokens[i]!, fromAddress(i));
      }
    }),
  );
  return streams;
}
