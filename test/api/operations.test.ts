import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SseReader } from '../support/sse.ts';
import { Client } from '../support/http.ts';
import { freePort, runMain as run } from '../support/process.ts';
import { loadConfig, parseDuration } from '../../src/config.ts';

test('configuration is validated at start with a clear message', () => {
  assert.throws(
    () =>
      loadConfig({
        PORT: 'eighty',
        SEATPOST_DELIVERY_WINDOW: 'soon',
        SEATPOST_DOWNLOAD_LINK_LIFETIME: 'a week',
        DATABASE_URL: 'postgres://x/y',
      }),
    (e: Error) =>
      /PORT: "eighty" is not a port number/.test(e.message) &&
      /SEATPOST_DELIVERY_WINDOW: "soon" is not a duration/.test(e.message) &&
      /SEATPOST_DOWNLOAD_LINK_LIFETIME: "a week" is not a duration/.test(e.message) &&
      /SEATPOST_OPERATOR_KEY: required/.test(e.message),
  );
  assert.equal(parseDuration('24h'), 86_400_000);
  assert.equal(parseDuration('90m'), 5_400_000);
  assert.equal(parseDuration('1500ms'), 1500);
  const c = loadConfig({
    DATABASE_URL: ':memory:',
    SEATPOST_OPERATOR_KEY: 'k'.repeat(20),
    PORT: '4000',
    SEATPOST_PUBLIC_URL: 'https://seatpost.example/path',
  });
  assert.equal(c.publicUrl, 'https://seatpost.example');
  assert.equal(c.port, 4000);
  assert.equal(c.downloadLinkTtlMs, 7 * 86_400_000, 'download links open for 7 days by default');
  assert.equal(c.deliveryWindowMs, 86_400_000);
});

test('a bad environment stops the process with exit code 2 and says why', async () => {
  const p = run({ PORT: '99999', DATABASE_URL: ':memory:', SEATPOST_OPERATOR_KEY: 'k'.repeat(20) });
  const [code] = await p.exited;
  assert.equal(code, 2);
  assert.match(p.output(), /PORT: "99999" is not a port number/);
});

test('npm start: listens, prints the operator key, logs with request ids, and on SIGTERM closes streams and exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seatpost-main-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const p = run({
    PORT: String(port),
    HOST: '127.0.0.1',
    SEATPOST_PUBLIC_URL: url,
    DATABASE_URL: join(dir, 'db.sqlite'),
    SEATPOST_DEMO: '1',
    LOG_LEVEL: 'info',
  });
  try {
    await p.until(/Demo devices:/);
    const key = /Operator key: (\S+)/.exec(p.output())![1]!;
    assert.equal(
      (await new Client(url, { authorization: `Bearer ${key}` }).get('/v1/operator/products')).status,
      200,
    );
    assert.equal((await new Client(url).get('/readyz')).status, 200);
    const r = await new Client(url, { 'x-request-id': 'trace-me-42' }).get('/healthz');
    assert.equal(r.headers.get('x-request-id'), 'trace-me-42');
    await p.until(/"reqId":"trace-me-42"/);

    // A demo device's stream stays open until shutdown closes it.
    const state = JSON.parse(
      (await import('node:fs')).readFileSync(join(dir, 'demo-devices', 'annas-laptop.json'), 'utf8'),
    );
    const stream = new SseReader(`${url}/v1/device/events`, { authorization: `Bearer ${state.token}` });
    assert.equal(await stream.status, 200);
    p.child.kill('SIGTERM');
    const [code] = await p.exited;
    assert.equal(code, 0);
    await stream.ended;
    assert.ok(stream.closed);
  } finally {
    p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
