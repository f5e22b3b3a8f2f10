import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deliverDueWebhooks } from '../../src/app/webhooks/sender.ts';
import { Client } from '../support/http.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { newStaffMember } from '../support/staff.ts';
import { WebhookReceiver, verifyWith } from '../support/webhook-receiver.ts';

/**
 * Webhooks in the support console (issue 18): `/v1/staff/webhook-endpoints` offers staff with the
 * admin role what the operator key has, through the same use cases. Support is refused, no
 * session is a 401, and the SSRF rule answers the operator API's code. The deliveries reach a real
 * receiver on 127.0.0.1 (the allow-private setting on) that verifies them with `standardwebhooks`.
 */
let server: TestServer;
let strict: TestServer;
let receiver: WebhookReceiver;
before(async () => {
  server = await startTestServer({ settings: { webhookAllowPrivate: true } });
  strict = await startTestServer();
  receiver = await WebhookReceiver.start();
});
after(async () => {
  await receiver?.close();
  await server?.close();
  await strict?.close();
});

const base = '/v1/staff/webhook-endpoints';

describe(`webhooks for staff (${DIALECT})`, () => {
  test('an admin registers, lists, reads, rotates, reads the log, retries, disables and deletes', async () => {
    const admin = await newStaffMember(server, 'admin');
    const made = await admin.api.post(base, {
      url: receiver.url,
      events: ['subscription.issued', 'subscription.blocked'],
      description: 'Billing',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { id, secret } = made.body;
    assert.match(secret, /^whsec_/);
    receiver.secrets = [secret];

    // The same endpoint the operator key sees; the secret never again.
    const listed = await admin.api.get(base);
    assert.equal(listed.status, 200);
    const mine = listed.body.endpoints.find((e: { id: string }) => e.id === id);
    assert.deepEqual(
      [mine.url, mine.events, mine.enabled, mine.description],
      [receiver.url, ['subscription.issued', 'subscription.blocked'], true, 'Billing'],
    );
    assert.ok(!JSON.stringify(listed.body).includes(secret.slice(6)), 'the secret is shown once only');
    const byOperator = await server.operator.get(`/v1/operator/webhook-endpoints/${id}`);
    assert.deepEqual(byOperator.body, (await admin.api.get(`${base}/${id}`)).body);

    // An event it subscribed to, delivered and verified as a receiver would.
    const product = await server.createProduct();
    await server.issueSubscription({ product: product.id });
    assert.equal(await deliverDueWebhooks(server.service.deps), 1);
    assert.equal(receiver.rejected.length, 0, JSON.stringify(receiver.rejected));
    const [received] = receiver.ofTypes('subscription.issued');
    assert.ok(received);
    verifyWith(secret, received);
    const log = await admin.api.get(`${base}/${id}/deliveries`);
    assert.equal(log.status, 200);
    const [attempt] = log.body.attempts;
    assert.deepEqual(
      [attempt.type, attempt.attempt, attempt.status, attempt.responseStatus, attempt.messageId],
      ['subscription.issued', 1, 'succeeded', 204, received.id],
    );

    // A manual retry sends the same message again, under the same id.
    const retried = await admin.api.post(`${base}/${id}/deliveries/${attempt.id}/retry`);
    assert.deepEqual([retried.status, retried.body], [202, { messageId: received.id, state: 'pending' }]);
    assert.equal(await deliverDueWebhooks(server.service.deps), 1);
    assert.equal(receiver.ofTypes('subscription.issued').at(-1)?.id, received.id);
    const missing = await admin.api.post(`${base}/${id}/deliveries/no-such-attempt/retry`);
    assert.deepEqual([missing.status, missing.body.code], [404, 'NOT_FOUND']);

    // Rotation: a new secret once; the old one keeps signing beside it for the overlap.
    const rotated = await admin.api.post(`${base}/${id}/rotate-secret`);
    assert.equal(rotated.status, 200, JSON.stringify(rotated.body));
    assert.match(rotated.body.secret, /^whsec_/);
    assert.notEqual(rotated.body.secret, secret);
    assert.ok(Date.parse(rotated.body.previousSecretValidUntil) > Date.now());
    await server.issueSubscription({ product: product.id });
    assert.equal(await deliverDueWebhooks(server.service.deps), 1);
    const afterRotation = receiver.ofTypes('subscription.issued').at(-1)!;
    verifyWith(rotated.body.secret, afterRotation);
    verifyWith(secret, afterRotation);

    // Disabled and enabled again; then deleted.
    const disabled = await admin.api.post(`${base}/${id}/disable`);
    assert.deepEqual([disabled.body.enabled, disabled.body.disabledReason], [false, 'operator']);
    assert.equal((await admin.api.post(`${base}/${id}/enable`)).body.enabled, true);
    assert.equal((await admin.api.delete(`${base}/${id}`)).status, 204);
    assert.equal((await admin.api.get(`${base}/${id}`)).status, 404);
    assert.equal((await admin.api.delete(`${base}/${id}`)).status, 404);
    assert.ok(!(await admin.api.get(base)).body.endpoints.some((e: { id: string }) => e.id === id));
  });

  test('support is refused every call with 403; no session is a 401', async () => {
    const support = await newStaffMember(server, 'support');
    const made = await server.operator.post('/v1/operator/webhook-endpoints', { url: receiver.url });
    assert.equal(made.status, 201);
    const id = made.body.id as string;
    const calls: [string, string, unknown?][] = [
      ['GET', base],
      ['POST', base, { url: receiver.url }],
      ['POST', base, { nonsense: true }],
      ['GET', `${base}/${id}`],
      ['DELETE', `${base}/${id}`],
      ['POST', `${base}/${id}/disable`],
      ['POST', `${base}/${id}/rotate-secret`],
      ['GET', `${base}/${id}/deliveries`],
      ['POST', `${base}/${id}/deliveries/x/retry`],
    ];
    for (const [method, path, body] of calls) {
      const r = await support.api.request(method, path, body);
      assert.deepEqual([r.status, r.body.code], [403, 'FORBIDDEN'], `${method} ${path}`);
    }
    const anonymous = new Client(server.url, { origin: server.url });
    assert.equal((await anonymous.get(base)).status, 401);
    assert.equal((await anonymous.post(base, { url: receiver.url })).status, 401);
    // Nothing was changed by the refused calls.
    const still = await server.operator.get(`/v1/operator/webhook-endpoints/${id}`);
    assert.equal(still.body.enabled, true);
    await server.operator.delete(`/v1/operator/webhook-endpoints/${id}`);
  });

  test('a private or loopback address is refused with the operator API’s code; the portal’s origin rule holds', async () => {
    const admin = await newStaffMember(strict, 'admin');
    const cookie = [...admin.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const foreign = await new Client(strict.url, { origin: 'https://evil.example', cookie }).post(base, {
      url: 'https://example.com/',
    });
    assert.deepEqual([foreign.status, foreign.body.code], [403, 'CSRF_REJECTED']);
    for (const url of [
      'http://127.0.0.1:9/hooks',
      'http://10.1.2.3/',
      'http://[::1]/',
      'http://localhost/',
    ]) {
      const r = await admin.api.post(base, { url });
      assert.deepEqual([r.status, r.body.code], [400, 'WEBHOOK_URL_PRIVATE'], url);
      const op = await strict.operator.post('/v1/operator/webhook-endpoints', { url });
      assert.equal(op.body.code, r.body.code, url);
    }
    const bad = await admin.api.post(base, { url: 'not a url' });
    assert.deepEqual([bad.status, bad.body.code], [400, 'WEBHOOK_URL_INVALID']);
    const badEvent = await admin.api.post(base, { url: 'https://example.com/', events: ['delivery.lost'] });
    assert.deepEqual([badEvent.status, badEvent.body.code], [400, 'VALIDATION_FAILED']);
    assert.deepEqual((await admin.api.get(base)).body.endpoints, []);
  });
});
