import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { ParsedMail } from 'mailparser';
import { deliverDueMail, smtpTransport } from '../../src/app/shared/mail.ts';
import { inTransaction } from '../../src/store/database.ts';
import { claimNextMail } from '../../src/store/mail-outbox.repository.ts';
import { Client } from '../support/http.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { TestSmtp } from '../support/smtp.ts';

const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
const smtp = new TestSmtp();
let server: TestServer;
before(async () => {
  await smtp.start();
  server = await startTestServer({
    clock,
    settings: {
      downloadLinksPerAccountPerHour: 4,
      downloadLinksPerRecipientPerDay: 3,
      linkCodesPerLinkPerHour: 5,
    },
  });
});
after(async () => {
  await server?.close();
  await smtp.stop();
});

const WINDOWS_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
const MAC_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const transport = () => smtpTransport(smtp.url, 'Seatpost <no-reply@seatpost.test>');
const deliver = () => deliverDueMail(server.service.deps, transport());
const mailTo = (address: string): ParsedMail[] =>
  smtp.received.filter((m) => JSON.stringify(m.to ?? '').includes(address));

function tokenIn(text: string): string {
  const m = /\/d\/([A-Za-z0-9_-]+)/.exec(text);
  assert.ok(m, `a download link in:\n${text}`);
  return m[1]!;
}

async function upload(productId: string, platform: string, version: string, content: string, extra = {}) {
  const query = new URLSearchParams({
    platform,
    version,
    fileName: `demo-${version}-${platform}.txt`,
    ...extra,
  });
  const res = await fetch(`${server.url}/v1/operator/products/${productId}/releases?${query.toString()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.operatorKey}`, 'content-type': 'application/octet-stream' },
    body: content,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A product with installers for Windows and macOS (uploaded) and Android (the vendor's own URL). */
async function productWithInstallers(p: Parameters<TestServer['createProduct']>[0] = {}) {
  const product = await server.createProduct({ appVersions: '>=21.0.0 <23', ...p });
  assert.equal(
    (await upload(product.id, 'windows', '22.1.0', `windows installer of ${product.id}`)).status,
    201,
  );
  assert.equal((await upload(product.id, 'macos', '22.1.0', `macos installer of ${product.id}`)).status, 201);
  const android = await server.operator.post(`/v1/operator/products/${product.id}/releases`, {
    platform: 'android',
    version: '22.0.0',
    url: `https://downloads.example.com/${product.id}/app-22.0.0.apk`,
    sha256: 'a'.repeat(64),
    size: 31_000_000,
  });
  assert.equal(android.status, 201);
  return product;
}

async function sendLink(customer: Customer, subscriptionId: string, email: string) {
  return customer.api.post(`/v1/me/subscriptions/${subscriptionId}/download-links`, { email });
}

/** Sends a link to the customer's own address and returns its token, read from the mail that arrived. */
async function linkFor(customer: Customer, subscriptionId: string): Promise<string> {
  const r = await sendLink(customer, subscriptionId, customer.email);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  await deliver();
  const mails = mailTo(customer.email);
  return tokenIn(mails[mails.length - 1]!.text!);
}

describe(`installers (${DIALECT})`, () => {
  test('the operator uploads installers (SHA-256 computed and shown) or registers the vendor’s own URL', async () => {
    const product = await server.createProduct();
    const content = 'a small installer';
    const up = await upload(product.id, 'windows', '22.1.0', content, { fileName: 'Setup-22.1.0.exe' });
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.deepEqual(
      [up.body.platform, up.body.version, up.body.fileName, up.body.size, up.body.sha256, up.body.source],
      ['windows', '22.1.0', 'Setup-22.1.0.exe', content.length, sha256(content), 'upload'],
    );
    const external = await server.operator.post(`/v1/operator/products/${product.id}/releases`, {
      platform: 'macos',
      version: '22.1.0',
      url: 'https://cdn.example.com/Seatpost-22.1.0.dmg',
      sha256: 'B'.repeat(64),
    });
    assert.equal(external.status, 201);
    assert.deepEqual(
      [external.body.fileName, external.body.sha256, external.body.source, external.body.size],
      ['Seatpost-22.1.0.dmg', 'b'.repeat(64), 'external', null],
    );
    const listed = await server.operator.get(`/v1/operator/products/${product.id}/releases`);
    assert.deepEqual(
      listed.body.installers.map((i: any) => [i.platform, i.sha256]),
      [
        ['macos', 'b'.repeat(64)],
        ['windows', sha256(content)],
      ],
    );
  });

  test('refused: the same release twice, a wrong checksum (nothing kept), a bad URL or platform, another product', async () => {
    const product = await server.createProduct();
    assert.equal((await upload(product.id, 'linux', '22.0.0', 'x')).status, 201);
    const twice = await upload(product.id, 'linux', '22.0.0', 'y');
    assert.deepEqual([twice.status, twice.body.code], [409, 'ALREADY_EXISTS']);
    const wrong = await upload(product.id, 'linux', '22.0.1', 'z', { sha256: 'c'.repeat(64) });
    assert.deepEqual(
      [wrong.status, wrong.body.code, wrong.body.pointer],
      [400, 'VALIDATION_FAILED', '/sha256'],
    );
    const badPlatform = await upload(product.id, 'beos', '22.0.1', 'z');
    assert.equal(badPlatform.status, 400);
    const noVersion = await fetch(
      `${server.url}/v1/operator/products/${product.id}/releases?platform=linux`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${server.operatorKey}`,
          'content-type': 'application/octet-stream',
        },
        body: 'z',
      },
    );
    assert.deepEqual([noVersion.status, ((await noVersion.json()) as any).pointer], [400, '/version']);
    const javascript = await server.operator.post(`/v1/operator/products/${product.id}/releases`, {
      platform: 'ios',
      version: '22.0.0',
      url: 'javascript:alert(1)',
      sha256: 'a'.repeat(64),
    });
    assert.deepEqual([javascript.status, javascript.body.pointer], [400, '/url']);
    assert.equal((await upload('no-such-product', 'linux', '1.0.0', 'x')).status, 404);
    const anonymous = await fetch(`${server.url}/v1/operator/products/${product.id}/releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'x',
    });
    assert.equal(anonymous.status, 401);
    const listed = await server.operator.get(`/v1/operator/products/${product.id}/releases`);
    assert.deepEqual(
      listed.body.installers.map((i: any) => i.version),
      ['22.0.0'],
    );
  });
});

describe(`sending a download link (${DIALECT})`, () => {
  test('the link arrives by SMTP in the account’s language; its page installs; its code connects the device and applies the subscription', async () => {
    const product = await productWithInstallers({ name: 'Seatpost Sikkerhed' });
    const customer = await server.newCustomer({ language: 'da', name: 'Karen Hemmelig' });
    const sub = await server.subscriptionFor(customer, { product: product.id, seats: 2 });

    const downloads = await customer.api.get(`/v1/me/subscriptions/${sub.id}/downloads`, {
      'user-agent': MAC_UA,
    });
    assert.deepEqual(
      downloads.body.installers.map((i: any) => i.platform),
      ['macos', 'windows', 'android'],
      "the portal's list: the caller's platform first",
    );

    const recipient = `new-device-${Date.now()}@example.com`;
    const sent = await sendLink(customer, sub.id, recipient.toUpperCase());
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.equal(sent.body.email, recipient);
    assert.equal(sent.body.expiresAt, new Date(clock.now().getTime() + 7 * 86_400_000).toISOString());
    assert.equal(mailTo(recipient).length, 0, 'queued, not sent inside the request');

    assert.equal(await deliver(), 1);
    const [mail] = mailTo(recipient);
    assert.ok(mail, 'the mail arrived over SMTP');
    assert.equal(mail.subject, 'Dit downloadlink til Seatpost Sikkerhed');
    assert.ok(mail.html && mail.text, 'HTML and plain text');
    assert.match(mail.text, /udklipsholder/, 'says a code goes to the clipboard');
    assert.match(mail.text, /Linket virker indtil 8\. juni 2026/, 'says when the link expires');
    assert.ok(mail.messageId, 'a Message-ID');
    const token = tokenIn(mail.text);
    assert.equal(tokenIn(mail.html), token, 'the same link in both parts');

    const page = await server.anonymous().get(`/d/${token}`, { 'user-agent': WINDOWS_UA });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && csp.includes("default-src 'none'"), csp);
    assert.ok(page.body.includes(`<script nonce="${nonce}">`), 'the inline script carries the nonce');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const html = page.body as string;
    assert.match(html, /<html lang="da">/);
    assert.match(html, /engangskode/);
    const order = ['windows', 'macos', 'android'].map((p) => html.indexOf(`data-platform="${p}"`));
    assert.ok(
      order[0]! > 0 && order[0]! < order[1]! && order[1]! < order[2]!,
      "the visitor's platform first",
    );
    assert.ok(html.indexOf('Til denne enhed (Windows)') < order[0]!);
    for (const secret of [customer.email, 'Karen Hemmelig', sub.id, sub.activationCode])
      assert.ok(!html.includes(secret), `the page does not reveal ${secret}`);

    const windows = downloads.body.installers.find((i: any) => i.platform === 'windows');
    const file = await fetch(`${server.url}/d/${token}/installers/${windows.id}`);
    assert.equal(file.status, 200);
    assert.match(
      file.headers.get('content-disposition')!,
      /^attachment; filename="demo-22.1.0-windows.txt"$/,
    );
    assert.equal(await file.text(), `windows installer of ${product.id}`);
    const android = downloads.body.installers.find((i: any) => i.platform === 'android');
    const away = await fetch(`${server.url}/d/${token}/installers/${android.id}`, { redirect: 'manual' });
    assert.deepEqual(
      [away.status, away.headers.get('location'), away.headers.get('referrer-policy')],
      [302, `https://downloads.example.com/${product.id}/app-22.0.0.apk`, 'no-referrer'],
    );
    const otherProduct = await productWithInstallers();
    const foreign = (await server.operator.get(`/v1/operator/products/${otherProduct.id}/releases`)).body
      .installers[0];
    assert.equal((await fetch(`${server.url}/d/${token}/installers/${foreign.id}`)).status, 404);

    const code = await server.anonymous().post(`/d/${token}/code`);
    assert.equal(code.status, 201);
    assert.match(code.body.code, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    const connected = await server.anonymous().post('/v1/device/connect', {
      code: code.body.code,
      name: 'Ny bærbar',
      platform: 'windows',
      apps: [{ app: product.app, version: '22.1.0' }],
    });
    assert.equal(connected.status, 201, JSON.stringify(connected.body));
    assert.equal(connected.body.appliedSubscription.subscriptionId, sub.id);
    assert.equal(connected.body.notApplied, undefined);
    const device = new Client(server.url, { authorization: `Bearer ${connected.body.token}` });
    const current = await device.get('/v1/device/subscriptions');
    assert.deepEqual(
      current.body.subscriptions.map((s: any) => [s.app, s.subscriptionId]),
      [[product.app, sub.id]],
    );
    const detail = await customer.api.get(`/v1/me/subscriptions/${sub.id}`);
    assert.deepEqual(detail.body.seats, { total: 2, used: 1, reserved: 0 });
    assert.deepEqual(
      detail.body.devices.map((d: any) => [d.name, d.status, d.active]),
      [['Ny bærbar', 'completed', true]],
    );

    const again = await server.anonymous().post('/v1/device/connect', {
      code: code.body.code,
      name: 'Second try',
      platform: 'windows',
      apps: [{ app: product.app, version: '22.1.0' }],
    });
    assert.deepEqual([again.status, again.body.code], [400, 'CONNECT_CODE_INVALID'], 'a code works once');
  });

  test('when the rules do not allow it, the device connects anyway and the portal says why', async () => {
    const product = await productWithInstallers();
    const customer = await server.newCustomer();
    const sub = await server.subscriptionFor(customer, { product: product.id, seats: 3 });
    const token = await linkFor(customer, sub.id);
    const connectWith = async (name: string, version: string) => {
      const code = await server.anonymous().post(`/d/${token}/code`);
      return server.anonymous().post('/v1/device/connect', {
        code: code.body.code,
        name,
        platform: 'windows',
        apps: [{ app: product.app, version }],
      });
    };

    const old = await connectWith('Old PC', '20.3.0');
    assert.equal(old.status, 201);
    assert.deepEqual(old.body.notApplied, { subscriptionId: sub.id, reasons: ['INCOMPATIBLE_APP_VERSION'] });
    assert.equal(old.body.appliedSubscription, undefined);

    await server.operator.post(`/v1/operator/subscriptions/${sub.id}/block`);
    const blocked = await connectWith('Blocked PC', '22.1.0');
    assert.deepEqual(blocked.body.notApplied.reasons, ['SUBSCRIPTION_BLOCKED']);

    const devices = await customer.api.get('/v1/me/devices');
    assert.deepEqual(
      devices.body.devices.map((d: any) => d.name).sort(),
      ['Blocked PC', 'Old PC'],
      'both connected',
    );
    const detail = await customer.api.get(`/v1/me/subscriptions/${sub.id}`);
    assert.deepEqual(
      detail.body.devices
        .map((d: any) => [d.name, d.status, d.delivery.reason, d.active])
        .sort((a: string[], b: string[]) => a[0]!.localeCompare(b[0]!)),
      [
        ['Blocked PC', 'failed', 'SUBSCRIPTION_BLOCKED', false],
        ['Old PC', 'failed', 'INCOMPATIBLE_APP_VERSION', false],
      ],
    );
    assert.deepEqual(detail.body.seats, { total: 3, used: 0, reserved: 0 });
  });

  test('refusals carry the link’s reason codes, in the spec’s order; nothing is queued', async () => {
    const product = await productWithInstallers();
    const customer = await server.newCustomer();
    const expect = async (sub: { id: string }, reasons: string[]) => {
      const r = await sendLink(customer, sub.id, customer.email);
      assert.deepEqual([r.status, r.body.code, r.body.reasons], [409, 'SEND_REFUSED', reasons]);
    };

    const blocked = await server.subscriptionFor(customer, { product: product.id });
    await server.operator.post(`/v1/operator/subscriptions/${blocked.id}/block`);
    await expect(blocked, ['SUBSCRIPTION_BLOCKED']);
    const suspended = await server.subscriptionFor(customer, { product: product.id });
    await server.operator.post(`/v1/operator/subscriptions/${suspended.id}/suspend`);
    await expect(suspended, ['SUBSCRIPTION_SUSPENDED']);

    const full = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
    const device = await server.newDevice(customer, { apps: [{ app: product.app, version: '22.1.0' }] });
    const d = (await server.send(customer, full.id, [device.deviceId])).body.results[0].delivery;
    await device.api.post(`/v1/device/deliveries/${d.id}/complete`);
    await expect(full, ['NO_FREE_SLOTS']);

    const business = await productWithInstallers({ business: true });
    await expect(await server.subscriptionFor(customer, { product: business.id }), [
      'BUSINESS_NOT_FROM_PORTAL',
    ]);

    const soon = await server.subscriptionFor(customer, {
      product: product.id,
      seats: 1,
      expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
    });
    const second = await server.newDevice(customer, { apps: [{ app: product.app, version: '22.1.0' }] });
    const d2 = (await server.send(customer, soon.id, [second.deviceId])).body.results[0].delivery;
    await second.api.post(`/v1/device/deliveries/${d2.id}/complete`);
    await server.operator.post(`/v1/operator/subscriptions/${soon.id}/suspend`);
    clock.advance(2 * 86_400_000);
    await expect(soon, ['SUBSCRIPTION_EXPIRED', 'SUBSCRIPTION_SUSPENDED', 'NO_FREE_SLOTS']);

    const bare = await server.createProduct();
    const noInstallers = await server.subscriptionFor(customer, { product: bare.id });
    const none = await sendLink(customer, noInstallers.id, customer.email);
    assert.deepEqual([none.status, none.body.code], [409, 'NO_INSTALLERS']);

    const queued = await server.service.deps.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', customer.email)
      .execute();
    assert.equal(queued.length, 0, 'no mail for a refused link');
  });

  test('someone else’s subscription does not exist; the address is validated', async () => {
    const product = await productWithInstallers();
    const owner = await server.newCustomer();
    const sub = await server.subscriptionFor(owner, { product: product.id });
    const other = await server.newCustomer();
    const theirs = await sendLink(other, sub.id, other.email);
    assert.deepEqual([theirs.status, theirs.body.code], [404, 'NOT_FOUND']);
    assert.equal((await other.api.get(`/v1/me/subscriptions/${sub.id}/downloads`)).status, 404);
    for (const bad of [
      'not-an-address',
      'a@b',
      'someone@example.com\r\nBcc: victim@example.com',
      'x@y.com, z@w.com',
    ]) {
      const r = await sendLink(owner, sub.id, bad);
      assert.deepEqual([r.status, r.body.code, r.body.pointer], [400, 'VALIDATION_FAILED', '/email'], bad);
    }
    const anonymous = await server.anonymous().post(`/v1/me/subscriptions/${sub.id}/download-links`, {
      email: owner.email,
    });
    assert.equal(anonymous.status, 401);
    const crossSite = await owner.api.post(
      `/v1/me/subscriptions/${sub.id}/download-links`,
      { email: owner.email },
      { origin: 'https://evil.example' },
    );
    assert.deepEqual([crossSite.status, crossSite.body.code], [403, 'CSRF_REJECTED']);
  });

  test('rate limits: per account, per recipient, and one-time codes per link', async () => {
    const product = await productWithInstallers();
    const customer = await server.newCustomer();
    const sub = await server.subscriptionFor(customer, { product: product.id });
    for (let i = 0; i < 4; i++)
      assert.equal((await sendLink(customer, sub.id, `limit-${i}-${customer.email}`)).status, 202);
    const fifth = await sendLink(customer, sub.id, `limit-5-${customer.email}`);
    assert.deepEqual([fifth.status, fifth.body.code], [429, 'RATE_LIMITED'], 'per account');
    assert.ok(Number(fifth.headers.get('retry-after')) > 0);

    const recipient = `popular-${Date.now()}@example.com`;
    for (let i = 0; i < 3; i++) {
      const sender = await server.newCustomer();
      const s = await server.subscriptionFor(sender, { product: product.id });
      assert.equal((await sendLink(sender, s.id, recipient)).status, 202);
    }
    const sender = await server.newCustomer();
    const s = await server.subscriptionFor(sender, { product: product.id });
    const fourth = await sendLink(sender, s.id, recipient);
    assert.deepEqual([fourth.status, fourth.body.code], [429, 'RATE_LIMITED'], 'per recipient');
    const elsewhere = await sendLink(sender, s.id, sender.email);
    assert.equal(elsewhere.status, 202, 'the refused link did not count against the account');

    clock.advance(3_600_000);
    assert.equal((await sendLink(customer, sub.id, `later-${customer.email}`)).status, 202, 'a new hour');

    const token = await linkFor(sender, s.id);
    for (let i = 0; i < 5; i++) assert.equal((await server.anonymous().post(`/d/${token}/code`)).status, 201);
    const sixth = await server.anonymous().post(`/d/${token}/code`);
    assert.deepEqual([sixth.status, sixth.body.code], [429, 'RATE_LIMITED'], 'codes per link');
    const crossSite = await new Client(server.url, { origin: 'https://evil.example' }).post(
      `/d/${token}/code`,
    );
    assert.equal(crossSite.status, 403);
  });

  test('an expired or tampered link shows a clear page, not an error', async () => {
    const product = await productWithInstallers();
    const customer = await server.newCustomer({ language: 'da' });
    const sub = await server.subscriptionFor(customer, { product: product.id });
    const token = await linkFor(customer, sub.id);
    const installer = (await customer.api.get(`/v1/me/subscriptions/${sub.id}/downloads`)).body.installers[0];

    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, 'short', 'x'.repeat(150), `${token}extra`, 'has%20space']) {
      const page = await server.anonymous().get(`/d/${bad}`);
      assert.equal(page.status, 404, bad);
      assert.match(page.headers.get('content-type')!, /^text\/html/, bad);
      assert.match(page.body, /This link does not work/);
      assert.match(page.body, /Linket virker ikke/);
      assert.ok(!/at .*\.ts:\d+|Error:|stack/i.test(page.body), 'no trace');
    }
    assert.equal((await server.anonymous().post(`/d/${flipped}/code`)).status, 404);
    assert.equal((await fetch(`${server.url}/d/${flipped}/installers/${installer.id}`)).status, 404);

    clock.advance(7 * 86_400_000);
    const expired = await server.anonymous().get(`/d/${token}`);
    assert.equal(expired.status, 410);
    assert.match(expired.body, /<html lang="da">/);
    assert.match(expired.body, /Linket er udløbet/);
    const code = await server.anonymous().post(`/d/${token}/code`);
    assert.deepEqual([code.status, code.body.code], [410, 'DOWNLOAD_LINK_EXPIRED']);
    const file = await fetch(`${server.url}/d/${token}/installers/${installer.id}`);
    assert.equal(file.status, 410);
    assert.match(await file.text(), /udløbet|expired/);
  });

  test('without SMTP the mail waits in the local mailbox, which shows each account only its own', async () => {
    const product = await productWithInstallers();
    const customer = await server.newCustomer();
    const sub = await server.subscriptionFor(customer, { product: product.id });
    assert.equal((await sendLink(customer, sub.id, customer.email)).status, 202);
    const box = await customer.api.get('/v1/me/mailbox');
    assert.equal(box.status, 200);
    assert.equal(box.body.messages.length, 1);
    assert.match(box.body.messages[0].subject, /download link/);
    assert.ok(tokenIn(box.body.messages[0].text));
    const other = await server.newCustomer();
    assert.deepEqual((await other.api.get('/v1/me/mailbox')).body.messages, []);

    // A link sent to another address (the new device's owner) shows in the sender's mailbox,
    // so that the demo can be followed on one machine; the recipient's account does not see it.
    const friend = await server.newCustomer();
    assert.equal((await sendLink(customer, sub.id, friend.email)).status, 202);
    assert.equal((await customer.api.get('/v1/me/mailbox')).body.messages.length, 2);
    const theirs = (await friend.api.get('/v1/me/mailbox')).body.messages;
    assert.equal(theirs.length, 1, 'addressed to them: theirs too');
    assert.deepEqual((await other.api.get('/v1/me/mailbox')).body.messages, []);
  });
});

describe(`the mail outbox (${DIALECT})`, () => {
  test('SMTP down: the link waits, is retried with backoff, and arrives exactly once with one Message-ID', async () => {
    const product = await productWithInstallers();
    const customer = await server.newCustomer();
    const sub = await server.subscriptionFor(customer, { product: product.id });
    await deliver(); // nothing else waiting
    const port = smtp.port;
    await smtp.stop();
    assert.equal(
      (await sendLink(customer, sub.id, customer.email)).status,
      202,
      'sending does not need SMTP',
    );
    assert.equal(await deliver(), 1, 'tried once');
    assert.equal(await deliver(), 0, 'not again before its backoff');
    clock.advance(29_000);
    assert.equal(await deliver(), 0, 'still waiting (30 s)');
    clock.advance(1_000);
    assert.equal(await deliver(), 1, 'second try');
    const row = await server.service.deps.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', customer.email)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.attempts, row.sent_at], [2, null]);
    assert.ok(row.last_error);

    await smtp.start(port);
    clock.advance(59_000);
    assert.equal(await deliver(), 0, 'backoff doubles (60 s)');
    clock.advance(1_000);
    assert.equal(await deliver(), 1);
    clock.advance(3_600_000);
    assert.equal(await deliver(), 0, 'sent mail is never sent again');
    const arrived = mailTo(customer.email);
    assert.equal(arrived.length, 1, 'exactly once');
    assert.equal(arrived[0]!.messageId, row.message_id, 'the queued Message-ID');
  });

  test('a node that dies with a claimed message leaves it to the next worker once its lease ends', async () => {
    const product = await productWithInstallers();
    const customer = await server.newCustomer();
    const sub = await server.subscriptionFor(customer, { product: product.id });
    await deliver();
    assert.equal((await sendLink(customer, sub.id, customer.email)).status, 202);
    const now = clock.now();
    // A node claims it and dies before sending.
    const claimed = await inTransaction(server.service.deps.db, (tx) =>
      claimNextMail(tx, now, new Date(now.getTime() + 10 * 60_000)),
    );
    assert.ok(claimed);
    assert.equal(await deliver(), 0, 'leased to the dead node');
    clock.advance(10 * 60_000);
    assert.equal(await deliver(), 1);
    assert.equal(mailTo(customer.email).length, 1);
  });

  test('workers racing over the outbox send each message once', async () => {
    const product = await productWithInstallers();
    const recipients: string[] = [];
    for (let i = 0; i < 3; i++) {
      const customer = await server.newCustomer();
      const sub = await server.subscriptionFor(customer, { product: product.id });
      for (let j = 0; j < 2; j++) {
        const to = `race-${i}-${j}-${customer.email}`;
        recipients.push(to);
        assert.equal((await sendLink(customer, sub.id, to)).status, 202);
      }
    }
    const sent = await Promise.all([deliver(), deliver(), deliver()]);
    assert.equal(
      sent.reduce((a, b) => a + b, 0),
      recipients.length,
    );
    for (const to of recipients) assert.equal(mailTo(to).length, 1, to);
  });
});

test(`link tokens and one-time codes never reach the logs (${DIALECT})`, async () => {
  const lines: string[] = [];
  const logged = await startTestServer({
    logger: {
      level: 'trace',
      stream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    },
  });
  try {
    const product = await logged.createProduct();
    const up = await fetch(
      `${logged.url}/v1/operator/products/${product.id}/releases?platform=linux&version=22.1.0`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${logged.operatorKey}`,
          'content-type': 'application/octet-stream',
        },
        body: 'installer',
      },
    );
    const installer = (await up.json()) as any;
    const customer = await logged.newCustomer();
    const sub = await logged.subscriptionFor(customer, { product: product.id });
    assert.equal(
      (await customer.api.post(`/v1/me/subscriptions/${sub.id}/download-links`, { email: customer.email }))
        .status,
      202,
    );
    const token = tokenIn((await customer.api.get('/v1/me/mailbox')).body.messages[0].text);
    assert.equal((await logged.anonymous().get(`/d/${token}`)).status, 200);
    assert.equal((await fetch(`${logged.url}/d/${token}/installers/${installer.id}`)).status, 200);
    const code = (await logged.anonymous().post(`/d/${token}/code`)).body.code as string;
    const connected = await logged.anonymous().post('/v1/device/connect', {
      code,
      name: 'Logged',
      platform: 'linux',
      apps: [{ app: product.app, version: '22.1.0' }],
    });
    assert.equal(connected.status, 201);
    const log = lines.join('');
    assert.match(log, /"url":"\/d\/…"/, 'the page request is logged, masked');
    for (const secret of [token, code, code.replace('-', ''), connected.body.token])
      assert.ok(!log.includes(secret), `${secret} is not in the logs`);
  } finally {
    await logged.close();
  }
});
