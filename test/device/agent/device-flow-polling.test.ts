import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { connectWithDeviceFlow } from '../../../cli/agent/device-flow.ts';

/**
 * The agent's polling against a scripted authorization server: it waits `interval` before each
 * poll, and after `slow_down` 5 s more for every later poll (RFC 8628 §3.5), as a server that
 * counts would demand.
 */
test('the agent keeps to the interval and slows down by 5 s when told to', async () => {
  const polls: number[] = [];
  const answers = [
    { status: 400, body: { error: 'authorization_pending', error_description: '' } },
    { status: 400, body: { error: 'slow_down', error_description: '' } },
    { status: 200, body: { access_token: 'token-1', token_type: 'Bearer', device_id: 'device-1' } },
  ];
  const forms: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const send = (status: number, json: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.url === '/.well-known/oauth-authorization-server')
        return send(200, {
          issuer: base,
          device_authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
        });
      forms.push(new URLSearchParams(body));
      if (req.url === '/authorize')
        return send(200, {
          device_code: 'device-code',
          user_code: 'BCDF-GHJK',
          verification_uri: `${base}/device`,
          expires_in: 60,
          interval: 0.2,
        });
      polls.push(performance.now());
      const answer = answers.shift()!;
      send(answer.status, answer.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const lines: string[] = [];
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const connected = await connectWithDeviceFlow(
      base,
      { name: 'Kitchen TV', platform: 'linux' },
      AbortSignal.timeout(20_000),
      (line) => lines.push(line),
    );
    assert.deepEqual(connected, { deviceId: 'device-1', token: 'token-1' });
  } finally {
    server.close();
  }
  assert.match(
    lines[0]!,
    /^To connect, open http:\/\/127\.0\.0\.1:\d+\/device and enter the code BCDF-GHJK\.$/,
  );
  assert.equal(forms[0]!.get('client_id'), 'seatpost-device');
  assert.equal(forms[0]!.get('device_name'), 'Kitchen TV');
  assert.equal(forms[1]!.get('grant_type'), 'urn:ietf:params:oauth:grant-type:device_code');
  assert.equal(forms[1]!.get('device_code'), 'device-code');
  assert.equal(polls.length, 3);
  assert.ok(polls[1]! - polls[0]! >= 190, `the interval kept (${polls[1]! - polls[0]!} ms)`);
  assert.ok(polls[2]! - polls[1]! >= 5_190, `5 s more after slow_down (${polls[2]! - polls[1]!} ms)`);
});
