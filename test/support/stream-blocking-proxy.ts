import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

export interface StreamBlockingProxy {
  url: string;
  /** Refuses the event stream from now on, and cuts the open ones. */
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the server that can refuse the event stream and cut the open ones
 * while letting every other call through: the stream is lost, but check-ins still work.
 */
export async function startStreamBlockingProxy(target: string): Promise<StreamBlockingProxy> {
  let blocked = false;
  const streams = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const isStream = req.url?.startsWith('/v1/device/events') ?? false;
    if (isStream && blocked) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('stream blocked by the test');
      return;
    }
    const upstream = request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    if (isStream) {
      streams.add(req.socket);
      req.socket.on('close', () => streams.delete(req.socket));
      res.on('close', () => upstream.destroy());
    }
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    block() {
      blocked = true;
      for (const socket of streams) socket.destroy();
    },
    unblock() {
      blocked = false;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
