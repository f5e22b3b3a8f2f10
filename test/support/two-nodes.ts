import { after, before } from 'node:test';
import type { TestDatabase } from './databases.ts';
import { TEST_PG_URL, freshDatabase } from './databases.ts';
import { Client } from './http.ts';
import { ManualClock, startTestServer } from './server.ts';
import type { Customer, TestServer } from './server.ts';
import { TcpProxy } from './tcp-proxy.ts';

/**
 * The setup the multi-node tests (test/api/multi-node.*.test.ts) share. Many nodes on one
 * PostgreSQL: two servers share a database, and what one does reaches the streams the other
 * holds. PostgreSQL only: the embedded SQLite database runs one process.
 */
export const skipWithoutPostgres = TEST_PG_URL
  ? false
  : 'many nodes need PostgreSQL (set SEATPOST_TEST_DATABASE_URL); the embedded SQLite database runs one process';

/** The same customer, signed in through another node (same auth secret, same session). */
export function through(node: TestServer, customer: Customer): Client {
  const api = new Client(node.url, { origin: node.url });
  api.cookies = new Map(customer.api.cookies);
  return api;
}

export interface TwoNodes {
  db: TestDatabase;
  /** Node B reaches the database through this proxy, which the tests can cut. */
  proxy: TcpProxy;
  a: TestServer;
  b: TestServer;
  /** Both nodes' clock. */
  clock: ManualClock;
}

/**
 * Call inside a `describe`: its `before` starts node A and node B (B through the proxy, with A's
 * secrets) on a fresh database; its `after` stops them and drops the database. The fields are
 * set once `before` has run.
 */
export function twoNodesOnOnePostgres(): TwoNodes {
  const nodes: Partial<TwoNodes> & { clock: ManualClock } = { clock: new ManualClock() };
  before(async () => {
    const { clock } = nodes;
    const db = (nodes.db = await freshDatabase());
    nodes.a = await startTestServer({ databaseUrl: db.url, clock, deliveryWindowMs: 3_600_000 });
    const proxy = (nodes.proxy = await TcpProxy.start(TcpProxy.targetOf(db.url)));
    nodes.b = await startTestServer({
      databaseUrl: TcpProxy.urlThrough(db.url, proxy),
      clock,
      deliveryWindowMs: 3_600_000,
      secrets: nodes.a.secrets,
      logger: !!process.env.DEBUG_B,
    });
  });
  after(async () => {
    await nodes.b?.stop();
    await nodes.a?.stop();
    await nodes.proxy?.close();
    await nodes.db?.drop();
  });
  return nodes as TwoNodes;
}
