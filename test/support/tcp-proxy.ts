import { once } from 'node:events';
import type { Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';

/**
 * A TCP proxy a test puts between the service and its database, to cut the database off and
 * bring it back without touching the real server (which other tests share). While cut, the
 * listener is closed (new connections are refused) and every open connection is destroyed.
 */
export class TcpProxy {
  port = 0;
  readonly #target: { host: string; port: number };
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await proxy.#listen(0);
    return proxy;
  }

  /** The same database URL, through this proxy. */
  static urlThrough(databaseUrl: string, proxy: TcpProxy): string {
    const u = new URL(databaseUrl);
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    return u.toString();
  }

  static targetOf(databaseUrl: string): { host: string; port: number } {
    const u = new URL(databaseUrl);
    return { host: u.hostname, port: Number(u.port || 5432) };
  }

  async #listen(port: number): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.#target.port, this.#target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    this.#server = server;
    this.port = (server.address() as { port: number }).port;
  }

  get cut(): boolean {
    return !this.#server?.listening;
  }

  /** The database becomes unreachable: connections drop, new ones are refused. */
  async cutOff(): Promise<void> {
    const server = this.#server!;
    const closed = new Promise<void>((r) => server.close(() => r()));
    for (const s of this.#sockets) s.destroy();
    await closed;
  }

  /** The database is reachable again, on the same port. */
  async restore(): Promise<void> {
    await this.#listen(this.port);
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    const server = this.#server;
    if (server?.listening) await new Promise<void>((r) => server.close(() => r()));
  }
}
