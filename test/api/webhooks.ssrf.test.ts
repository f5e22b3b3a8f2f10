import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isInsideAddress } from '../../src/app/webhooks/target.ts';
import { deliverDueWebhooks } from '../../src/app/webhooks/sender.ts';
import { freshDatabase } from '../support/databases.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Where webhooks may not go (SSRF): with the allow-private setting off (the default), an
 * endpoint on a private, loopback, link-local or unique-local address, or on a name resolving to
 * one, is refused at registration with a clear code; URLs that are not URLs are a 400; and outside
 * development (the service's public URL not http on localhost) an endpoint must be https.
 */
let dev: TestServer;
let prod: TestServer;
let receiver: WebhookReceiver;
before(async () => {
  dev = await startTestServer();
  prod = await startTestServer({ publicUrl: 'https://seatpost.example' });
  receiver = await WebhookReceiver.start();
});
after(async () => {
  await receiver.close();
  await dev.close();
  await prod.close();
});

const base = '/v1/operator/webhook-endpoints';

test(`inside addresses and names resolving to them are refused (${DIALECT})`, async () => {
  const inside = [
    receiver.url, // 127.0.0.1, a real listening receiver
    'http://127.0.0.1/',
    'http://10.1.2.3/hook',
    'http://172.16.0.1/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
    'http://localhost:9/',
    'http://2130706433/', // 127.0.0.1 written as a number
  ];
  for (const url of inside) {
    const r = await dev.operator.post(base, { url });
    assert.equal(r.status, 400, url);
    assert.equal(r.body.code, 'WEBHOOK_URL_PRIVATE', url);
    assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
  }
  assert.equal(receiver.hits, 0);
  assert.deepEqual((await dev.operator.get(base)).body.endpoints, []);
});

test(`URLs that are not URLs, or not http(s), are a 400 (${DIALECT})`, async () => {
  for (const url of [
    'not a url',
    'https//missing-colon.example',
    'ftp://example.com/',
    'javascript:alert(1)',
  ]) {
    const r = await dev.operator.post(base, { url });
    assert.equal(r.status, 400, url);
    assert.equal(r.body.code, 'WEBHOOK_URL_INVALID', url);
  }
  const creds = await dev.operator.post(base, { url: 'https://user:pw@example.com/' });
  assert.equal(creds.body.code, 'WEBHOOK_URL_INVALID');
  const unknown = await dev.operator.post(base, { url: 'https://no-such-host.invalid/' });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.code, 'WEBHOOK_URL_UNRESOLVABLE');
  const badEvent = await dev.operator.post(base, { url: 'https://example.com/', events: ['delivery.lost'] });
  assert.equal(badEvent.status, 400);
  assert.equal((await dev.anonymous().post(base, { url: 'https://example.com/' })).status, 401);
});

test(`outside development an endpoint must be https (${DIALECT})`, async () => {
  const r = await prod.operator.post(base, { url: 'http://example.com/hook' });
  assert.equal(r.status, 400);
  assert.equal(r.body.code, 'WEBHOOK_URL_NOT_HTTPS');
  const inside = await prod.operator.post(base, { url: 'https://127.0.0.1/' });
  assert.equal(inside.body.code, 'WEBHOOK_URL_PRIVATE');
});

test('the address table', () => {
  for (const a of [
    '127.0.0.1',
    '10.0.0.1',
    '100.64.0.1',
    '169.254.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '::1',
    '::',
    'fc00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    'nonsense',
  ])
    assert.equal(isInsideAddress(a), true, a);
  for (const a of [
    '1.1.1.1',
    '8.8.8.8',
    '172.32.0.1',
    '2606:4700:4700::1111',
    '93.184.216.34',
    '::ffff:1.1.1.1',
  ])
    assert.equal(isInsideAddress(a), false, a);
});

test(`the address is checked again at every attempt: a refused one is a failed attempt, never a request (${DIALECT})`, async () => {
  // Registered while private addresses were allowed; the same database, now served without that setting.
  const db = await freshDatabase();
  const open = await startTestServer({ databaseUrl: db.url, settings: { webhookAllowPrivate: true } });
  const r = await open.operator.post(base, { url: receiver.url });
  assert.equal(r.status, 201);
  await open.stop();
  const strict = await startTestServer({ databaseUrl: db.url, secrets: open.secrets });
  try {
    const product = await strict.createProduct();
    await strict.issueSubscription({ product: product.id });
    assert.equal(await deliverDueWebhooks(strict.service.deps), 1);
    const [attempt] = (await strict.operator.get(`${base}/${r.body.id}/deliveries`)).body.attempts;
    assert.equal(attempt.status, 'failed');
    assert.equal(attempt.responseStatus, null);
    assert.match(attempt.error, /private, loopback or link-local/);
    assert.equal(receiver.hits, 0);
  } finally {
    await strict.stop();
    await db.drop();
  }
});
