import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

/** One client cannot take a node down by opening connections and never finishing them. */
describe(`connection floods (${DIALECT})`, () => {
  let server: TestServer;
  const sockets: Socket[] = [];
  before(async () => {
    server = await startTestServer({
      connections: { perClient: 300, idleMs: 2_000, headersMs: 1_500, keepAliveMs: 1_000 },
    });
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await server.close();
  });

  /** A socket from a given loopback address; resolves once connected or refused. */
  const open = (localAddress: string) =>
    new Promise<Socket>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: server.port, localAddress });
      s.on('error', () => {});
      s.once('connect', () => resolve(s));
      s.once('close', () => resolve(s));
      sockets.push(s);
    });

  /** GET /healthz from another client address, timed. */
  const health = (localAddress: string) =>
    new Promise<{ status: number; ms: number }>((resolve, reject) => {
      const started = performance.now();
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/healthz', localAddress, agent: false },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  /** What the server holds: the evidence that counts (a client may believe a refused connection is open). */
  const held = () =>
    new Promise<number>((resolve, reject) =>
      server.service.app.server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
    );

  it('thousands of idle sockets from one address: its share is capped, and /healthz still answers others at once', async () => {
    await Promise.all(Array.from({ length: 1_500 }, () => open('127.0.0.3')));
    assert.ok((await held()) <= 300, `the server holds at most the flooding client's share: ${await held()}`);
    const answer = await health('127.0.0.4');
    assert.equal(answer.status, 200);
    assert.ok(answer.ms < 3_000, `healthz answered in ${answer.ms.toFixed(0)} ms`);
    // And the idle ones are let go: the server holds none of them after the idle timeout.
    const deadline = Date.now() + 10_000;
    while ((await held()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await held(), 0, 'idle connections are closed');
    for (const s of sockets.splice(0)) s.destroy();
  });

  it(
    'a bare connection, a half-sent request and a slow drip of headers are all closed by the server',
    { timeout: 15_000 },
    async () => {
      const started = Date.now();
      const closedAfter = (first: string, drip: boolean) =>
        new Promise<number>((resolve) => {
          const s = connect({ host: '127.0.0.1', port: server.port });
          s.on('error', () => {});
          s.on('data', () => {});
          if (first) s.write(first);
          // A slow sender keeps the socket busy: only the headers timeout catches it.
          const timer = drip ? setInterval(() => !s.destroyed && s.write('X-Slow: 1\r\n'), 300) : undefined;
          s.once('close', () => {
            clearInterval(timer);
            resolve(Date.now() - started);
          });
        });
      const times = await Promise.all([
        closedAfter('', false),
        closedAfter('GET /healthz HTTP/1.1\r\nHost: x\r\n', false),
        closedAfter('GET /healthz HTTP/1.1\r\n', true),
      ]);
      for (const ms of times) assert.ok(ms < 10_000, `closed after ${ms} ms`);
    },
  );
});
