import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Auth } from '../app/accounts/accounts.ts';
import type { Deps } from '../app/shared/deps.ts';
import { deviceFeedAfter, deviceStillConnected, latestDeviceEventId } from '../app/devices/device-feed.ts';
import { accountTopic, deviceTopic } from '../app/shared/notifier.ts';
import { problems } from './route-kit.ts';
import { followTopic } from './stream-guard.ts';
import { requireAccount, requireDevice } from './security.ts';

/** The open event streams of this process, so that shutdown can close them first. */
export class StreamRegistry {
  readonly #open = new Set<() => void>();
  add(close: () => void): () => void {
    this.#open.add(close);
    return () => this.#open.delete(close);
  }
  get size(): number {
    return this.#open.size;
  }
  closeAll(): void {
    for (const close of [...this.#open]) close();
  }
}

export interface Stream {
  write(chunk: string): void;
  onClose(f: () => void): void;
  /** Called at every heartbeat: a backstop for what a stream re-checks (see stream-guard.ts). */
  onBeat(f: () => void): void;
  end(): void;
}

/** Takes over the connection for a text/event-stream, with heartbeats that keep proxies from timing it out. */
export function openStream(
  request: FastifyRequest,
  reply: FastifyReply,
  registry: StreamRegistry,
  heartbeatMs: number,
): Stream {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    // The security headers every answer carries (set by the onRequest hook), then the stream's own.
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': String(request.id),
  });
  res.write('retry: 2000\n\n');
  const closers: (() => void)[] = [];
  const beats: (() => void)[] = [];
  let ended = false;
  let heartbeat: NodeJS.Timeout | undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(heartbeat);
    clearInterval(heartbeat);
    unregister();
    for (const f of closers) f();
    res.end();
  };
  const beat = () => {
    res.write(': heartbeat\n\n');
    for (const f of beats) f();
  };
  // The first beat comes at a random point of the interval, so that thousands of streams opened
  // together (a node restarting, say) do not all beat at once and stall everything else.
  heartbeat = setTimeout(
    () => {
      beat();
      heartbeat = setInterval(beat, heartbeatMs);
      heartbeat.unref();
    },
    Math.max(1, Math.random() * heartbeatMs),
  );
  heartbeat.unref();
  const unregister = registry.add(end);
  request.raw.on('close', end);
  return {
    write: (chunk) => void (!ended && res.write(chunk)),
    onClose: (f) => closers.push(f),
    onBeat: (f) => beats.push(f),
    end,
  };
}

const LastEventId = Type.Object({
  'last-event-id': Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
});

export function streamRoutes(
  deps: Deps,
  auth: Auth,
  registry: StreamRegistry,
  heartbeatMs: number,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/v1/device/events',
      {
        onRequest: requireDevice(deps),
        schema: {
          tags: ['device'],
          security: [{ deviceToken: [] }],
          headers: LastEventId,
          produces: ['text/event-stream'],
          response: {
            200: Type.String({
              description:
                'text/event-stream of `delivery`, `revocation` (acknowledge with POST /v1/device/revocations/{id}/ack) and `reserve` events',
            }),
            ...problems(401),
          },
        },
      },
      async (req, reply) => {
        const device = req.device!;
        // Without Last-Event-ID the app starts from now; it checks in for what already waits.
        const header = req.headers['last-event-id'];
        let lastId = header ? Number(header) : await latestDeviceEventId(deps, device.id);
        const stream = openStream(req, reply, registry, heartbeatMs);
        let running = false;
        let again = false;
        // One pump at a time per stream, so events leave in order and none twice.
        const pump = async () => {
          if (running) return void (again = true);
          running = true;
          try {
            do {
              again = false;
              const feed = await deviceFeedAfter(deps, device.id, lastId);
              if (!feed.connected) {
                stream.write('event: disconnected\ndata: {}\n\n');
                return stream.end();
              }
              for (const e of feed.events) {
                // `event: delivery` with `{ delivery }`, `event: revocation` with `{ revocation }`, …
                const { id, kind, ...data } = e;
                stream.write(`id: ${id}\nevent: ${kind}\ndata: ${JSON.stringify(data)}\n\n`);
                lastId = id;
              }
            } while (again);
          } catch (err) {
            req.log.warn({ err }, 'device stream pump failed; the app will reconnect');
            stream.end();
          } finally {
            running = false;
          }
        };
        stream.onClose(deps.notifier.subscribe(deviceTopic(device.id), () => void pump()));
        // A backstop: each heartbeat checks that the device is still connected (a failed read
        // changes nothing), so a disconnected device's stream ends even if a notification was lost.
        stream.onBeat(() => {
          deviceStillConnected(deps, device.id).then(
            (connected) => void (connected || pump()),
            () => {},
          );
        });
        await pump();
      },
    );

    app.get(
      '/v1/me/events',
      {
        onRequest: requireAccount(auth),
        schema: {
          tags: ['customer'],
          produces: ['text/event-stream'],
          response: {
            200: Type.String({ description: 'text/event-stream of `delivery` and `refresh` events' }),
            ...problems(401),
          },
        },
      },
      async (req, reply) => {
        const holder = { accountId: req.account!.id, sessionId: req.accountSession!.id };
        const stream = openStream(req, reply, registry, heartbeatMs);
        // Ends with `event: revoked` once the session that opened it ends.
        followTopic(stream, deps, holder, accountTopic(holder.accountId), req.log);
      },
    );
  };
}
