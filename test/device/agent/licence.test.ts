import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AgentProcess } from '../../support/agent.ts';
import { ManualClock, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

/**
 * The agent's offline licence: fetched when it starts online and kept in the state file,
 * verified with `jose` and the saved keys without the network (`--licence`, and when the server
 * cannot be reached), and refused when it has been altered or has expired.
 */
describe('device agent: the offline licence', () => {
  let server: TestServer;
  let dir: string;
  const agents: AgentProcess[] = [];
  const agent = (args: string[]) => {
    const started = new AgentProcess(args);
    agents.push(started);
    return started;
  };
  before(async () => {
    server = await startTestServer({ heartbeatMs: 500 });
    dir = mkdtempSync(join(tmpdir(), 'seatpost-licence-'));
  });
  after(async () => {
    await Promise.all(agents.map((a) => a.stop('SIGKILL')));
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A device connected through the API, saved as an earlier run would leave it; its state file. */
  async function savedDevice(on: TestServer, name: string) {
    const customer = await on.newCustomer();
    const device = await on.newDevice(customer);
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ server: on.url, deviceId: device.deviceId, token: device.token }));
    return { customer, device, path };
  }

  /** Runs the agent once to fetch and save the licence. */
  async function startOnline(path: string) {
    const run = agent(['--state', path]);
    const line = await run.waitFor('Licence valid until ');
    await run.stop('SIGTERM');
    return line;
  }

  async function printed(path: string) {
    const run = agent(['--state', path, '--licence']);
    const code = await run.exited;
    return { code, text: run.lines.join('\n'), stderr: run.stderr };
  }

  test('fetched and saved at start; --licence prints it verified with the saved keys', async () => {
    const { customer, device, path } = await savedDevice(server, 'online');
    const none = await printed(path);
    assert.equal(none.code, 3, 'no licence before the first start');
    assert.match(none.stderr, /Licence refused: no licence is saved yet/);
    const product = await server.createProduct();
    const sub = await server.subscriptionFor(customer, { product: product.id });
    const sent = await server.send(customer, sub.id, [device.deviceId]);
    const deliveryId = sent.body.results[0].delivery.id;
    await device.api.post(`/v1/device/deliveries/${deliveryId}/ack`);
    assert.equal((await device.api.post(`/v1/device/deliveries/${deliveryId}/complete`)).status, 200);

    assert.match(await startOnline(path), / for 1 subscription\(s\)\.$/);
    const shown = await printed(path);
    assert.equal(shown.code, 0, shown.stderr);
    const claims = JSON.parse(shown.text);
    assert.equal(claims.sub, device.deviceId);
    assert.equal(claims.iss, server.url);
    assert.deepEqual(
      claims.subscriptions.map((s: { id: string }) => s.id),
      [sub.id],
    );
  });

  test('a tampered licence is refused', async () => {
    const { path } = await savedDevice(server, 'tampered');
    await startOnline(path);
    assert.equal((await printed(path)).code, 0);
    const state = JSON.parse(readFileSync(path, 'utf8'));
    const [h, p, s] = state.licence.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    claims.subscriptions.push({ id: 'free', product: 'everything', expiresAt: '2999-01-01T00:00:00.000Z' });
    state.licence = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
    writeFileSync(path, JSON.stringify(state));
    const refused = await printed(path);
    assert.equal(refused.code, 3);
    assert.match(
      refused.stderr,
      /Licence refused: the saved licence is not valid \(ERR_JWS_SIGNATURE_VERIFICATION_FAILED\)/,
    );
  });

  test('an expired licence is refused, by --licence and by a running agent', async () => {
    // A server whose clock is 31 days behind hands out licences that have already expired.
    const past = await startTestServer({ clock: new ManualClock(new Date(Date.now() - 31 * 86_400_000)) });
    try {
      const { device, path } = await savedDevice(past, 'expired');
      const run = agent(['--state', path]);
      await run.waitFor('Licence refused: the licence has expired');
      await run.stop('SIGTERM');
      const state = JSON.parse(readFileSync(path, 'utf8'));
      assert.equal(state.licence, undefined, 'an expired licence is not kept');
      state.licence = (await device.api.get('/v1/device/licence')).body;
      state.jwks = (await past.anonymous().get('/.well-known/jwks.json')).body;
      writeFileSync(path, JSON.stringify(state));
      const refused = await printed(path);
      assert.equal(refused.code, 3);
      assert.match(refused.stderr, /Licence refused: the licence has expired/);
    } finally {
      await past.close();
    }
  });

  test('without the network the agent keeps working on the saved licence while it is valid', async () => {
    const away = await startTestServer();
    const { path } = await savedDevice(away, 'offline');
    await startOnline(path);
    await away.close();
    const offline = agent(['--state', path]);
    await offline.waitFor('Working offline: the saved licence is valid until ');
    await offline.stop('SIGTERM');
    assert.equal((await printed(path)).code, 0);
  });
});
