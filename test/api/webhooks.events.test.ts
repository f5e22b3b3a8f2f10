import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expireOverdueDeliveries } from '../../src/app/sending/expiry.ts';
import { deliverDueWebhooks } from '../../src/app/webhooks/sender.ts';
import { upsertMembership } from '../../src/store/organizations.repository.ts';
import { consoleBase } from '../support/organizations.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * The rest of the event types, each from the change that causes it: undo, a device's failure,
 * expiry, an activation replaced by a newer one, and an organization's members.
 */
const WINDOW = 3_600_000;
const clock = new ManualClock();
let server: TestServer;
let receiver: WebhookReceiver;
before(async () => {
  server = await startTestServer({
    clock,
    deliveryWindowMs: WINDOW,
    settings: { webhookAllowPrivate: true },
  });
  receiver = await WebhookReceiver.start();
  const r = await server.operator.post('/v1/operator/webhook-endpoints', { url: receiver.url });
  assert.equal(r.status, 201);
  receiver.secrets = [r.body.secret];
});
after(async () => {
  await receiver.close();
  await server.close();
});

/** The events sent since the last call, as [type, data] (verified by the receiver). */
let seen = 0;
async function sent(...types: string[]) {
  await deliverDueWebhooks(server.service.deps);
  assert.deepEqual(receiver.rejected, []);
  const fresh = receiver.received.slice(seen);
  seen = receiver.received.length;
  return fresh
    .filter((r) => types.includes(r.payload.type))
    .map((r) => [r.payload.type, r.payload.data] as const);
}

test(`undo, a device's failure, expiry and a replaced activation (${DIALECT})`, async () => {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const first = await server.subscriptionFor(customer, { product: product.id });
  const second = await server.subscriptionFor(customer, { product: product.id });
  const device = await server.newDevice(customer);
  const deliveryTo = async (subscriptionId: string) =>
    (await server.send(customer, subscriptionId, [device.deviceId])).body.results[0].delivery.id as string;

  const undone = await deliveryTo(first.id);
  assert.equal((await customer.api.post(`/v1/me/deliveries/${undone}/undo`)).status, 200);
  const failed = await deliveryTo(first.id);
  const fail = await device.api.post(`/v1/device/deliveries/${failed}/fail`, { reason: 'USER_DECLINED' });
  assert.equal(fail.status, 200);
  const expired = await deliveryTo(first.id);
  clock.advance(WINDOW);
  assert.equal(await expireOverdueDeliveries(server.service.deps), 1);
  const events = await sent('delivery.cancelled', 'delivery.failed', 'delivery.expired');
  assert.deepEqual(
    events.map(([type, d]) => [type, d.deliveryId, d.reason]),
    [
      ['delivery.cancelled', undone, null],
      ['delivery.failed', failed, 'USER_DECLINED'],
      ['delivery.expired', expired, null],
    ],
  );

  for (const s of [first, second]) {
    const id = await deliveryTo(s.id);
    assert.equal((await device.api.post(`/v1/device/deliveries/${id}/complete`)).status, 200);
  }
  const activations = await sent('activation.started', 'activation.ended', 'seat.released');
  assert.deepEqual(
    activations.map(([type, d]) => [type, d.subscriptionId, d.why]),
    [
      ['activation.started', first.id, undefined],
      ['activation.ended', first.id, 'superseded'],
      ['seat.released', first.id, 'superseded'],
      ['activation.started', second.id, undefined],
    ],
  );
  assert.equal(activations[0]![1].activationId, activations[1]![1].activationId);
});

test(`an organization's members: added by invitation, role changed, removed (${DIALECT})`, async () => {
  const admin = await server.newCustomer();
  const member = await server.newCustomer();
  const created = await server.operator.post('/v1/operator/organizations', {
    name: 'Hooks ApS',
    admins: [admin.email],
  });
  const org = created.body.id as string;
  const mail = await server.service.deps.db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('to_address', '=', admin.email)
    .executeTakeFirstOrThrow();
  const token = /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
  assert.equal((await admin.api.post('/v1/console/invitations/accept', { token })).status, 200);
  await upsertMembership(
    server.service.deps.db,
    { organizationId: org, accountId: member.id, role: 'member' },
    clock.now(),
  );
  const path = `${consoleBase(org)}/members/${member.id}`;
  assert.equal((await admin.api.patch(path, { role: 'admin' })).status, 200);
  assert.equal((await admin.api.delete(path)).status, 204);
  const events = await sent(
    'organization.member_added',
    'organization.member_role_changed',
    'organization.member_removed',
  );
  assert.deepEqual(
    events.map(([type, d]) => [type, d.organizationId, d.accountId, d.role, d.previousRole]),
    [
      ['organization.member_added', org, admin.id, 'admin', undefined],
      ['organization.member_role_changed', org, member.id, 'admin', 'member'],
      ['organization.member_removed', org, member.id, 'admin', undefined],
    ],
  );
});
