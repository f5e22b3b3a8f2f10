import type { FastifyBaseLogger } from 'fastify';
import type { Notifier } from '../app/shared/notifier.ts';
import { accessTopic } from '../app/shared/notifier.ts';
import type { Deps } from '../app/shared/deps.ts';
import type { StreamAccess, StreamHolder } from '../app/shared/stream-access.ts';
import { streamAccess } from '../app/shared/stream-access.ts';

/** What the guard needs of an open stream (`openStream` in streams.ts makes one). */
export interface GuardedStream {
  write(chunk: string): void;
  onClose(f: () => void): void;
  onBeat(f: () => void): void;
  end(): void;
}

/** setTimeout's longest delay; a session that lives longer is re-checked by heartbeats until then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Keeps a long-lived stream to what its holder may still see. `check` asks the app, from the
 * database, whether the holder still may (their session lives; for an organization's stream,
 * they are still a member, in the same role). It runs:
 * - when the holder's access changes: `access:<account>` is published, on any node, when a
 *   session ends or a membership is removed or changed (and on a listener's reconnect);
 * - on every heartbeat, as a backstop, and when the session is due to expire;
 * - before events go out: each event waits for a check that began after it was published, so an
 *   event published after a revocation has committed never goes out, whichever node it came
 *   from and in whatever order the notifications arrive. A burst of events shares one check.
 *
 * When the holder may no longer see the stream, it gets a last `event: revoked` with the reason
 * and ends. A browser's EventSource reconnects by itself: signed out or removed, it is refused;
 * after a role change, it gets a stream for its new role.
 */
export function guardStream(
  stream: GuardedStream,
  o: { notifier: Notifier; accountId: string; check: () => Promise<StreamAccess>; log: FastifyBaseLogger },
): (chunk: string) => void {
  let pending: string[] = [];
  let checking = false;
  let again = false;
  let ended = false;
  /** Events were held back by a check that failed: once one succeeds, the client re-reads. */
  let missed = false;
  let expiry: NodeJS.Timeout | undefined;

  const run = async (): Promise<void> => {
    if (ended) return;
    if (checking) return void (again = true);
    checking = true;
    let batch: string[] = [];
    try {
      do {
        again = false;
        batch = pending;
        pending = [];
        const access = await o.check();
        if (ended) return;
        if (!access.allowed) {
          stream.write(`event: revoked\ndata: ${JSON.stringify({ reason: access.reason })}\n\n`);
          return stream.end();
        }
        if (missed) stream.write('event: refresh\ndata: {}\n\n');
        missed = false;
        for (const chunk of batch) stream.write(chunk);
        batch = [];
        clearTimeout(expiry);
        const untilExpiry = access.sessionExpiresAt.getTime() - Date.now() + 10;
        if (untilExpiry < MAX_TIMER_MS) {
          expiry = setTimeout(() => void run(), Math.max(untilExpiry, 0));
          expiry.unref();
        }
      } while (again || pending.length > 0);
    } catch (err) {
      // The database is out of reach: nothing goes out unchecked, and the stream stays open. What
      // was held back is dropped; the next check that succeeds (a heartbeat, a notification, the
      // listener's reconnect) tells the client to re-read instead.
      o.log.warn({ err }, "could not re-check a stream's access; holding its events back");
      missed ||= batch.length > 0 || pending.length > 0;
      pending = [];
    } finally {
      checking = false;
    }
  };

  stream.onClose(() => {
    ended = true;
    pending = [];
    clearTimeout(expiry);
  });
  stream.onClose(o.notifier.subscribe(accessTopic(o.accountId), () => void run()));
  stream.onBeat(() => void run());
  // Once now: the access may have changed between the request's check and the subscription.
  void run();
  return (chunk) => {
    if (ended) return;
    pending.push(chunk);
    void run();
  };
}

/**
 * A person's live feed (the portal's or the console's): deliveries and refreshes published on
 * `topic`, through the guard, so that it stops with `event: revoked` once its holder may no
 * longer see it.
 */
export function followTopic(
  stream: GuardedStream,
  deps: Deps,
  holder: StreamHolder,
  topic: string,
  log: FastifyBaseLogger,
): void {
  const send = guardStream(stream, {
    notifier: deps.notifier,
    accountId: holder.accountId,
    check: () => streamAccess(deps, holder),
    log,
  });
  stream.onClose(
    deps.notifier.subscribe(topic, (payload) => {
      const p = payload as { delivery?: unknown } | undefined;
      if (p?.delivery) send(`event: delivery\ndata: ${JSON.stringify({ delivery: p.delivery })}\n\n`);
      else send('event: refresh\ndata: {}\n\n');
    }),
  );
}
