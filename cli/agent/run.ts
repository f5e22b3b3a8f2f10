import { SeatEvents } from './seat-events.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeviceApi, DisconnectedError, describeError } from './api.ts';
import { LOST_CODE, REPORTED_LOST, whyDisconnected } from './lost.ts';
import { Deliveries } from './deliveries.ts';
import type { InstalledApp } from './options.ts';
import { DEFAULT_RETRY_MS, backoff, formatMs } from './retry.ts';
import { SseParser, readEventStream } from './sse.ts';
import type { SseItem } from './sse.ts';
import { UserInput } from './user-input.ts';

/**
 * The agent's run loop: keep the event stream open, fall back to checking in while it is down,
 * and hand every delivery seen to ./deliveries.ts, which takes it through
 * ack → (action-required → the user) → complete.
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
  /** Called after each check-in that reached the service (the offline licence is refreshed then). */
  afterCheckIn?: () => Promise<void>;
  /** The longest wait between attempts to reopen the stream. */
  maxBackoffMs?: number;
  /**
   * Once the server has shown that it sends heartbeats, this much silence means the connection
   * is dead even if the socket looks open (a sleeping laptop, a proxy that dropped it).
   */
  idleTimeoutMs?: number;
};

/** Runs until stopped; resolves the process exit code: 0 stopped or done (--once), 2 disconnected, 1 a bug. */
export function runAgent(settings: RunSettings): Promise<number> {
  return new Agent(settings).run();
}

class Agent {
  private readonly settings: RunSettings;
  private readonly print: (line: string) => void;
  private readonly stop = new AbortController();
  private readonly api: DeviceApi;
  /** Revocations and reserves: ./seat-events.ts. */
  private readonly seats: SeatEvents;
  private readonly parser = new SseParser();
  private readonly maxBackoffMs: number;
  private readonly idleTimeoutMs: number;
  private finish!: (code: number) => void;
  private readonly finished: Promise<number>;
  private stopped = false;

  private user: UserInput | undefined;
  /** Made when the run starts, once it is known whether a user answers. */
  private deliveries!: Deliveries;

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
    this.seats = new SeatEvents(this.api, this.print);
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
    this.deliveries = new Deliveries({
      api: this.api,
      print: this.print,
      user: this.user,
      stopped: this.stop.signal,
      once: this.settings.once,
      maxBackoffMs: this.maxBackoffMs,
      end: (code) => this.end(code),
      fatal: (err) => this.fatal(err),
    });
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
    if (err instanceof DisconnectedError && err.code === LOST_CODE) {
      this.end(2, REPORTED_LOST);
    } else if (err instanceof DisconnectedError) {
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
        await sleep(backoff(this.retryMs, failures, this.maxBackoffMs), undefined, {
          signal: this.stop.signal,
        });
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
    void this.seats.catchUp();
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
          // Sent just before the service closes the stream of a device removed from its account;
          // one more request learns why (a device reported lost is told so).
          return void whyDisconnected(this.api).then((err) => this.fatal(err));
        }
        if (item.event === 'revocation' || item.event === 'reserve')
          return this.seats.onEvent(item.event, item.data);
        if (item.event !== 'delivery') return; // other events are for newer agents
        try {
          const payload = JSON.parse(item.data) as { delivery?: unknown };
          this.deliveries.onDelivery(payload.delivery);
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
      for (const delivery of deliveries) this.deliveries.onDelivery(delivery);
      this.deliveries.noticeGone(askedAt, new Set(deliveries.map((d) => (d as { id?: unknown }).id)));
      await this.settings.afterCheckIn?.();
    } catch (err) {
      if (this.stopped) return;
      if (err instanceof DisconnectedError) return this.fatal(err);
      const text = describeError(err);
      // While the server is down every poll fails the same way; say it once.
      if (text !== this.lastCheckInError) this.print(`Check-in failed: ${text}.`);
      this.lastCheckInError = text;
    }
  }
}

class IdleTimeout extends Error {
  constructor(limit: number) {
    super(`nothing arrived for ${formatMs(limit)}, not even a heartbeat`);
    this.name = 'IdleTimeout';
  }
}
