import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { consoleBase as base, managedDevice, newOrganization } from '../support/organizations.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { activate } from '../support/seat-life.ts';

const clock = new ManualClock(new Date('2031-03-01T09:00:00Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock })));
after(async () => server.close());

const hour = 3_600_000;

test(`seat history: who held each seat, from when to when, and why it ended; as JSON and CSV (${DIALECT})`, async () => {
  const customer = await server.newCustomer();
  const product = await server.createProduct();
  const expiresAt = new Date(clock.now().getTime() + 48 * hour).toISOString();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 2, expiresAt });
  const later = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const a = await server.newDevice(customer, { name: 'Anna\'s "PC", 2nd floor' });
  const b = await server.newDevice(customer, { name: '=HYPERLINK("x")' });
  const c = await server.newDevice(customer, { name: 'Kitchen' });

  const t0 = clock.now().toISOString();
  await activate(server, customer, a, sub.id);
  clock.advance(hour);
  const t1 = clock.now().toISOString();
  await activate(server, customer, b, sub.id);
  clock.advance(hour);
  const t2 = clock.now().toISOString();
  await customer.api.delete(`/v1/me/devices/${a.deviceId}`);
  clock.advance(hour);
  const t3 = clock.now().toISOString();
  // A subscription that expires later takes b's app: the earlier one is superseded there.
  await activate(server, customer, b, later.id);
  await activate(server, customer, c, sub.id);

  const held = await customer.api.get(`/v1/me/subscriptions/${sub.id}/seat-history`);
  assert.equal(held.status, 200);
  assert.deepEqual(held.body.entries, [
    {
      deviceId: a.deviceId,
      deviceName: 'Anna\'s "PC", 2nd floor',
      from: t0,
      to: t2,
      endedBecause: 'disconnected',
    },
    { deviceId: b.deviceId, deviceName: '=HYPERLINK("x")', from: t1, to: t3, endedBecause: 'superseded' },
    { deviceId: c.deviceId, deviceName: 'Kitchen', from: t3, to: null, endedBecause: null },
  ]);

  // Past its expiry, a seat still held reads as ended then, why `expired`, with no job having run.
  clock.advance(72 * hour);
  const expired = await customer.api.get(`/v1/me/subscriptions/${sub.id}/seat-history`);
  assert.deepEqual(expired.body.entries[2], {
    deviceId: c.deviceId,
    deviceName: 'Kitchen',
    from: t3,
    to: expiresAt,
    endedBecause: 'expired',
  });

  const csv = await customer.api.get(`/v1/me/subscriptions/${sub.id}/seat-history.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
  assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="seat-history-.+\.csv"/);
  assert.equal(
    csv.body,
    [
      'device_id,device_name,from,to,ended_because',
      `${a.deviceId},"Anna's ""PC"", 2nd floor",${t0},${t2},disconnected`,
      `${b.deviceId},"'=HYPERLINK(""x"")",${t1},${t3},superseded`,
      `${c.deviceId},Kitchen,${t3},${expiresAt},expired`,
      '',
    ].join('\r\n'),
  );
});

test(`seat history is the owner's alone: another account, and an organization's subscription, are 404 (${DIALECT})`, async () => {
  const owner = await server.newCustomer();
  const someone = await server.newCustomer();
  const product = await server.createProduct();
  const sub = await server.subscriptionFor(owner, { product: product.id });
  for (const path of ['seat-history', 'seat-history.csv']) {
    const r = await someone.api.get(`/v1/me/subscriptions/${sub.id}/${path}`);
    assert.equal(r.status, 404, path);
    assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  }
  const { org, admin, member, subscription } = await newOrganization(server);
  assert.equal((await admin.api.get(`/v1/me/subscriptions/${subscription.id}/seat-history`)).status, 404);

  // In the console: its admins see it; a member may not; another organization finds nothing.
  const pc = await managedDevice(server, org, admin);
  const sent = await admin.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
    deviceIds: [pc.deviceId],
  });
  await pc.api.post(`/v1/device/deliveries/${sent.body.results[0].delivery.id}/complete`);
  const seen = await admin.api.get(`${base(org)}/subscriptions/${subscription.id}/seat-history`);
  assert.deepEqual(
    seen.body.entries.map((e: any) => [e.deviceId, e.endedBecause]),
    [[pc.deviceId, null]],
  );
  const csv = await admin.api.get(`${base(org)}/subscriptions/${subscription.id}/seat-history.csv`);
  assert.equal((csv.body as string).split('\r\n')[0], 'device_id,device_name,from,to,ended_because');
  assert.equal(
    (await member.api.get(`${base(org)}/subscriptions/${subscription.id}/seat-history`)).status,
    403,
  );
  const other = await newOrganization(server, 'Other ApS');
  assert.equal(
    (await other.admin.api.get(`${base(other.org)}/subscriptions/${subscription.id}/seat-history`)).status,
    404,
  );
  assert.equal(
    (await other.admin.api.get(`${base(org)}/subscriptions/${subscription.id}/seat-history`)).status,
    404,
  );
});
