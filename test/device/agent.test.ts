import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer } from '../support/server.ts';
import { AgentProcess } from '../support/agent.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { SseParser, readEventStream } from '../../cli/agent/sse.ts';
import type { SseItem } from '../../cli/agent/sse.ts';
import { parseAgentArgs, parseApp, parseDuration } from '../../cli/agent/options.ts';

/** Feeds `chunks` one by one, as the network would, and collects everything parsed. */
function parse(chunks: string[], parser = new SseParser()): SseItem[] {
  return chunks.flatMap((chunk) => parser.push(chunk));
}

/** Every way to cut `text` into three pieces: the parser must not care where the network cuts. */
function* splits(text: string): Generator<string[]> {
  for (let i = 0; i <= text.length; i++) {
    for (let j = i; j <= text.length; j++) yield [text.slice(0, i), text.slice(i, j), text.slice(j)];
  }
}

const STREAM =
  ': connected\r\n' +
  'retry: 2500\r\n' +
  '\r\n' +
  'id: 41\r\n' +
  'event: delivery\r\n' +
  'data: {"delivery":\r\n' +
  'data: {"id":"d1"}}\r\n' +
  '\r\n' +
  ':heartbeat\n' +
  '\n' +
  'data:no space\r' +
  'data:  two spaces\r' +
  '\r' +
  'id: 42\n' +
  'event: delivery\n' +
  'data: second\n' +
  '\n';

const EXPECTED: SseItem[] = [
  { kind: 'comment', text: 'connected' },
  { kind: 'retry', ms: 2500 },
  { kind: 'event', event: 'delivery', data: '{"delivery":\n{"id":"d1"}}', id: '41' },
  { kind: 'comment', text: 'heartbeat' },
  { kind: 'event', event: 'message', data: 'no space\n two spaces', id: '41' },
  { kind: 'event', event: 'delivery', data: 'second', id: '42' },
];

describe('SseParser', () => {
  test('parses a whole stream: comments, retry, id, event types, multi-line data, all line endings', () => {
    const parser = new SseParser();
    assert.deepEqual(parse([STREAM], parser), EXPECTED);
    assert.equal(parser.lastEventId, '42');
  });

  test('gives the same result wherever the chunks are cut, including between "\\r" and "\\n"', () => {
    let cases = 0;
    for (const chunks of splits(STREAM)) {
      assert.deepEqual(parse(chunks), EXPECTED, JSON.stringify(chunks));
      cases++;
    }
    assert.ok(cases > 10_000);
  });

  test('one character at a time', () => {
    assert.deepEqual(parse([...STREAM]), EXPECTED);
  });

  test('a "\\r" at the end of a chunk followed by an empty chunk still joins the next "\\n"', () => {
    assert.deepEqual(parse(['data: a\r', '', '\n', '\r', '', '\n']), [
      { kind: 'event', event: 'message', data: 'a', id: '' },
    ]);
  });

  test('an event is dispatched only at the blank line that ends it', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('event: delivery\ndata: x\n'), []);
    assert.deepEqual(parser.push('\n'), [{ kind: 'event', event: 'delivery', data: 'x', id: '' }]);
  });

  test('a block without data dispatches nothing but its id still counts, and the event type resets', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('id: 7\nevent: delivery\n\ndata: y\n\n'), [
      { kind: 'event', event: 'message', data: 'y', id: '7' },
    ]);
    assert.equal(parser.lastEventId, '7');
  });

  test('an empty data field and a field without a colon', () => {
    assert.deepEqual(parse(['data\ndata:\ndata: z\n\n']), [
      { kind: 'event', event: 'message', data: '\n\nz', id: '' },
    ]);
  });

  test('an empty id resets the last event id; an id with NUL is ignored', () => {
    const parser = new SseParser();
    parser.push('id: 5\n\n');
    assert.equal(parser.lastEventId, '5');
    parser.push('id: a\0b\n\n');
    assert.equal(parser.lastEventId, '5');
    parser.push('id\n\n');
    assert.equal(parser.lastEventId, '');
  });

  test('ignores unknown fields and a retry that is not a number', () => {
    assert.deepEqual(parse(['foo: bar\nretry: soon\nretry: 1.5\ndata: ok\n\n']), [
      { kind: 'event', event: 'message', data: 'ok', id: '' },
    ]);
  });

  test('skips a byte order mark at the very start only', () => {
    assert.deepEqual(parse(['\uFEFFdata: a\n\n']), [{ kind: 'event', event: 'message', data: 'a', id: '' }]);
    assert.deepEqual(parse(['data: a\n\n', '\uFEFFdata: b\n\n']), [
      { kind: 'event', event: 'message', data: 'a', id: '' },
      // Not at the start of the stream, the mark makes the field name "\uFEFFdata", which is unknown.
    ]);
  });

  test('end() drops a half-received event and the next connection starts clean', () => {
    const parser = new SseParser();
    parser.push('id: 3\n\nevent: delivery\ndata: half');
    parser.end();
    assert.deepEqual(parser.push('data: whole\n\n'), [
      { kind: 'event', event: 'message', data: 'whole', id: '3' },
    ]);
  });

  test('readEventStream decodes UTF-8 split across byte chunks', async () => {
    const bytes = new TextEncoder().encode('event: delivery\ndata: Sikkerhed ✓ æøå\n\n: hb\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // Byte by byte, so every multi-byte character is cut.
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const items: SseItem[] = [];
    await readEventStream(body, new SseParser(), (item) => items.push(item));
    assert.deepEqual(items, [
      { kind: 'event', event: 'delivery', data: 'Sikkerhed ✓ æøå', id: '' },
      { kind: 'comment', text: 'hb' },
    ]);
  });
});

describe('agent flags', () => {
  test('durations', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('5s'), 5000);
    assert.equal(parseDuration('1m'), 60_000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.throws(() => parseDuration('5'), /500ms, 5s or 1m/);
    assert.throws(() => parseDuration('fast'));
  });

  test('apps', () => {
    assert.deepEqual(parseApp('seatpost-security@22.1.0'), { app: 'seatpost-security', version: '22.1.0' });
    assert.throws(() => parseApp('seatpost-security'));
    assert.throws(() => parseApp('@1.0.0'));
  });

  test('defaults and repeated --app', () => {
    const options = parseAgentArgs(['--code', 'C', '--app', 'a@1.0.0', '--app', 'b@2.0.0', '--region', 'dk']);
    assert.ok(options);
    assert.equal(options.server, undefined);
    assert.deepEqual(options.apps, [
      { app: 'a', version: '1.0.0' },
      { app: 'b', version: '2.0.0' },
    ]);
    assert.equal(options.region, 'DK');
    assert.equal(options.pollIntervalMs, 5000);
    assert.equal(options.askUser, false);
    assert.deepEqual(parseAgentArgs([])?.apps, [{ app: 'seatpost-security', version: '22.1.0' }]);
    assert.equal(parseAgentArgs(['--help']), undefined);
    assert.equal(parseAgentArgs(['--server', 'http://h:1/'])?.server, 'http://h:1');
    assert.throws(() => parseAgentArgs(['--platform', 'beos']));
    assert.throws(() => parseAgentArgs(['--bogus']));
  });
});

// ---- End to end: the agent as a child process against the real server -----------------------

/** The agent running as a process, with its output split into lines that a test can wait for. */

/**
 * An HTTP proxy in front of the server that can refuse the event stream and cut the open ones
 * while letting every other call through: the stream is lost, but check-ins still work.
 */
async function startStreamBlockingProxy(target: string): Promise<{
  url: string;
  block(): void;
  unblock(): void;
  close(): Promise<void>;
}> {
  let blocked = false;
  const streams = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const isStream = req.url?.startsWith('/v1/device/events') ?? false;
    if (isStream && blocked) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('stream blocked by the test');
      return;
    }
    const upstream = request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    if (isStream) {
      streams.add(req.socket);
      req.socket.on('close', () => streams.delete(req.socket));
      res.on('close', () => upstream.destroy());
    }
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    block() {
      blocked = true;
      for (const socket of streams) socket.destroy();
    },
    unblock() {
      blocked = false;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('device agent against the server', () => {
  let server: TestServer;
  let dir: string;
  const agents: AgentProcess[] = [];

  before(async () => {
    // Frequent heartbeats keep the test close to how a long-lived stream behaves.
    server = await startTestServer({ heartbeatMs: 500 });
    dir = mkdtempSync(join(tmpdir(), 'seatpost-agent-'));
  });

  after(async () => {
    await Promise.all(agents.map((agent) => agent.stop('SIGKILL')));
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function agent(args: string[]): AgentProcess {
    const started = new AgentProcess(args);
    agents.push(started);
    return started;
  }

  /** A customer with a subscription for the agent's default app. */
  async function customerWithSubscription(): Promise<{ customer: Customer; subscriptionId: string }> {
    const customer = await server.newCustomer();
    const product = await server.createProduct({ name: 'Seatpost Total Security' });
    const subscription = await server.subscriptionFor(customer, { product: product.id });
    return { customer, subscriptionId: subscription.id };
  }

  /** A state file for a device connected through the API, as an earlier run of the agent would leave it. */
  async function savedConnection(
    customer: Customer,
    name: string,
  ): Promise<{ path: string; deviceId: string }> {
    const device = await server.newDevice(customer);
    const path = join(dir, `${name}.json`);
    writeFileSync(
      path,
      JSON.stringify({ server: server.url, deviceId: device.deviceId, token: device.token }),
    );
    return { path, deviceId: device.deviceId };
  }

  async function send(customer: Customer, subscriptionId: string, deviceId: string): Promise<string> {
    const answer = await server.send(customer, subscriptionId, [deviceId]);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const result = answer.body.results[0];
    assert.ok(result.delivery, `refused: ${JSON.stringify(result)}`);
    return result.delivery.id as string;
  }

  async function statusOf(customer: Customer, deliveryId: string): Promise<string> {
    const answer = await customer.api.get(`/v1/me/deliveries/${deliveryId}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body.status as string;
  }

  test('connects with a one-time code, saves the connection, completes a delivery and exits with --once', async () => {
    const { customer, subscriptionId } = await customerWithSubscription();
    const code = await server.connectCode(customer);
    const statePath = join(dir, 'connect.json');
    const run = agent([
      '--server',
      server.url,
      '--code',
      code,
      '--state',
      statePath,
      '--name',
      'Laptop',
      '--once',
    ]);

    const connected = await run.waitFor('Connected as device ');
    const deviceId = connected.split(' ')[3]!;
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(state).sort(), ['deviceId', 'server', 'token']);
    assert.equal(state.deviceId, deviceId);
    assert.equal(state.server, server.url);
    await run.waitFor('Listening for deliveries');

    const deliveryId = await send(customer, subscriptionId, deviceId);
    await run.waitFor(`Received delivery ${deliveryId}`);
    await run.waitFor(`Acknowledged delivery ${deliveryId}`);
    await run.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await run.exited, 0);
    assert.equal(await statusOf(customer, deliveryId), 'completed');

    const devices = await customer.api.get('/v1/me/devices');
    const device = (
      devices.body as { devices: { id: string; name: string; current: { app: string }[] }[] }
    ).devices.find((d) => d.id === deviceId);
    assert.equal(device?.name, 'Laptop');
    assert.deepEqual(
      device?.current.map((c) => c.app),
      ['seatpost-security'],
    );
  });

  test('a code that is not valid: says so in plain words and exits 1', async () => {
    const run = agent(['--server', server.url, '--code', 'NOT-A-CODE']);
    assert.equal(await run.exited, 1);
    assert.match(run.stderr, /That code is not valid: it may have expired or been used already/);
    assert.equal(run.lines.filter((l) => l !== '').length, 0);
  });

  test('--ask-user: reuses the saved connection, waits for its user, completes on a line of input', async () => {
    const { customer, subscriptionId } = await customerWithSubscription();
    const { path, deviceId } = await savedConnection(customer, 'ask');
    const run = agent(['--state', path, '--ask-user']);
    await run.waitFor(`Connected as device ${deviceId}`);
    await run.waitFor('Listening for deliveries');

    const deliveryId = await send(customer, subscriptionId, deviceId);
    await run.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    assert.equal(await statusOf(customer, deliveryId), 'action_required');
    assert.equal(run.has(`Completed delivery ${deliveryId}`), false);

    run.type('');
    await run.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await statusOf(customer, deliveryId), 'completed');
    assert.equal(await run.stop('SIGINT'), 0);
  });

  test('undo while the agent waits for its user: the wait is abandoned', async () => {
    const { customer, subscriptionId } = await customerWithSubscription();
    const { path, deviceId } = await savedConnection(customer, 'undo');
    const run = agent(['--state', path, '--ask-user']);
    await run.waitFor('Listening for deliveries');

    const deliveryId = await send(customer, subscriptionId, deviceId);
    await run.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    const undo = await customer.api.post(`/v1/me/deliveries/${deliveryId}/undo`);
    assert.equal(undo.status, 200, JSON.stringify(undo.body));
    await run.waitFor(`Cancelled delivery ${deliveryId}`);

    // The line that would have finished it now finds nothing to finish.
    const before = run.lines.length;
    run.type('');
    await run.waitFor('Nothing is waiting for you', before);
    assert.equal(run.has(`Completed delivery ${deliveryId}`), false);
    assert.equal(await statusOf(customer, deliveryId), 'cancelled');
    assert.equal(await run.stop(), 0);
  });

  test('a delivery the rules refuse when it is applied: prints the reasons', async () => {
    const { customer, subscriptionId } = await customerWithSubscription();
    const { path, deviceId } = await savedConnection(customer, 'refused');
    const run = agent(['--state', path, '--ask-user', '--once']);
    await run.waitFor('Listening for deliveries');

    const deliveryId = await send(customer, subscriptionId, deviceId);
    await run.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    const blocked = await server.operator.post(`/v1/operator/subscriptions/${subscriptionId}/block`);
    assert.equal(blocked.status, 200, JSON.stringify(blocked.body));
    run.type('');
    const refused = await run.waitFor(`Refused delivery ${deliveryId}`);
    assert.match(refused, /SUBSCRIPTION_BLOCKED/);
    assert.equal(await run.exited, 0);
    assert.equal(await statusOf(customer, deliveryId), 'failed');
  });

  test('after a restart, resumes a delivery left waiting for its user', async () => {
    const { customer, subscriptionId } = await customerWithSubscription();
    const { path, deviceId } = await savedConnection(customer, 'restart');
    const first = agent(['--state', path, '--ask-user']);
    await first.waitFor('Listening for deliveries');
    const deliveryId = await send(customer, subscriptionId, deviceId);
    await first.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    assert.equal(await first.stop(), 0);

    const second = agent(['--state', path, '--ask-user', '--once']);
    const received = await second.waitFor(`Received delivery ${deliveryId}`);
    assert.match(received, /action_required/);
    assert.equal(second.has(`Acknowledged delivery ${deliveryId}`), false);
    await second.waitFor(`Waiting for you to finish delivery ${deliveryId}`);
    second.type('');
    await second.waitFor(`Completed delivery ${deliveryId}`);
    assert.equal(await second.exited, 0);
  });

  test('without the stream it checks in every poll interval, and says when the stream is back', async () => {
    const { customer, subscriptionId } = await customerWithSubscription();
    const device = await server.newDevice(customer);
    const proxy = await startStreamBlockingProxy(server.url);
    try {
      const path = join(dir, 'proxy.json');
      writeFileSync(
        path,
        JSON.stringify({ server: proxy.url, deviceId: device.deviceId, token: device.token }),
      );
      const run = agent(['--state', path, '--poll-interval', '200ms']);
      await run.waitFor('Listening for deliveries');

      proxy.block();
      await run.waitFor('Stream lost');
      const deliveryId = await send(customer, subscriptionId, device.deviceId);
      await run.waitFor(`Completed delivery ${deliveryId}`);
      assert.equal(run.has('Stream restored'), false);

      proxy.unblock();
      await run.waitFor('Stream restored');
      assert.equal(await run.stop(), 0);
    } finally {
      await proxy.close();
    }
  });

  test('a device disconnected from the account: says so and exits 2', async () => {
    const customer = await server.newCustomer();
    const { path, deviceId } = await savedConnection(customer, 'removed');
    const run = agent(['--state', path]);
    await run.waitFor('Listening for deliveries');
    const removed = await customer.api.delete(`/v1/me/devices/${deviceId}`);
    assert.ok(removed.status < 300, JSON.stringify(removed.body));
    await run.waitFor('Disconnected');
    assert.equal(await run.exited, 2);

    // The saved token is dead now: the next start says so too.
    const again = agent(['--state', path]);
    await again.waitFor('Disconnected');
    assert.equal(await again.exited, 2);
  });
});
