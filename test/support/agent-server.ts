import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { AgentProcess } from './agent.ts';
import { startTestServer } from './server.ts';
import type { Customer, TestServer } from './server.ts';

/** The context of the device agent's end-to-end tests: a server, a folder for state files, the agents started. */
export interface AgentServer {
  readonly server: TestServer;
  /** Where the tests keep the agents' state files. */
  readonly dir: string;
  /** Starts the agent CLI with `args`; every agent started is killed after the tests. */
  agent(args: string[]): AgentProcess;
  /** A customer with a subscription for the agent's default app. */
  customerWithSubscription(): Promise<{ customer: Customer; subscriptionId: string }>;
  /** A state file for a device connected through the API, as an earlier run of the agent would leave it. */
  savedConnection(customer: Customer, name: string): Promise<{ path: string; deviceId: string }>;
  /** Sends the subscription to the device; fails the test unless a delivery is made. Its id. */
  send(customer: Customer, subscriptionId: string, deviceId: string): Promise<string>;
  /** The delivery's status as its sender sees it. */
  statusOf(customer: Customer, deliveryId: string): Promise<string>;
}

/**
 * Starts a real server before the tests of the file (or suite) that calls it, and stops it and
 * every agent after them.
 */
export function useAgentServer(): AgentServer {
  let server: TestServer | undefined;
  let dir: string | undefined;
  const agents: AgentProcess[] = [];

  before(async () => {
    // Frequent heartbeats keep the test close to how a long-lived stream behaves.
    server = await startTestServer({ heartbeatMs: 500 });
    dir = mkdtempSync(join(tmpdir(), 'seatpost-agent-'));
  });

  after(async () => {
    await Promise.all(agents.map((agent) => agent.stop('SIGKILL')));
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ctx: AgentServer = {
    get server() {
      assert.ok(server, 'the server starts before the tests');
      return server;
    },
    get dir() {
      assert.ok(dir, 'the folder is made before the tests');
      return dir;
    },

    agent(args) {
      const started = new AgentProcess(args);
      agents.push(started);
      return started;
    },

    async customerWithSubscription() {
      const customer = await ctx.server.newCustomer();
      const product = await ctx.server.createProduct({ name: 'Seatpost Total Security' });
      const subscription = await ctx.server.subscriptionFor(customer, { product: product.id });
      return { customer, subscriptionId: subscription.id };
    },

    async savedConnection(customer, name) {
      const device = await ctx.server.newDevice(customer);
      const path = join(ctx.dir, `${name}.json`);
      writeFileSync(
        path,
        JSON.stringify({ server: ctx.server.url, deviceId: device.deviceId, token: device.token }),
      );
      return { path, deviceId: device.deviceId };
    },

    async send(customer, subscriptionId, deviceId) {
      const answer = await ctx.server.send(customer, subscriptionId, [deviceId]);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const result = answer.body.results[0];
      assert.ok(result.delivery, `refused: ${JSON.stringify(result)}`);
      return result.delivery.id as string;
    },

    async statusOf(customer, deliveryId) {
      const answer = await customer.api.get(`/v1/me/deliveries/${deliveryId}`);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.status as string;
    },
  };
  return ctx;
}
