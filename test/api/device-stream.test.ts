import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { until } from '../support/evidence.ts';
import { SseReader } from '../support/sse.ts';

let server: TestServer;
before(async () => (server = await startTestServer({ heartbeatMs: 100 })));
after(async () => server.close());

async function setup() {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const subs = [
    await server.subscriptionFor(customer, { product: product.id }),
    await server.subscriptionFor(customer, { product: product.id }),
  ];
  const device = await server.newDevice(customer);
  const open = (headers: Record<string, string> = {}) =>
    new SseReader(`${server.url}/v1/device/events`, { authorization: `Bearer ${device.token}`, ...headers });
  return { customer, subs, device, open };
}

test(`heartbeats keep an idle stream alive (${DIALECT})`, async () => {
  const { open } = await setup();
  const stream = open();
  assert.equal(await stream.status, 200);
  // Two beats, not one: the first proves the timer started, the second that it keeps beating.
  await until(() => stream.comments >= 2, { what: 'two heartbeats (every 100 ms)', timeoutMs: 2_000 });
  assert.equal(stream.closed, false);
  stream.close();
});

test(`Last-Event-ID resumes the stream: nothing missed, nothing repeated (${DIALECT})`, async () => {
  const { customer, subs, device, open } = await setup();
  const first = open();
  await first.status;
  const a = (await server.send(customer, subs[0]!.id, [device.deviceId])).body.results[0].delivery.id;
  const eventA = await first.next((e) => e.data.delivery?.id === a);
  assert.equal(eventA.data.delivery.status, 'pending');
  first.close();

  // While the app is away: A is undone, then B is sent.
  assert.equal((await customer.api.post(`/v1/me/deliveries/${a}/undo`)).body.status, 'cancelled');
  const b = (await server.send(customer, subs[1]!.id, [device.deviceId])).body.results[0].delivery.id;

  const resumed = open({ 'last-event-id': eventA.id! });
  await resumed.next((e) => e.data.delivery?.id === b);
  const seen = resumed.events.map((e) => [e.data.delivery.id, e.data.delivery.status]);
  assert.deepEqual(seen, [
    [a, 'cancelled'],
    [b, 'pending'],
  ]);
  const ids = resumed.events.map((e) => Number(e.id));
  assert.ok(
    ids.every((id, i) => id > Number(eventA.id) && (i === 0 || id > ids[i - 1]!)),
    'ids increase after the resume point',
  );
  resumed.close();

  // Without Last-Event-ID the stream starts from now; check-in hands over what already waits.
  const fresh = open();
  await fresh.status;
  const waiting = await device.api.post('/v1/device/check-in', {});
  assert.deepEqual(
    waiting.body.deliveries.map((d: any) => d.id),
    [b],
  );
  // A sentinel: B undone now certainly reaches the stream. Anything replayed from before the
  // stream opened would have been written first; the sentinel arrives alone.
  assert.equal((await customer.api.post(`/v1/me/deliveries/${b}/undo`)).body.status, 'cancelled');
  const sentinel = await fresh.next(
    (e) => e.data.delivery?.id === b && e.data.delivery.status === 'cancelled',
  );
  assert.deepEqual(fresh.events, [sentinel]);
  assert.ok(Number(sentinel.id) > ids.at(-1)!, 'a new event, not a replayed one');
  fresh.close();
});

test(`a malformed Last-Event-ID is a 400, not a silent replay (${DIALECT})`, async () => {
  const { device } = await setup();
  const r = await device.api.get('/v1/device/events', { 'last-event-id': 'yesterday' });
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'VALIDATION_FAILED');
});

test(`disconnecting the device ends its stream (${DIALECT})`, async () => {
  const { customer, device, open } = await setup();
  const stream = open();
  await stream.status;
  assert.equal((await customer.api.delete(`/v1/me/devices/${device.deviceId}`)).status, 204);
  await stream.next((e) => e.event === 'disconnected');
  await stream.ended;
  assert.equal(stream.closed, true);
});
