import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { PgNotifier } from '../../src/store/pg-notifier.ts';
import { until } from '../support/evidence.ts';
import { Client } from '../support/http.ts';
import { SseReader } from '../support/sse.ts';
import { skipWithoutPostgres as skip, through, twoNodesOnOnePostgres } from '../support/two-nodes.ts';

describe('two nodes on one PostgreSQL: streams', { skip }, () => {
  const nodes = twoNodesOnOnePostgres();

  test('a send through node A reaches the device stream and the portal stream held by node B, in milliseconds', async () => {
    const { a, b } = nodes;
    const product = await a.createProduct();
    const customer = await a.newCustomer();
    const sub = await a.subscriptionFor(customer, { product: product.id, seats: 5 });
    const device = await a.newDevice(customer);
    const deviceStream = new SseReader(`${b.url}/v1/device/events`, {
      authorization: `Bearer ${device.token}`,
    });
    const portal = through(b, customer);
    const portalStream = new SseReader(`${b.url}/v1/me/events`, {
      cookie: [...portal.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    });
    assert.equal(await deviceStream.status, 200);
    assert.equal(await portalStream.status, 200);

    const sentAt = performance.now();
    const sent = await a.send(customer, sub.id, [device.deviceId]);
    const delivery = sent.body.results[0].delivery;
    const event = await deviceStream.next(
      (e) => e.event === 'delivery' && e.data.delivery.id === delivery.id,
    );
    const portalEvent = await portalStream.next(
      (e) => e.event === 'delivery' && e.data.delivery.id === delivery.id,
    );
    assert.ok(event.at - sentAt < 1000, `cross-node delivery took ${Math.round(event.at - sentAt)} ms`);
    assert.equal(portalEvent.data.delivery.status, 'pending');

    // And back: the device completes through node B; the portal stream on node A hears it.
    const portalOnA = new SseReader(`${a.url}/v1/me/events`, {
      cookie: [...customer.api.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    });
    assert.equal(await portalOnA.status, 200);
    const deviceOnB = new Client(b.url, { authorization: `Bearer ${device.token}` });
    assert.equal((await deviceOnB.post(`/v1/device/deliveries/${delivery.id}/complete`)).status, 200);
    const completed = await portalOnA.next(
      (e) => e.event === 'delivery' && e.data.delivery.status === 'completed',
    );
    assert.equal(completed.data.delivery.id, delivery.id);
    for (const s of [deviceStream, portalStream, portalOnA]) s.close();
  });

  test('a device disconnected through node A: its stream on node B ends and its token stops working there', async () => {
    const { a, b } = nodes;
    const customer = await a.newCustomer();
    const device = await a.newDevice(customer);
    const stream = new SseReader(`${b.url}/v1/device/events`, { authorization: `Bearer ${device.token}` });
    assert.equal(await stream.status, 200);
    assert.equal((await customer.api.delete(`/v1/me/devices/${device.deviceId}`)).status, 204);
    await stream.next((e) => e.event === 'disconnected');
    await stream.ended;
    const onB = new Client(b.url, { authorization: `Bearer ${device.token}` });
    assert.equal((await onB.post('/v1/device/check-in', {})).status, 401);
  });

  test("node B's notification listener reconnects by itself after its connection drops, and its streams miss nothing", async () => {
    const { db, proxy, a, b } = nodes;
    const product = await a.createProduct();
    const customer = await a.newCustomer();
    const sub = await a.subscriptionFor(customer, { product: product.id, seats: 5 });
    const device = await a.newDevice(customer);
    const stream = new SseReader(`${b.url}/v1/device/events`, { authorization: `Bearer ${device.token}` });
    assert.equal(await stream.status, 200);
    const notifier = b.service.deps.notifier as PgNotifier;
    assert.ok(notifier instanceof PgNotifier);
    const connections = notifier.connections;
    // A round trip first (a send, then its undo, both heard on node B): the stream has done its
    // reads and is idle when the cut comes (a stream whose read fails ends; its app reconnects).
    const first = (await a.send(customer, sub.id, [device.deviceId])).body.results[0].delivery;
    await stream.next((e) => e.event === 'delivery' && e.data.delivery.id === first.id);
    assert.equal((await customer.api.post(`/v1/me/deliveries/${first.id}/undo`)).status, 200);
    await stream.next((e) => e.event === 'delivery' && e.data.delivery.status === 'cancelled');

    // A listener of the test's own, straight to the database: when it hears node A's NOTIFY for
    // the device, the notification has gone out to every listener there was.
    const witness = new pg.Client({ connectionString: db.url });
    witness.on('error', () => {});
    await witness.connect();
    let heard = false;
    witness.on('notification', (m) => (heard ||= !!m.payload?.includes(`device:${device.deviceId}`)));
    await witness.query('listen seatpost');

    await proxy.cutOff();
    await until(() => !notifier.listening, { what: "node B's listener to notice the cut" });
    // Sent while node B has no listener: its NOTIFY is lost for node B.
    const sent = await a.send(customer, sub.id, [device.deviceId]);
    const delivery = sent.body.results[0].delivery;
    try {
      await until(() => heard, { what: "node A's NOTIFY for the device" });
    } finally {
      await witness.end();
    }
    assert.equal(notifier.listening, false, 'node B was not listening when the NOTIFY went out');
    assert.equal(
      stream.events.some((e) => e.event === 'delivery' && e.data.delivery.id === delivery.id),
      false,
    );
    const restoredAt = performance.now();
    await proxy.restore();

    // Reconnected by itself; every local stream re-reads its events, so the delivery arrives.
    const event = await stream.next(
      (e) => e.event === 'delivery' && e.data.delivery.id === delivery.id,
      10_000,
    );
    assert.equal(event.data.delivery.status, 'pending');
    assert.ok(event.at > restoredAt, 'it arrived only once the database was reachable again');
    assert.ok(notifier.connections > connections, 'the listener connected again');
    assert.ok(notifier.listening);
    stream.close();
  });
});
