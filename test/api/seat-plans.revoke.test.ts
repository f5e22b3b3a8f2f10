import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { SseReader } from '../support/sse.ts';
import { activate, currentOn, seatsOf } from '../support/seat-plans.ts';
import { newOrganization, managedDevice, consoleBase } from '../support/organizations.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

async function held(seats = 2) {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats });
  const device = await server.newDevice(customer);
  await activate(server, customer, sub.id, device);
  return { product, customer, sub, device };
}

test(`revoke: the seat is free at once, the device hears it, acks, and no longer lists it (${DIALECT})`, async () => {
  const { customer, sub, device } = await held();
  const stream = new SseReader(`${server.url}/v1/device/events`, { authorization: `Bearer ${device.token}` });
  assert.equal(await stream.status, 200);
  assert.equal((await seatsOf(customer, sub.id)).used, 1);

  const r = await customer.api.post(`/v1/me/devices/${device.deviceId}/revoke`, { subscriptionId: sub.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.endedBecause, 'revoked');
  assert.equal(r.body.subscriptionId, sub.id);
  assert.equal((await seatsOf(customer, sub.id)).used, 0);
  assert.deepEqual(await currentOn(device), []);

  const event = await stream.next((e) => e.event === 'revocation');
  assert.ok(event.id, 'the event has an id, so Last-Event-ID resumes it');
  assert.equal(event.data.revocation.subscriptionId, sub.id);
  assert.equal(event.data.revocation.because, 'revoked');
  assert.equal((await device.api.get('/v1/device/revocations')).body.revocations.length, 1);
  const ack = await device.api.post(`/v1/device/revocations/${event.data.revocation.id}/ack`);
  assert.equal(ack.status, 200);
  assert.ok(ack.body.ackedAt);
  assert.equal((await device.api.post(`/v1/device/revocations/${event.data.revocation.id}/ack`)).status, 200);
  assert.equal((await device.api.get('/v1/device/revocations')).body.revocations.length, 0);
  stream.close();

  // Resuming from before the revocation replays it.
  const resumed = new SseReader(`${server.url}/v1/device/events`, {
    authorization: `Bearer ${device.token}`,
    'last-event-id': String(Number(event.id) - 1),
  });
  assert.equal((await resumed.next((e) => e.event === 'revocation')).id, event.id);
  resumed.close();
  // The device stays connected: its token still works.
  assert.equal((await device.api.post('/v1/device/check-in', {})).status, 200);
});

test(`revoke twice, someone else's device, a subscription not on it: clear codes (${DIALECT})`, async () => {
  const { customer, sub, device } = await held();
  const path = `/v1/me/devices/${device.deviceId}/revoke`;
  assert.equal((await customer.api.post(path, { subscriptionId: sub.id })).status, 200);
  const again = await customer.api.post(path, { subscriptionId: sub.id });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'NOT_ACTIVE_ON_DEVICE');
  const stranger = await server.newCustomer();
  const theirs = await stranger.api.post(path, { subscriptionId: sub.id });
  assert.equal(theirs.status, 404);
  const other = await server.subscriptionFor(customer, { product: (await server.createProduct()).id });
  assert.equal(
    (await customer.api.post(path, { subscriptionId: other.id })).body.code,
    'NOT_ACTIVE_ON_DEVICE',
  );
  assert.equal((await seatsOf(customer, sub.id)).used, 0);
});

test(`revoke twice at once: exactly one wins (${DIALECT})`, async () => {
  const { customer, sub, device } = await held();
  const path = `/v1/me/devices/${device.deviceId}/revoke`;
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => customer.api.post(path, { subscriptionId: sub.id })),
  );
  assert.equal(answers.filter((a) => a.status === 200).length, 1);
  for (const a of answers.filter((a) => a.status !== 200)) assert.equal(a.body.code, 'NOT_ACTIVE_ON_DEVICE');
  const ended = await server.service.deps.db
    .selectFrom('activations')
    .select(['ended_because'])
    .where('subscription_id', '=', sub.id)
    .execute();
  assert.deepEqual(
    ended.map((e) => e.ended_because),
    ['revoked'],
  );
});

test(`revoke racing the device completing another subscription: one end, seats exact (${DIALECT})`, async () => {
  for (let round = 0; round < 4; round++) {
    const { product, customer, sub, device } = await held();
    const later = await server.subscriptionFor(customer, {
      product: product.id,
      expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
    });
    const sent = await server.send(customer, later.id, [device.deviceId]);
    const id = sent.body.results[0].delivery.id;
    const [revoke, complete] = await Promise.all([
      customer.api.post(`/v1/me/devices/${device.deviceId}/revoke`, { subscriptionId: sub.id }),
      device.api.post(`/v1/device/deliveries/${id}/complete`),
    ]);
    assert.equal(complete.status, 200);
    assert.ok([200, 409].includes(revoke.status), JSON.stringify(revoke.body));
    const rows = await server.service.deps.db
      .selectFrom('activations')
      .select(['ended_because'])
      .where('subscription_id', '=', sub.id)
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.ended_because, revoke.status === 200 ? 'revoked' : 'superseded');
    assert.deepEqual(await currentOn(device), [later.id]);
    assert.equal((await seatsOf(customer, sub.id)).used, 0);
    assert.equal((await seatsOf(customer, later.id)).used, 1);
  }
});

test(`console: an admin revokes from a managed device, audited; a member may not (${DIALECT})`, async () => {
  const { org, admin, member, subscription } = await newOrganization(server);
  const device = await managedDevice(server, org, admin);
  const sent = await admin.api.post(`${consoleBase(org)}/subscriptions/${subscription.id}/deliveries`, {
    deviceIds: [device.deviceId],
  });
  const id = sent.body.results[0].delivery.id;
  assert.equal((await device.api.post(`/v1/device/deliveries/${id}/complete`)).status, 200);
  const path = `${consoleBase(org)}/devices/${device.deviceId}/revoke`;
  const byMember = await member.api.post(path, { subscriptionId: subscription.id });
  assert.equal(byMember.status, 403);
  const r = await admin.api.post(path, { subscriptionId: subscription.id });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.endedBecause, 'revoked');
  assert.equal(
    (await admin.api.post(path, { subscriptionId: subscription.id })).body.code,
    'NOT_ACTIVE_ON_DEVICE',
  );
  const audit = await admin.api.get(`${consoleBase(org)}/audit?action=activation.revoke`);
  assert.equal(audit.body.entries.length, 1);
  assert.equal(audit.body.entries[0].targetId, device.deviceId);
  const detail = await admin.api.get(`${consoleBase(org)}/subscriptions/${subscription.id}`);
  assert.equal(detail.body.seats.used, 0);
});
