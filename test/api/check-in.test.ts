import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findDevice, touchDevices } from '../../src/store/devices.repository.ts';
import { pack } from '../../src/store/pg-notifier.ts';
import { Client } from '../support/http.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestDevice, TestServer } from '../support/server.ts';

const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock })));
after(async () => server.close());

test(`check-in, the hot path: last seen is kept to its resolution and written behind; a changed app list is stored (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const device = await server.newDevice(customer, {
    apps: [{ app: 'seatpost-security', version: '22.0.0' }],
  });
  const seen = async () => {
    await server.service.deps.lastSeen.flush();
    const r = await customer.api.get('/v1/me/devices');
    return r.body.devices.find((d: any) => d.deviceId === device.deviceId || d.id === device.deviceId);
  };
  const connectedAt = (await seen()).lastSeenAt;
  const apps = [{ app: 'seatpost-security', version: '22.0.0' }];

  // Within the resolution (5 minutes): a check-in reads only.
  clock.advance(60_000);
  assert.deepEqual((await device.api.post('/v1/device/check-in', { apps })).body, { deliveries: [] });
  assert.equal((await seen()).lastSeenAt, connectedAt);

  // Past it: written (in the next batch).
  clock.advance(5 * 60_000);
  await device.api.post('/v1/device/check-in', { apps });
  assert.equal((await seen()).lastSeenAt, clock.now().toISOString());

  // The app was updated: the new version is stored, in either order of the list.
  const updated = [
    { app: 'seatpost-vpn', version: '3.0.0' },
    { app: 'seatpost-security', version: '22.2.0' },
  ];
  await device.api.post('/v1/device/check-in', { apps: updated });
  assert.deepEqual((await seen()).apps.map((a: any) => `${a.app}@${a.version}`).sort(), [
    'seatpost-security@22.2.0',
    'seatpost-vpn@3.0.0',
  ]);
  await device.api.post('/v1/device/check-in', { apps: [...updated].reverse() });
  // A region the app reports is written at once.
  await device.api.post('/v1/device/check-in', { apps: updated, region: 'se' });
  assert.equal((await seen()).region, 'SE');

  // A delivery waiting: the same check-in hands it over.
  const product = await server.createProduct({ appVersions: '>=22.0.0 <23' });
  const sub = await server.subscriptionFor(customer, { product: product.id });
  const sent = await server.send(customer, sub.id, [device.deviceId]);
  const waiting = await device.api.post('/v1/device/check-in', { apps: updated });
  assert.deepEqual(
    waiting.body.deliveries.map((d: any) => d.id),
    [sent.body.results[0].delivery.id],
  );
});

test(`device requests that arrive together are authenticated together (one lookup per batch), and each gets its own device's answer (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const product = await server.createProduct({ appVersions: '>=22.0.0 <23' });
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 5 });
  const devices = await Promise.all(
    [0, 1, 2, 3].map(() =>
      server.newDevice(customer, { apps: [{ app: 'seatpost-security', version: '22.0.0' }] }),
    ),
  );
  const [waits, idle, gone, twice] = devices as [TestDevice, TestDevice, TestDevice, TestDevice];
  const sent = await server.send(customer, sub.id, [waits.deviceId, twice.deviceId]);
  const deliveryOf = new Map<unknown, string>(
    sent.body.results.map((r: any) => [r.deviceId === waits.deviceId ? waits : twice, r.delivery.id]),
  );
  assert.equal((await customer.api.delete(`/v1/me/devices/${gone.deviceId}`)).status, 204);
  const stranger = new Client(server.url, { authorization: 'Bearer not-a-token' });

  // All at once, interleaved, the same device several times: the node reads them in one turn.
  const callers = Array.from({ length: 60 }, (_, i) => [waits, idle, gone, twice, stranger][i % 5]!);
  const answers = await Promise.all(
    callers.map((c) => ('api' in c ? c.api : c).post('/v1/device/check-in', {})),
  );
  answers.forEach((r, i) => {
    const caller = callers[i]!;
    if (caller === gone || caller === stranger) {
      assert.equal(r.status, 401, `request ${i}`);
      assert.equal(r.body.code, 'UNAUTHENTICATED');
    } else {
      assert.equal(r.status, 200, `request ${i}`);
      assert.deepEqual(
        r.body.deliveries.map((d: any) => d.id),
        deliveryOf.has(caller) ? [deliveryOf.get(caller)] : [],
        `request ${i}`,
      );
    }
  });
});

test('NOTIFY payloads stay under PostgreSQL limit: many messages are packed in order, an oversized one loses its payload', () => {
  const messages: [string, unknown?][] = Array.from({ length: 500 }, (_, i) => [
    `device:${i}`,
    i % 2 ? { delivery: { id: `d${i}`, note: 'x'.repeat(40) } } : undefined,
  ]);
  messages.push(['account:big', { delivery: { blob: 'y'.repeat(20_000) } }]);
  const payloads = pack('node-1', messages);
  assert.ok(payloads.length > 1);
  const back = payloads.flatMap((p) => {
    assert.ok(Buffer.byteLength(p) < 8000, `${Buffer.byteLength(p)} bytes`);
    const m = JSON.parse(p) as { n: string; m: [string, unknown?][] };
    assert.equal(m.n, 'node-1');
    return m.m;
  });
  assert.deepEqual(
    back.map((m) => m[0]),
    messages.map((m) => m[0]),
  );
  assert.deepEqual(back.at(-1), ['account:big']);
  assert.deepEqual(back[1], ['device:1', { delivery: { id: 'd1', note: 'x'.repeat(40) } }]);
});

test(`last seen for many devices is written at once, and never moved back in time (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const devices = [];
  for (let i = 0; i < 3; i++) devices.push(await server.newDevice(customer));
  const db = server.service.deps.db;
  const [a, b, c] = devices.map((d) => d.deviceId) as [string, string, string];
  const before = (await findDevice(db, c))!.lastSeenAt;
  const later = new Date(clock.now().getTime() + 3_600_000);
  const earlier = new Date(before.getTime() - 3_600_000);
  await touchDevices(
    db,
    new Map([
      [a, later],
      [b, new Date(later.getTime() + 1)],
      [c, earlier],
      ['no-such-device', later],
    ]),
  );
  assert.equal((await findDevice(db, a))!.lastSeenAt.toISOString(), later.toISOString());
  assert.equal((await findDevice(db, b))!.lastSeenAt.getTime(), later.getTime() + 1);
  assert.equal((await findDevice(db, c))!.lastSeenAt.toISOString(), before.toISOString(), 'not moved back');
});
