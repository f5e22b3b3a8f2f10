import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AgentProcess } from '../../support/agent.ts';
import { startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

/**
 * `--device-flow`: the agent connects without a code typed into it (RFC 8628). It shows the
 * address and the user code, polls at the interval the service gives (short here: a setting),
 * and once the person approves in the portal it saves the token and runs as usual.
 */
let server: TestServer;
let dir: string;
const agents: AgentProcess[] = [];

before(async () => {
  server = await startTestServer({ heartbeatMs: 500, settings: { deviceFlowIntervalMs: 300 } });
  dir = mkdtempSync(join(tmpdir(), 'seatpost-device-flow-'));
});
after(async () => {
  await Promise.all(agents.map((a) => a.stop('SIGKILL')));
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function agent(args: string[]): AgentProcess {
  const started = new AgentProcess(['--server', server.url, '--device-flow', ...args]);
  agents.push(started);
  return started;
}

/** The user code the agent shows, from its "To connect, open … and enter the code …" line. */
async function shownCode(run: AgentProcess): Promise<{ uri: string; code: string }> {
  const line = await run.waitFor('To connect, open ');
  const m = /^To connect, open (\S+) and enter the code ([A-Z]{4}-[A-Z]{4})/.exec(line);
  assert.ok(m, line);
  return { uri: m[1]!, code: m[2]! };
}

describe('device agent: --device-flow', () => {
  test('shows the code, is approved in the portal, saves the connection and completes a delivery', async () => {
    const customer = await server.newCustomer();
    const product = await server.createProduct({ name: 'Seatpost TV Security' });
    const subscription = await server.subscriptionFor(customer, { product: product.id });
    const statePath = join(dir, 'tv.json');
    const run = agent(['--state', statePath, '--name', 'Kitchen TV', '--platform', 'linux', '--once']);

    const { uri, code } = await shownCode(run);
    assert.equal(uri, `${server.url}/device`);
    // Some polls go by unanswered (authorization_pending) before the person gets to it.
    await new Promise((r) => setTimeout(r, 1_000));
    const seen = await customer.api.post('/v1/me/device-authorizations/lookup', { userCode: code });
    assert.equal(seen.body.deviceName, 'Kitchen TV');
    assert.equal(seen.body.platform, 'linux');
    const approved = await customer.api.post('/v1/me/device-authorizations/approve', { userCode: code });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));

    const connected = await run.waitFor('Connected as device ');
    const deviceId = connected.split(' ')[3]!;
    await run.waitFor('Listening for deliveries');
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, string>;
    assert.equal(state.deviceId, deviceId);

    const sent = await server.send(customer, subscription.id, [deviceId]);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.ok(sent.body.results[0].delivery, `refused: ${JSON.stringify(sent.body.results[0])}`);
    const deliveryId = sent.body.results[0].delivery.id as string;
    await run.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await run.exited, 0);

    // Started again, it uses the saved connection instead of asking for a new code.
    const again = agent(['--state', statePath, '--once']);
    await again.waitFor(`Connected as device ${deviceId}`);
    assert.equal(again.has('To connect, open '), false);
    await again.stop();
  });

  test('denied in the portal: says so and exits 1', async () => {
    const customer = await server.newCustomer();
    const run = agent(['--name', 'Unknown box']);
    const { code } = await shownCode(run);
    const denied = await customer.api.post('/v1/me/device-authorizations/deny', { userCode: code });
    assert.equal(denied.status, 200, JSON.stringify(denied.body));
    assert.equal(await run.exited, 1);
    assert.match(run.stderr, /denied in the portal/);
  });

  test('--device-flow and --code together are a usage error', async () => {
    const run = new AgentProcess(['--device-flow', '--code', 'ABCDE-FGHJK']);
    agents.push(run);
    assert.equal(await run.exited, 1);
    assert.match(run.stderr, /--code.*--device-flow/);
  });
});
