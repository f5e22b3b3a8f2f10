import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long a connection may take, and how many one client address may hold. */
export interface ConnectionLimits {
  /** A connection that sends nothing and is sent nothing for this long is closed (event streams beat more often). */
  idleMs: number;
  /** The request's headers must have arrived within this. */
  headersMs: number;
  /** The whole request, body included, must have arrived within this (installer uploads are the long ones). */
  requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /**
   * Open connections one client address may hold. An office behind one NAT address may run thousands
   * of devices, each with its event stream, so this is generous; it still keeps one client from
   * taking every file descriptor of the process, so that everyone else (and /healthz) is answered.
   */
  perClient: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  idleMs: 60_000,
  headersMs: 10_000,
  requestMs: 300_000,
  keepAliveMs: 10_000,
  perClient: 5_000,
};

/**
 * Applies the timeouts to the HTTP server and counts connections per client address, closing
 * at once any connection past the client's share.
 */
export function guardConnections(server: Server, limits: ConnectionLimits): void {
  server.headersTimeout = limits.headersMs;
  server.requestTimeout = limits.requestMs;
  server.keepAliveTimeout = limits.keepAliveMs;
  server.setTimeout(limits.idleMs, (socket: Socket) => socket.destroy());
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.perClient) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
