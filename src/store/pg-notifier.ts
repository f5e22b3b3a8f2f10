import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from './database.ts';

/** The in-process side: the streams of this node subscribe to it. */
export interface LocalHub {
  publish(topic: string, payload?: unknown): void;
  subscribe(topic: string, listener: (payload: unknown) => void): () => void;
  /** Tells every listener "something may have changed" (after notifications may have been missed). */
  wakeAll(): void;
  close(): Promise<void>;
}

export interface PgNotifierOptions {
  /** The database to LISTEN on (notifications are per database). */
  url: string;
  /** The shared pool that sends NOTIFY. */
  db: Db;
  local: LocalHub;
  channel?: string;
  log?: (level: 'info' | 'warn', msg: string, err?: unknown) => void;
  /** How often the listener's connection is checked, so that a silently dead one is replaced. */
  pingMs?: number;
}

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; keep a margin. */
const MAX_PAYLOAD_BYTES = 7_800;

type Message = [topic: string, payload?: unknown];

/**
 * The notifier of many nodes on one PostgreSQL: LISTEN/NOTIFY. A publish reaches this node's
 * streams at once, and the other nodes' through one NOTIFY on the channel; publishes made in the
 * same tick go out together, packed into as few payloads (and one round trip) as fit. Each node
 * keeps one dedicated connection for LISTEN; if it drops, the node reconnects by itself, with
 * backoff, and then wakes every local stream, which re-reads what it may have missed (the device
 * stream reads its events after its last id, so nothing is lost or sent twice).
 */
export class PgNotifier {
  readonly nodeId = randomUUID();
  /** How many times the listener has connected; a reconnect makes it grow. */
  connections = 0;
  readonly #o: Required<Omit<PgNotifierOptions, 'log'>> & Pick<PgNotifierOptions, 'log'>;
  #queue: Message[] = [];
  #flushing: Promise<void> | null = null;
  #client: pg.Client | undefined;
  #closed = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #pingTimer: NodeJS.Timeout | undefined;
  #backoffMs = 100;

  constructor(options: PgNotifierOptions) {
    this.#o = { channel: 'seatpost', pingMs: 10_000, ...options };
  }

  /** Connects the listener; the service starts serving streams only after this. */
  async start(): Promise<void> {
    await this.#listen();
    this.#pingTimer = setInterval(() => void this.#ping(), this.#o.pingMs);
    this.#pingTimer.unref();
  }

  get listening(): boolean {
    return this.#client !== undefined;
  }

  publish(topic: string, payload?: unknown): void {
    this.#o.local.publish(topic, payload);
    if (this.#closed) return;
    this.#queue.push(payload === undefined ? [topic] : [topic, payload]);
    this.#flushing ??= this.#flush();
  }

  subscribe(topic: string, listener: (payload: unknown) => void): () => void {
    return this.#o.local.subscribe(topic, listener);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    // Publishes made by the last requests still go out.
    await this.#flushing;
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#pingTimer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
    await this.#o.local.close();
  }

  async #flush(): Promise<void> {
    // Let the rest of this tick's publishes (a send to many devices) join the batch.
    await Promise.resolve();
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0);
        await this.#notify(pack(this.nodeId, batch));
      }
    } finally {
      this.#flushing = null;
    }
  }

  async #notify(payloads: string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await sql`select pg_notify(${this.#o.channel}, p) from unnest(${payloads}::text[]) as p`.execute(
          this.#o.db,
        );
        return;
      } catch (err) {
        if (attempt >= 3 || this.#closed) {
          // The other nodes' streams catch up when their listener reconnects or the app checks in.
          this.#o.log?.('warn', 'could not notify the other nodes', err);
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  #receive(text: string | undefined): void {
    if (!text) return;
    let message: { n?: string; m?: Message[] };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (message.n === this.nodeId || !Array.isArray(message.m)) return;
    for (const [topic, payload] of message.m) this.#o.local.publish(topic, payload);
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#o.url,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    client.on('notification', (m) => {
      if (m.channel === this.#o.channel) this.#receive(m.payload);
    });
    client.on('error', (err) => this.#lost(client, err));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`listen "${this.#o.channel.replace(/"/g, '""')}"`);
    } catch (err) {
      client.removeAllListeners('end');
      client.removeAllListeners('error');
      client.on('error', () => {});
      void client.end().catch(() => {});
      throw err;
    }
    if (this.#closed) return void (await client.end().catch(() => {}));
    this.#client = client;
    this.connections++;
  }

  #lost(client: pg.Client, err?: unknown): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.on('error', () => {});
    void client.end().catch(() => {});
    if (this.#closed) return;
    this.#o.log?.('warn', 'lost the PostgreSQL notification listener; reconnecting', err);
    this.#reconnectSoon();
  }

  #reconnectSoon(): void {
    if (this.#closed || this.#reconnectTimer) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#listen().then(
        () => {
          this.#backoffMs = 100;
          this.#o.log?.('info', 'notification listener reconnected; waking every stream of this node');
          this.#o.local.wakeAll();
        },
        () => {
          this.#backoffMs = Math.min(this.#backoffMs * 2, 2_000);
          this.#reconnectSoon();
        },
      );
    }, this.#backoffMs);
    this.#reconnectTimer.unref();
  }

  /** A connection can die without a word (a dropped route): a query that does not answer says so. */
  async #ping(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    try {
      await client.query({ text: 'select 1', query_timeout: 5_000 } as pg.QueryConfig);
    } catch (err) {
      this.#lost(client, err);
    }
  }
}

/** Packs messages into NOTIFY payloads under PostgreSQL's size limit, in order. */
export function pack(nodeId: string, messages: readonly Message[]): string[] {
  const head = `{"n":${JSON.stringify(nodeId)},"m":[`;
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = head.length + 2;
  for (const m of messages) {
    let json = JSON.stringify(m);
    // Too big to carry (a large payload): send the topic alone; listeners then re-read.
    if (Buffer.byteLength(json) > MAX_PAYLOAD_BYTES - head.length - 2) json = JSON.stringify([m[0]]);
    const bytes = Buffer.byteLength(json) + 1;
    if (parts.length > 0 && size + bytes > MAX_PAYLOAD_BYTES) {
      payloads.push(head + parts.join(',') + ']}');
      parts = [];
      size = head.length + 2;
    }
    parts.push(json);
    size += bytes;
  }
  if (parts.length > 0) payloads.push(head + parts.join(',') + ']}');
  return payloads;
}
