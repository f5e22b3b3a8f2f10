import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

const CHECK_IN = 'seatpost_http_requests_total{method="POST",route="/v1/device/check-in",status="200"}';

async function scrape(): Promise<string> {
  const r = await server.operator.get('/metrics');
  assert.equal(r.status, 200);
  return r.body as string;
}

/** A sample's value in the exposition text (0 when the series does not exist yet). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Scrapes until `series` reads at least `atLeast`: a request is counted once its answer has gone out. */
async function scrapeUntil(series: string, atLeast: number): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const text = await scrape();
    if (sample(text, series) >= atLeast || Date.now() > deadline) return text;
  }
}

test(`GET /metrics answers in the Prometheus text format, for the operator key only (${DIALECT})`, async () => {
  const refused = await server.anonymous().get('/metrics');
  assert.equal(refused.status, 401);
  const wrong = await server.anonymous().get('/metrics', { authorization: 'Bearer not-the-key' });
  assert.equal(wrong.status, 401);

  const r = await server.operator.get('/metrics');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const text = r.body as string;
  for (const name of [
    'seatpost_http_requests_total',
    'seatpost_http_request_duration_seconds',
    'seatpost_open_event_streams',
    'seatpost_mail_outbox_queued',
    'seatpost_mail_outbox_retrying',
    'seatpost_mail_outbox_oldest_seconds',
    'seatpost_deliveries_open',
    'seatpost_deliveries_overdue',
    'seatpost_database_up',
    'process_cpu_user_seconds_total',
  ])
    assert.match(text, new RegExp(`^# TYPE ${name} (counter|gauge|histogram)$`, 'm'), name);
  assert.equal(sample(text, 'seatpost_database_up'), 1);
});

test(`a check-in counts under its route and status, with its latency (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const device = await server.newDevice(customer);
  const before = sample(await scrape(), CHECK_IN);

  assert.equal((await device.api.post('/v1/device/check-in', {})).status, 200);
  const text = await scrapeUntil(CHECK_IN, before + 1);
  assert.equal(sample(text, CHECK_IN), before + 1);
  const histogram =
    'seatpost_http_request_duration_seconds_count{method="POST",route="/v1/device/check-in",status="200"}';
  assert.equal(sample(text, histogram), before + 1);
  const inf =
    'seatpost_http_request_duration_seconds_bucket{method="POST",route="/v1/device/check-in",status="200",le="+Inf"}';
  assert.equal(sample(text, inf), before + 1);

  // A refused token counts under the same route with its own status.
  const stranger = await server.anonymous().post('/v1/device/check-in', {}, { authorization: 'Bearer nope' });
  assert.equal(stranger.status, 401);
  const refused = CHECK_IN.replace('status="200"', 'status="401"');
  assert.equal(sample(await scrapeUntil(refused, 1), refused), 1);

  // Labels are route patterns, never the URL: an id in the path does not make a series of its own.
  const id = 'no-such-delivery-4711';
  assert.equal((await device.api.post(`/v1/device/deliveries/${id}/ack`)).status, 404);
  const ack =
    'seatpost_http_requests_total{method="POST",route="/v1/device/deliveries/:id/ack",status="404"}';
  const after = await scrapeUntil(ack, 1);
  assert.equal(sample(after, ack), 1);
  assert.ok(!after.includes(id));
});

test(`open deliveries are counted by status (${DIALECT})`, async () => {
  await server.createProduct({ id: 'metrics-suite' });
  const customer = await server.newCustomer();
  const device = await server.newDevice(customer);
  const sub = await server.subscriptionFor(customer, { product: 'metrics-suite' });
  const pending = 'seatpost_deliveries_open{status="pending"}';
  const before = sample(await scrape(), pending);
  const r = await server.send(customer, sub.id, [device.deviceId]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(sample(await scrape(), pending), before + 1);
});

test(`successful device requests are logged at debug; a refused one, and other audiences, at info (${DIALECT})`, async () => {
  const lines: { msg: string; reqId?: string; req?: { url: string }; res?: { statusCode: number } }[] = [];
  const logged = await startTestServer({
    logger: {
      level: 'info',
      stream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    },
  });
  try {
    const customer = await logged.newCustomer();
    const device = await logged.newDevice(customer);
    const ok = await device.api.post('/v1/device/check-in', {}, { 'x-request-id': 'quiet-check-in' });
    assert.equal(ok.status, 200);
    const refused = await logged
      .anonymous()
      .post('/v1/device/check-in', {}, { authorization: 'Bearer nope', 'x-request-id': 'refused-check-in' });
    assert.equal(refused.status, 401);
    assert.equal((await logged.anonymous().get('/healthz', { 'x-request-id': 'health' })).status, 200);
    // The health check's line is written last: once it is there, the others would be too.
    const deadline = Date.now() + 5_000;
    while (!lines.some((l) => l.reqId === 'health' && l.msg === 'request completed') && Date.now() < deadline)
      await new Promise((r) => setImmediate(r));

    assert.deepEqual(
      lines.filter((l) => l.reqId === 'quiet-check-in'),
      [],
    );
    const refusal = lines.filter((l) => l.reqId === 'refused-check-in');
    assert.deepEqual(
      refusal.map((l) => [l.msg, l.req?.url, l.res?.statusCode]),
      [['request completed', '/v1/device/check-in', 401]],
    );
    assert.deepEqual(
      lines.filter((l) => l.reqId === 'health').map((l) => l.msg),
      ['incoming request', 'request completed'],
    );
  } finally {
    await logged.close();
  }
});
