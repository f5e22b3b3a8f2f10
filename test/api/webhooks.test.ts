import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliverDueWebhooks } from '../../src/app/webhooks/sender.ts';
import { WEBHOOK_RETRY_DELAYS_MS } from '../../src/domain/webhook-events.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { WebhookReceiver, verifyWith } from '../support/webhook-receiver.ts';

/**
 * Webhooks (issue 18) on a real server, sent to a real receiver on 127.0.0.1 (the allow-private
 * setting on) that verifies every message with the `standardwebhooks` package. The job is called
 * directly, and retries come due by moving the clock.
 */
const clock = new ManualClock();
let server: TestServer;
const receivers: WebhookReceiver[] = [];
before(async () => {
  server = await startTestServer({
    clock,
    settings: { webhookAllowPrivate: true, webhookTimeoutMs: 700, operatorEmail: 'ops@vendor.example' },
  });
});
after(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await server.close();
});

const send = () => deliverDueWebhooks(server.service.deps);
const base = '/v1/operator/webhook-endpoints';

/** A receiver and an endpoint for it (all events unless given); the endpoint is the test's alone. */
async function endpoint(events?: string[]) {
  const receiver = await WebhookReceiver.start();
  receivers.push(receiver);
  const r = await server.operator.post(base, { url: receiver.url, ...(events ? { events } : {}) });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  receiver.secrets = [r.body.secret];
  return { receiver, id: r.body.id as string, secret: r.body.secret as string };
}
async function remove(id: string) {
  assert.equal((await server.operator.delete(`${base}/${id}`)).status, 204);
}

test(`every change is a verified webhook, in order (${DIALECT})`, async () => {
  const { receiver, id, secret } = await endpoint();
  assert.match(secret, /^whsec_/);
  assert.ok(Buffer.from(secret.slice(6), 'base64').length >= 24);
  const listed = await server.operator.get(base);
  assert.equal(listed.status, 200);
  const mine = listed.body.endpoints.find((e: { id: string }) => e.id === id);
  assert.equal(mine.url, receiver.url);
  assert.equal(mine.enabled, true);
  assert.ok(!JSON.stringify(listed.body).includes(secret.slice(6)), 'the secret is shown once only');

  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 2 });
  const device = await server.newDevice(customer);
  const sent = await server.send(customer, sub.id, [device.deviceId]);
  const delivery = sent.body.results[0].delivery;
  assert.equal((await device.api.post(`/v1/device/deliveries/${delivery.id}/ack`)).status, 200);
  assert.equal((await device.api.post(`/v1/device/deliveries/${delivery.id}/complete`)).status, 200);
  assert.equal((await customer.api.delete(`/v1/me/devices/${device.deviceId}`)).status, 204);
  // Nothing is sent before the job runs: the events wait in the outbox.
  assert.equal(receiver.received.length, 0);
  await send();

  assert.deepEqual(receiver.rejected, []);
  assert.deepEqual(
    receiver.received.map((r) => r.payload.type),
    [
      'subscription.issued',
      'device.connected',
      'delivery.pending',
      'delivery.delivered',
      'activation.started',
      'delivery.completed',
      'activation.ended',
      'seat.released',
      'device.disconnected',
    ],
  );
  for (const r of receiver.received) {
    verifyWith(secret, r);
    assert.match(r.id, /^msg_/);
    assert.equal(typeof r.payload.timestamp, 'string');
  }
  assert.equal(new Set(receiver.received.map((r) => r.id)).size, receiver.received.length);
  assert.equal(receiver.ofTypes('delivery.pending')[0]!.payload.data.deliveryId, delivery.id);
  assert.equal(receiver.ofTypes('activation.ended')[0]!.payload.data.why, 'disconnected');
  assert.equal(receiver.ofTypes('subscription.issued')[0]!.payload.data.subscriptionId, sub.id);
  // Sent once: another run has nothing to do.
  assert.equal(await send(), 0);
  assert.equal(receiver.received.length, 9);
  await remove(id);
});

test(`an endpoint gets only the event types it asked for; a disabled one gets none (${DIALECT})`, async () => {
  const { receiver, id } = await endpoint(['subscription.blocked', 'subscription.reinstated']);
  const product = await server.createProduct();
  const issued = await server.issueSubscription({ product: product.id });
  for (const action of ['block', 'reinstate'])
    assert.equal(
      (await server.operator.post(`/v1/operator/subscriptions/${issued.id}/${action}`)).status,
      200,
    );
  await send();
  assert.deepEqual(
    receiver.received.map((r) => [r.payload.type, r.payload.data.subscriptionId]),
    [
      ['subscription.blocked', issued.id],
      ['subscription.reinstated', issued.id],
    ],
  );
  assert.equal((await server.operator.post(`${base}/${id}/disable`)).body.enabled, false);
  assert.equal((await server.operator.post(`/v1/operator/subscriptions/${issued.id}/block`)).status, 200);
  await send();
  assert.equal(receiver.received.length, 2);
  assert.equal((await server.operator.post(`${base}/${id}/enable`)).body.enabled, true);
  await remove(id);
  assert.equal((await server.operator.get(`${base}/${id}`)).status, 404);
});

test(`a failing receiver is retried on the schedule; the attempt log; a manual retry (${DIALECT})`, async () => {
  const { receiver, id } = await endpoint(['subscription.suspended']);
  receiver.respond = (_r, n) => ({ status: n <= 2 ? 503 : 200 });
  const product = await server.createProduct();
  const issued = await server.issueSubscription({ product: product.id });
  await server.operator.post(`/v1/operator/subscriptions/${issued.id}/suspend`);

  assert.equal(await send(), 1);
  assert.equal(await send(), 0, 'not due again before its backoff');
  clock.advance(WEBHOOK_RETRY_DELAYS_MS[0]!);
  assert.equal(await send(), 1);
  clock.advance(WEBHOOK_RETRY_DELAYS_MS[1]! - 1);
  assert.equal(await send(), 0);
  clock.advance(1);
  assert.equal(await send(), 1);
  assert.equal(receiver.received.length, 3);
  assert.equal(new Set(receiver.received.map((r) => r.id)).size, 1, 'the same message each time');

  const log = await server.operator.get(`${base}/${id}/deliveries`);
  assert.equal(log.status, 200);
  const attempts = [...log.body.attempts].reverse();
  assert.deepEqual(
    attempts.map((a: any) => [a.attempt, a.status, a.responseStatus, a.type]),
    [
      [1, 'failed', 503, 'subscription.suspended'],
      [2, 'failed', 503, 'subscription.suspended'],
      [3, 'succeeded', 200, 'subscription.suspended'],
    ],
  );
  assert.equal(
    Date.parse(attempts[0].nextAttemptAt) - Date.parse(attempts[0].startedAt),
    WEBHOOK_RETRY_DELAYS_MS[0],
  );
  assert.equal(attempts[2].nextAttemptAt, null);
  for (const a of attempts) assert.ok(Number.isInteger(a.latencyMs) && a.latencyMs >= 0);

  const retried = await server.operator.post(`${base}/${id}/deliveries/${attempts[0].id}/retry`);
  assert.equal(retried.status, 202);
  assert.equal(await send(), 1);
  assert.equal(receiver.received.length, 4);
  assert.equal(receiver.received[3]!.id, receiver.received[0]!.id);
  assert.equal((await server.operator.post(`${base}/${id}/deliveries/nope/retry`)).body.code, 'NOT_FOUND');
  assert.equal((await server.operator.get(`${base}/nope/deliveries`)).status, 404);
  await remove(id);
});

test(`a receiver that hangs times out, a slow 2xx succeeds, a redirect fails (${DIALECT})`, async () => {
  const { receiver, id } = await endpoint(['subscription.blocked']);
  const elsewhere = await WebhookReceiver.start();
  receivers.push(elsewhere);
  const answers = ['hang', { status: 200, delayMs: 300 }, { status: 307, location: elsewhere.url }] as const;
  receiver.respond = (_r, n) => answers[n - 1] ?? { status: 200 };
  const product = await server.createProduct();
  for (let i = 0; i < 3; i++) {
    const issued = await server.issueSubscription({ product: product.id });
    await server.operator.post(`/v1/operator/subscriptions/${issued.id}/block`);
  }
  assert.equal(await send(), 3);
  const attempts = [...(await server.operator.get(`${base}/${id}/deliveries`)).body.attempts].reverse();
  assert.equal(attempts.length, 3);
  assert.equal(attempts[0].status, 'failed');
  assert.equal(attempts[0].responseStatus, null);
  assert.match(attempts[0].error, /timed out/);
  assert.ok(attempts[0].latencyMs >= 600, `waited ${attempts[0].latencyMs} ms`);
  assert.equal(attempts[1].status, 'succeeded');
  assert.ok(attempts[1].latencyMs >= 250);
  assert.equal(attempts[2].status, 'failed');
  assert.equal(attempts[2].responseStatus, 307);
  assert.match(attempts[2].error, /redirect/);
  assert.equal(elsewhere.hits, 0, 'the redirect is not followed');
  await remove(id);
});

test(`a rotated secret signs beside the new one during the overlap, then alone (${DIALECT})`, async () => {
  const { receiver, id, secret: old } = await endpoint(['subscription.suspended']);
  const rotated = await server.operator.post(`${base}/${id}/rotate-secret`);
  assert.equal(rotated.status, 200);
  const fresh: string = rotated.body.secret;
  assert.notEqual(fresh, old);
  receiver.secrets = [old, fresh];
  const product = await server.createProduct();
  const issued = await server.issueSubscription({ product: product.id });
  await server.operator.post(`/v1/operator/subscriptions/${issued.id}/suspend`);
  await send();
  const during = receiver.received[0]!;
  assert.equal(during.signature.split(' ').length, 2);
  verifyWith(old, during);
  verifyWith(fresh, during);

  clock.set(new Date(Date.parse(rotated.body.previousSecretValidUntil) + 1));
  await server.operator.post(`/v1/operator/subscriptions/${issued.id}/suspend`);
  await send();
  const later = receiver.received[1]!;
  assert.equal(later.signature.split(' ').length, 1);
  verifyWith(fresh, later);
  assert.throws(() => verifyWith(old, later));
  assert.equal((await server.operator.post(`${base}/nope/rotate-secret`)).status, 404);
  await remove(id);
});

test(`an endpoint failing for three days is disabled and the operator emailed (${DIALECT})`, async () => {
  const { receiver, id } = await endpoint(['subscription.blocked']);
  receiver.respond = () => ({ status: 500 });
  const product = await server.createProduct();
  const issued = await server.issueSubscription({ product: product.id });
  await server.operator.post(`/v1/operator/subscriptions/${issued.id}/block`);
  assert.equal(await send(), 1);
  let total = 0;
  for (const delay of WEBHOOK_RETRY_DELAYS_MS) {
    total += delay;
    clock.advance(delay);
    assert.equal(await send(), 1);
  }
  assert.ok(total > 2.5 * 86_400_000 && total < 3.5 * 86_400_000, 'about three days');
  assert.equal(receiver.received.length, WEBHOOK_RETRY_DELAYS_MS.length + 1);
  const ep = (await server.operator.get(`${base}/${id}`)).body;
  assert.equal(ep.enabled, false);
  assert.equal(ep.disabledReason, 'failing');
  const log = (await server.operator.get(`${base}/${id}/deliveries`)).body.attempts;
  assert.equal(log[0].messageState, 'failed');
  assert.equal(log[0].nextAttemptAt, null);
  const mail = await server.service.deps.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', 'ops@vendor.example')
    .execute();
  assert.equal(mail.length, 1);
  assert.match(mail[0]!.text_body, new RegExp(id));
  // Disabled: no more attempts, even when due.
  clock.advance(86_400_000);
  assert.equal(await send(), 0);
  await remove(id);
});
