import { createInterface } from 'node:readline';
import type { Interface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryStatus, DeviceDelivery } from './api.ts';
import { ApiError, DeviceApi, DisconnectedError, FINAL_STATUSES, describeError, isTransient } from './api.ts';
import type { InstalledApp } from './options.ts';
import { SseParser, readEventStream } from './sse.ts';
import type { SseItem } from './sse.ts';
import { describeReasons } from './words.ts';

/**
 * The agent's run loop: keep the event stream open, fall back to checking in while it is down,
 * and take every delivery through ack → (action-required → the user) → complete.
 */

export type RunSettings = {
  server: string;
  token: string;
  apps: InstalledApp[];
  region?: string | undefined;
  askUser: boolean;
  pollIntervalMs: number;
  once: boolean;
  /** One line per event; the line's first words are stable (see the README of cli/agent.ts). */
  print: (line: string) => void;
  /** Where the user's lines come from with --ask-user. */
  input?: NodeJS.ReadableStream;
  /** Aborting it stops the agent (SIGINT, SIGTERM); run then resolves 0. */
  signal?: AbortSignal;
  /** The longest wait between attempts to reopen the stream. */
  maxBackoffMs?: number;
  /**
   * Once the server has shown that it sends heartbeats, this much silence means the connection
   * is dead even if the socket looks open (a sleeping laptop, a proxy that dropped it).
   */
  idleTimeoutMs?: number;
};

/** "Ended": the service said the delivery is final but not which status; an event may tell us later. */
type Settled = DeliveryStatus | 'ended';

type Task = {
  controller: AbortController;
  signal: AbortSignal;
  /** When it began waiting for the user (performance.now()), or undefined while it is not. */
  waitingSince: number | undefined;
};

const DEFAULT_RETRY_MS = 1000;

/** Runs until stopped; resolves the process exit code: 0 stopped or done (--once), 2 disconnected, 1 a bug. */
export function runAgent(settings: RunSettings): Promise<number> {
  return new Agent(settings).run();
}

class Agent {
  private readonly settings: RunSettings;
  private readonly print: (line: string) => void;
  private readonly stop = new AbortController();
  private readonly api: DeviceApi;
  private readonly parser = new SseParser();
  private readonly maxBackoffMs: number;
  private readonly idleTimeoutMs: number;
  private finish!: (code: number) => void;
  private readonly finished: Promise<number>;
  private stopped = false;

  /** Deliveries being handled now; a second sighting of one of them is ignored. */
  private readonly active = new Map<string, Task>();
  /** Deliveries whose final status has been reported, so that a replay or a check-in does not report it again. */
  private readonly settled = new Map<string, Settled>();
  private user: UserInput | undefined;

  private listening = false;
  private streamDown = false;
  private streamAbort: AbortController | undefined;
  private pollAbort: AbortController | undefined;
  private retryMs = DEFAULT_RETRY_MS;
  private heartbeats = false;
  private watchdog: NodeJS.Timeout | undefined;
  private lastCheckInError: string | undefined;

  constructor(settings: RunSettings) {
    this.settings = settings;
    this.print = settings.print;
    this.api = new DeviceApi(settings.server, settings.token, this.stop.signal);
    this.maxBackoffMs = settings.maxBackoffMs ?? 30_000;
    this.idleTimeoutMs = settings.idleTimeoutMs ?? 90_000;
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  async run(): Promise<number> {
    const external = this.settings.signal;
    const onStop = () => this.end(0, 'Stopped.');
    if (external?.aborted) return 0;
    external?.addEventListener('abort', onStop, { once: true });
    if (this.settings.askUser) this.user = new UserInput(this.settings.input ?? process.stdin, this.print);
    this.streamLoop().catch((err: unknown) => this.fatal(err));
    try {
      return await this.finished;
    } finally {
      external?.removeEventListener('abort', onStop);
      clearTimeout(this.watchdog);
      this.user?.close();
    }
  }

  /** Stops everything once; later calls (a second signal, a late error) change nothing. */
  private end(code: number, line?: string): void {
    if (this.stopped) return;
    this.stopped = true;
    if (line) this.print(line);
    this.stop.abort();
    this.finish(code);
  }

  private fatal(err: unknown): void {
    if (this.stopped) return;
    if (err instanceof DisconnectedError) {
      this.end(
        2,
        'Disconnected: this device is no longer connected to the account; connect it again with a ' +
          `new code (--code). The service said: ${err.message}`,
      );
    } else {
      this.end(1, `Agent error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  // ---- The event stream ---------------------------------------------------------------------

  private async streamLoop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const connection = new AbortController();
      this.streamAbort = connection;
      // A half-received event from the previous connection must not merge with the next one.
      this.parser.end();
      let reason: string;
      try {
        const body = await this.api.openEvents(this.parser.lastEventId, connection.signal);
        failures = 0;
        this.streamOpened();
        await readEventStream(
          body,
          this.parser,
          (item) => this.onItem(item),
          () => this.touch(),
        );
        reason = 'the server closed the connection';
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof DisconnectedError) throw err;
        reason =
          connection.signal.reason instanceof IdleTimeout
            ? connection.signal.reason.message
            : describeError(err);
      } finally {
        clearTimeout(this.watchdog);
        this.watchdog = undefined;
      }
      if (this.stopped) return;
      this.streamLost(reason);
      failures += 1;
      try {
        await sleep(this.backoff(this.retryMs, failures), undefined, { signal: this.stop.signal });
      } catch {
        return; // stopped while waiting
      }
    }
  }

  private streamOpened(): void {
    if (!this.listening) {
      this.listening = true;
      this.print('Listening for deliveries: the live stream is open.');
    } else if (this.streamDown) {
      this.print('Stream restored: receiving deliveries live again; polling stopped.');
    }
    this.streamDown = false;
    this.pollAbort?.abort();
    this.pollAbort = undefined;
    // Anything sent while the stream was closed is not in it: ask for what is waiting.
    void this.checkIn();
  }

  private streamLost(reason: string): void {
    if (this.streamDown) return; // already polling; no need to say it again on every failed retry
    this.streamDown = true;
    this.print(
      `Stream lost: ${reason}. Checking in every ${formatMs(this.settings.pollIntervalMs)} ` +
        'while trying to reopen it.',
    );
    this.startPolling();
  }

  private onItem(item: SseItem): void {
    switch (item.kind) {
      case 'retry':
        this.retryMs = Math.max(item.ms, 100);
        return;
      case 'comment':
        this.heartbeats = true;
        this.touch();
        return;
      case 'event':
        if (item.event === 'disconnected') {
          // Sent just before the service closes the stream of a device removed from its account.
          return this.fatal(new DisconnectedError('the device was removed from the account.'));
        }
        if (item.event !== 'delivery') return; // other events are for newer agents
        try {
          const payload = JSON.parse(item.data) as { delivery?: unknown };
          this.onDelivery(payload.delivery);
        } catch (err) {
          this.print(`Ignored an event that could not be read (${describeError(err)}).`);
        }
        return;
    }
  }

  /** Something arrived: the connection is alive. Restart the silence timer. */
  private touch(): void {
    if (!this.heartbeats || !this.streamAbort) return;
    clearTimeout(this.watchdog);
    const connection = this.streamAbort;
    const limit = this.idleTimeoutMs;
    this.watchdog = setTimeout(() => connection.abort(new IdleTimeout(limit)), limit);
  }

  // ---- Checking in ----------------------------------------------------------------------------

  private startPolling(): void {
    const polling = new AbortController();
    this.pollAbort = polling;
    const signal = AbortSignal.any([polling.signal, this.stop.signal]);
    void (async () => {
      while (!signal.aborted) {
        await this.checkIn();
        if (!this.listening && !signal.aborted) {
          this.listening = true;
          this.print(
            `Listening for deliveries by checking in every ${formatMs(this.settings.pollIntervalMs)} ` +
              'until the live stream opens.',
          );
        }
        try {
          await sleep(this.settings.pollIntervalMs, undefined, { signal });
        } catch {
          return;
        }
      }
    })();
  }

  /** Reports the apps (they may have been updated) and picks up every delivery waiting. Never throws. */
  private async checkIn(): Promise<void> {
    try {
      const { apps, region } = this.settings;
      const askedAt = performance.now();
      const deliveries = await this.api.checkIn(region ? { apps, region } : { apps });
      this.lastCheckInError = undefined;
      for (const delivery of deliveries) this.onDelivery(delivery);
      this.noticeGone(askedAt, new Set(deliveries.map((d) => (d as { id?: unknown }).id)));
    } catch (err) {
      if (this.stopped) return;
      if (err instanceof DisconnectedError) return this.fatal(err);
      const text = describeError(err);
      // While the server is down every poll fails the same way; say it once.
      if (text !== this.lastCheckInError) this.print(`Check-in failed: ${text}.`);
      this.lastCheckInError = text;
    }
  }

  /**
   * A check-in lists only the open deliveries. One that was waiting for the user before we asked
   * and is not listed has become final; without the stream, this is how a cancel is noticed.
   */
  private noticeGone(askedAt: number, open: Set<unknown>): void {
    for (const [id, task] of [...this.active]) {
      if (task.waitingSince === undefined || task.waitingSince > askedAt || open.has(id)) continue;
      this.print(`Delivery ${id} is no longer waiting for you: it was cancelled or expired meanwhile.`);
      this.settle(id, 'ended');
    }
  }

  // ---- Deliveries -----------------------------------------------------------------------------

  /** Every sighting of a delivery, from the stream or a check-in, comes through here. */
  private onDelivery(value: unknown): void {
    if (this.stopped) return;
    if (!isDeviceDelivery(value)) {
      this.print('Ignored a delivery that could not be read.');
      return;
    }
    const delivery = value;
    const known = this.settled.get(delivery.id);
    if (known !== undefined && known !== 'ended') return; // already final and reported
    if (FINAL_STATUSES.includes(delivery.status)) return this.settle(delivery.id, delivery.status);
    if (known === 'ended' || this.active.has(delivery.id)) return; // never handle one twice at once

    const controller = new AbortController();
    const task: Task = {
      controller,
      signal: AbortSignal.any([controller.signal, this.stop.signal]),
      waitingSince: undefined,
    };
    this.active.set(delivery.id, task);
    this.handle(delivery, task)
      .catch((err: unknown) => this.fatal(err))
      .finally(() => {
        if (this.active.get(delivery.id) === task) this.active.delete(delivery.id);
      });
  }

  private async handle(delivery: DeviceDelivery, task: Task): Promise<void> {
    const { id, subscription } = delivery;
    const resuming = delivery.status === 'pending' ? '' : ` (resuming: it was ${delivery.status})`;
    this.print(
      `Received delivery ${id}: ${subscription.productName} for ${subscription.app}, ` +
        `${subscription.kind}, renewal ${subscription.renewal}, expires ${day(subscription.expiresAt)}${resuming}.`,
    );
    try {
      let status = delivery.status;
      if (status === 'pending') {
        await this.step(id, task, () => this.api.ack(id));
        if (task.signal.aborted) return;
        this.print(`Acknowledged delivery ${id}: the app has it and is applying it.`);
        status = 'delivered';
      }
      if (this.user) {
        if (status === 'delivered') {
          await this.step(id, task, () => this.api.actionRequired(id));
          if (task.signal.aborted) return;
        }
        this.print(
          `Waiting for you to finish delivery ${id}: press Enter to start using ` +
            `${subscription.productName} in ${subscription.app}.`,
        );
        task.waitingSince = performance.now();
        await this.user.waitForLine(task.signal);
        task.waitingSince = undefined;
      }
      // Without --ask-user nobody would answer, so one left waiting for a user is completed at once.
      const { activation } = await this.step(id, task, () => this.api.complete(id));
      if (task.signal.aborted) return;
      // The service may leave out the activation (e.g. a repeated complete after it was replaced).
      const current = activation ?? subscription;
      this.print(
        `Completed delivery ${id}: ${current.productName} is now the current subscription of ` +
          `${current.app}, until ${day(current.expiresAt)}.`,
      );
      this.settle(id, 'completed');
    } catch (err) {
      // Cancelled meanwhile (already reported) or the agent is stopping: nothing more to say.
      if (task.signal.aborted) return;
      if (err instanceof ApiError && err.status === 409 && err.problem?.reasons) {
        this.print(`Refused delivery ${id}: ${describeReasons(err.problem.reasons)}.`);
        this.settle(id, 'failed');
      } else if (err instanceof ApiError && err.status < 500) {
        // Final already (cancelled, expired) or gone: the next event, if any, tells which.
        this.print(`Delivery ${id} can no longer be applied: ${err.message}`);
        this.settle(id, 'ended');
      } else {
        throw err;
      }
    }
  }

  /**
   * One call for a delivery, tried again while the failure is transient. Safe because the
   * service accepts a repeated ack, action-required or complete unchanged.
   */
  private async step<T>(id: string, task: Task, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (task.signal.aborted || !isTransient(err)) throw err;
        const delay = this.backoff(DEFAULT_RETRY_MS, attempt);
        this.print(
          `Could not reach the server for delivery ${id} (${describeError(err)}); ` +
            `trying again in ${formatMs(delay)}.`,
        );
        await sleep(delay, undefined, { signal: task.signal });
      }
    }
  }

  /** Records a final status, says what it means to the user, and ends --once. */
  private settle(id: string, status: Settled): void {
    const task = this.active.get(id);
    this.settled.set(id, status);
    if (task) {
      // Stops a wait for the user, a retry or a late answer from acting on a finished delivery.
      this.active.delete(id);
      task.controller.abort();
    }
    if (status === 'cancelled') {
      const more = task?.waitingSince !== undefined ? '; there is nothing left for you to do' : '';
      this.print(`Cancelled delivery ${id}: the sender cancelled it${more}.`);
    } else if (status === 'expired') {
      this.print(`Delivery ${id} expired before it was completed.`);
    } else if (!task && (status === 'completed' || status === 'failed')) {
      // Seen final without us having handled it, e.g. finished by an earlier run.
      this.print(`Delivery ${id} is already ${status}.`);
    }
    if (this.settings.once) this.end(0);
  }

  /** Exponential, capped, with jitter so that many devices do not all come back at the same moment. */
  private backoff(base: number, attempt: number): number {
    const delay = Math.min(this.maxBackoffMs, base * 2 ** Math.min(attempt - 1, 20));
    return Math.round(delay * (0.75 + Math.random() * 0.25));
  }
}

const STDIN_CLOSED =
  'Standard input is closed, so nobody can answer: the delivery stays waiting until it expires.';

class IdleTimeout extends Error {
  constructor(limit: number) {
    super(`nothing arrived for ${formatMs(limit)}, not even a heartbeat`);
    this.name = 'IdleTimeout';
  }
}

/**
 * The user's answers: each line entered on standard input finishes the delivery that has waited
 * longest. Only one delivery to a device is open at a time, so there is normally one waiting.
 */
class UserInput {
  private readonly lines: Interface;
  private readonly print: (line: string) => void;
  private readonly waiting: Array<() => void> = [];
  private closed = false;

  constructor(input: NodeJS.ReadableStream, print: (line: string) => void) {
    this.print = print;
    this.lines = createInterface({ input, terminal: false });
    this.lines.on('line', () => {
      const next = this.waiting.shift();
      if (next) next();
      else print('Nothing is waiting for you right now.');
    });
    this.lines.on('close', () => {
      this.closed = true;
      if (this.waiting.length > 0) print(STDIN_CLOSED);
    });
  }

  /** Resolves on the next line; rejects when `signal` aborts (the delivery was cancelled). */
  waitForLine(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason as Error);
      const onLine = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(onLine);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(onLine);
      if (this.closed) this.print(STDIN_CLOSED);
    });
  }

  close(): void {
    this.lines.close();
  }
}

function isDeviceDelivery(value: unknown): value is DeviceDelivery {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Partial<DeviceDelivery>;
  return (
    typeof d.id === 'string' &&
    typeof d.status === 'string' &&
    typeof d.subscription === 'object' &&
    d.subscription !== null
  );
}

/** "2026-03-01T10:00:00Z" → "2026-03-01": the day is what a user cares about. */
function day(timestamp: string): string {
  return timestamp.slice(0, 10);
}

export function formatMs(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
