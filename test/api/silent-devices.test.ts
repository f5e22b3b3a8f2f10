import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sweepSilentDevices } from '../../src/app/devices/silent-devices.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestDevice, TestServer } from '../support/server.ts';

/**
 * Silent devices (issue 15, item 5) on a real server, time moved by the test: a product with
 * `inactiveAfter`, the owner's warning email once, "Keep" from the portal and from the email's
 * link, a check-in that keeps a device, and the end of a silent device's activations.
 */
const DAY = 86_400_000;
const clock = new ManualClock(new Date('2027-03-01T09:00:00Z'));
let server: TestServer;
before(async () => {
  server = await startTestServer({ clock, settings: { webhookAllowPrivate: true } });
  const hook = await server.operator.post('/v1/operator/webhook-endpoints', {
    url: 'http://127.0.0.1:9/hooks',
  });
  assert.equal(hook.status, 201, JSON.stringify(hook.body));
});
after(async () => server.close());

async function activeDevice(customer: Customer, subscriptionId: string, name: string): Promise<TestDevice> {
  const device = await server.newDevice(customer, { name });
  const sent = await server.send(customer, subscriptionId, [device.deviceId]);
  const id = sent.body.results[0].delivery.id;
  assert.equal((await device.api.post(`/v1/device/deliveries/${id}/ack`)).status, 200);
  assert.equal((await device.api.post(`/v1/device/deliveries/${id}/complete`)).status, 200);
  return device;
}

const sweep = () => sweepSilentDevices(server.service.deps);

async function mails(to: string) {
  return server.service.store.db
    .selectFrom('mail_outbox')
    .select(['subject', 'text_body', 'html_body'])
    .where('to_address', '=', to.toLowerCase())
    .where('text_body', 'like', '%/keep-device/%')
    .orderBy('created_at')
    .execute();
}

test(`a product's inactiveAfter is validated, kept and changed by the operator (${DIALECT})`, async () => {
  const base = {
    name: 'P',
    app: 'seatpost-security',
    appVersions: '>=21',
    regions: [],
    business: false,
    perUserService: false,
  };
  const bad = await server.operator.post('/v1/operator/products', {
    ...base,
    id: 'bad-inactive',
    inactiveAfter: '90',
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'VALIDATION_FAILED');
  const short = await server.operator.post('/v1/operator/products', {
    ...base,
    id: 'short-inactive',
    inactiveAfter: '23h',
  });
  assert.equal(short.status, 400);
  assert.equal(short.body.pointer, '/inactiveAfter');
  const made = await server.operator.post('/v1/operator/products', { ...base, id: 'never-inactive' });
  assert.equal(made.status, 201);
  assert.equal(made.body.inactiveAfter, undefined);
  const set = await server.operator.patch('/v1/operator/products/never-inactive', { inactiveAfter: '2w' });
  assert.equal(set.status, 200);
  assert.equal(set.body.inactiveAfter, '2w');
  const unset = await server.operator.patch('/v1/operator/products/never-inactive', { inactiveAfter: null });
  assert.equal(unset.body.inactiveAfter, undefined);
  assert.equal(
    (await server.operator.patch('/v1/operator/products/nope', { inactiveAfter: '9d' })).status,
    404,
  );
});

test(`silent devices: warned once in the owner's language, kept from the portal, the link or a check-in, else ended (${DIALECT})`, async () => {
  const product = await server.operator.post('/v1/operator/products', {
    id: 'silent-product',
    name: 'Seatpost Total',
    app: 'seatpost-security',
    appVersions: '>=21.0.0 <23',
    regions: [],
    business: false,
    perUserService: false,
    inactiveAfter: '90d',
  });
  assert.equal(product.status, 201);
  assert.equal(product.body.inactiveAfter, '90d');
  const customer = await server.newCustomer({ language: 'da' });
  const sub = await server.subscriptionFor(customer, { product: 'silent-product', seats: 5 });
  const ending = await activeDevice(customer, sub.id, 'Gamle bærbar');
  const keptInPortal = await activeDevice(customer, sub.id, 'Stue-pc');
  const checksIn = await activeDevice(customer, sub.id, 'Kontor-pc');
  const keptByLink = await activeDevice(customer, sub.id, 'Sommerhus-pc');

  clock.advance(75 * DAY);
  assert.deepEqual(await sweep(), { warned: 0, ended: 0 });
  assert.deepEqual((await customer.api.get('/v1/me/silent-devices')).body.devices, []);

  clock.advance(DAY);
  // Two sweeps at once, and again: each device's warning, and its email, once.
  const [x, y] = await Promise.all([sweep(), sweep()]);
  assert.equal(x.warned + y.warned, 4);
  assert.deepEqual(await sweep(), { warned: 0, ended: 0 });
  const warnings = await mails(customer.email);
  assert.equal(warnings.length, 4);
  const mail = warnings.find((m) => m.subject.startsWith('Gamle bærbar'))!;
  assert.match(mail.subject, /har ikke meldt sig/);
  assert.match(mail.text_body, /Seatpost Total den 30\. maj 2027/);
  assert.match(mail.html_body, /Behold denne enhed/);

  const silent = (await customer.api.get('/v1/me/silent-devices')).body.devices;
  assert.equal(silent.length, 4);
  assert.equal(silent[0].endsAt, '2027-05-30T09:00:00.000Z');
  assert.deepEqual(silent[0].products, [{ id: 'silent-product', name: 'Seatpost Total' }]);

  // Kept in the portal: its silence starts again; its "last seen" stays the truth.
  const kept = await customer.api.post(`/v1/me/devices/${keptInPortal.deviceId}/keep`);
  assert.equal(kept.status, 200);
  const other = await server.newCustomer();
  assert.equal((await other.api.post(`/v1/me/devices/${keptInPortal.deviceId}/keep`)).status, 404);
  // A check-in keeps it too.
  assert.equal((await checksIn.api.post('/v1/device/check-in', {})).status, 200);
  await server.service.deps.lastSeen.flush(); // what its 2-second timer does

  // The email's link: opening it changes nothing (mail scanners open links); its button keeps.
  const link = warnings
    .find((m) => m.subject.startsWith('Sommerhus-pc'))!
    .text_body.split('\n')
    .find((l) => l.includes('/keep-device/'))!;
  const path = new URL(link).pathname;
  const page = await server.anonymous().get(path);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /text\/html/);
  assert.match(page.body, /<html lang="da"/);
  assert.match(page.body, /<form method="post">/);
  const keeps = () => server.service.store.db.selectFrom('device_keeps').select('device_id').execute();
  assert.deepEqual(
    (await keeps()).map((k) => k.device_id),
    [keptInPortal.deviceId],
  );
  const pressed = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    body: '',
  });
  assert.equal(pressed.status, 200);
  assert.match(await pressed.text(), /beholder sin plads/);
  assert.equal((await keeps()).length, 2);
  const forged = await fetch(server.url + path, {
    method: 'POST',
    headers: { origin: 'https://evil.example' },
  });
  assert.equal(forged.status, 403);
  assert.equal((await server.anonymous().get('/keep-device/not-a-token')).status, 404);

  const left = (await customer.api.get('/v1/me/silent-devices')).body.devices;
  assert.deepEqual(
    left.map((d: { deviceId: string }) => d.deviceId),
    [ending.deviceId],
  );

  // The end, once the date and the lag of "last seen" have passed.
  clock.advance(14 * DAY);
  assert.deepEqual(await sweep(), { warned: 0, ended: 0 });
  clock.advance(7 * 60_000);
  const [e1, e2] = await Promise.all([sweep(), sweep()]);
  assert.equal(e1.ended + e2.ended, 1);
  assert.deepEqual(await sweep(), { warned: 0, ended: 0 });

  const db = server.service.store.db;
  const activations = await db
    .selectFrom('activations')
    .select(['device_id', 'ended_because'])
    .where('subscription_id', '=', sub.id)
    .execute();
  const why = new Map(activations.map((a) => [a.device_id, a.ended_because]));
  assert.equal(why.get(ending.deviceId), 'inactive');
  for (const d of [keptInPortal, checksIn, keptByLink]) assert.equal(why.get(d.deviceId), null);
  assert.deepEqual((await ending.api.get('/v1/device/subscriptions')).body.subscriptions, []);
  const events = await db
    .selectFrom('webhook_messages')
    .select(['type', 'body'])
    .where('type', 'in', ['activation.ended', 'seat.released'])
    .execute();
  const ended = events.filter((e) => JSON.parse(e.body).data.deviceId === ending.deviceId);
  assert.deepEqual(ended.map((e) => e.type).sort(), ['activation.ended', 'seat.released']);
  for (const e of ended) assert.equal(JSON.parse(e.body).data.why, 'inactive');
  // The device is told (a revocation on its event feed, to acknowledge when it is back).
  const told = await db
    .selectFrom('device_events')
    .select('status')
    .where('device_id', '=', ending.deviceId)
    .where('status', '=', 'inactive')
    .execute();
  assert.equal(told.length, 1);
  // Its seat is free: the subscription counts three.
  const detail = await customer.api.get(`/v1/me/subscriptions/${sub.id}`);
  assert.equal(detail.body.seats.used, 3);
  // The link of an ended device no longer works.
  const endedLink = warnings
    .find((m) => m.subject.startsWith('Gamle bærbar'))!
    .text_body.split('\n')
    .find((l) => l.includes('/keep-device/'))!;
  assert.equal((await server.anonymous().get(new URL(endedLink).pathname)).status, 410);

  // The kept devices are warned again only after as long a silence again.
  assert.deepEqual(await sweep(), { warned: 0, ended: 0 });
  assert.equal((await mails(customer.email)).length, 4);
});
