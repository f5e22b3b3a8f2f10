import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client } from '../../support/http.ts';
import { MAC_UA, WINDOWS_UA, tokenIn, useDownloadLinkServer } from '../../support/download-links.ts';
import { DIALECT } from '../../support/server.ts';

describe(`sending a download link (${DIALECT})`, () => {
  const ctx = useDownloadLinkServer();

  test('the link arrives by SMTP in the account’s language; its page installs; its code connects the device and applies the subscription', async () => {
    const product = await ctx.productWithInstallers({ name: 'Seatpost Sikkerhed' });
    const customer = await ctx.server.newCustomer({ language: 'da', name: 'Karen Hemmelig' });
    const sub = await ctx.server.subscriptionFor(customer, { product: product.id, seats: 2 });

    const downloads = await customer.api.get(`/v1/me/subscriptions/${sub.id}/downloads`, {
      'user-agent': MAC_UA,
    });
    assert.deepEqual(
      downloads.body.installers.map((i: any) => i.platform),
      ['macos', 'windows', 'android'],
      "the portal's list: the caller's platform first",
    );

    const recipient = `new-device-${Date.now()}@example.com`;
    const sent = await ctx.sendLink(customer, sub.id, recipient.toUpperCase());
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.equal(sent.body.email, recipient);
    assert.equal(sent.body.expiresAt, new Date(ctx.clock.now().getTime() + 7 * 86_400_000).toISOString());
    assert.equal(ctx.mailTo(recipient).length, 0, 'queued, not sent inside the request');

    assert.equal(await ctx.deliver(), 1);
    const [mail] = ctx.mailTo(recipient);
    assert.ok(mail, 'the mail arrived over SMTP');
    assert.equal(mail.subject, 'Dit downloadlink til Seatpost Sikkerhed');
    assert.ok(mail.html && mail.text, 'HTML and plain text');
    assert.match(mail.text, /udklipsholder/, 'says a code goes to the clipboard');
    assert.match(mail.text, /Linket virker indtil 8\. juni 2026/, 'says when the link expires');
    assert.ok(mail.messageId, 'a Message-ID');
    const token = tokenIn(mail.text);
    assert.equal(tokenIn(mail.html), token, 'the same link in both parts');

    const page = await ctx.server.anonymous().get(`/d/${token}`, { 'user-agent': WINDOWS_UA });
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
    const file = await fetch(`${ctx.server.url}/d/${token}/installers/${windows.id}`);
    assert.equal(file.status, 200);
    assert.match(
      file.headers.get('content-disposition')!,
      /^attachment; filename="demo-22.1.0-windows.txt"$/,
    );
    assert.equal(await file.text(), `windows installer of ${product.id}`);
    const android = downloads.body.installers.find((i: any) => i.platform === 'android');
    const away = await fetch(`${ctx.server.url}/d/${token}/installers/${android.id}`, { redirect: 'manual' });
    assert.deepEqual(
      [away.status, away.headers.get('location'), away.headers.get('referrer-policy')],
      [302, `https://downloads.example.com/${product.id}/app-22.0.0.apk`, 'no-referrer'],
    );
    const otherProduct = await ctx.productWithInstallers();
    const foreign = (await ctx.server.operator.get(`/v1/operator/products/${otherProduct.id}/releases`)).body
      .installers[0];
    assert.equal((await fetch(`${ctx.server.url}/d/${token}/installers/${foreign.id}`)).status, 404);

    const code = await ctx.server.anonymous().post(`/d/${token}/code`);
    assert.equal(code.status, 201);
    assert.match(code.body.code, /^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    const connected = await ctx.server.anonymous().post('/v1/device/connect', {
      code: code.body.code,
      name: 'Ny bærbar',
      platform: 'windows',
      apps: [{ app: product.app, version: '22.1.0' }],
    });
    assert.equal(connected.status, 201, JSON.stringify(connected.body));
    assert.equal(connected.body.appliedSubscription.subscriptionId, sub.id);
    assert.equal(connected.body.notApplied, undefined);
    const device = new Client(ctx.server.url, { authorization: `Bearer ${connected.body.token}` });
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

    const again = await ctx.server.anonymous().post('/v1/device/connect', {
      code: code.body.code,
      name: 'Second try',
      platform: 'windows',
      apps: [{ app: product.app, version: '22.1.0' }],
    });
    assert.deepEqual([again.status, again.body.code], [400, 'CONNECT_CODE_INVALID'], 'a code works once');
  });

  test('refusals carry the link’s reason codes, in the spec’s order; nothing is queued', async () => {
    const product = await ctx.productWithInstallers();
    const customer = await ctx.server.newCustomer();
    const expect = async (sub: { id: string }, reasons: string[]) => {
      const r = await ctx.sendLink(customer, sub.id, customer.email);
      assert.deepEqual([r.status, r.body.code, r.body.reasons], [409, 'SEND_REFUSED', reasons]);
    };

    const blocked = await ctx.server.subscriptionFor(customer, { product: product.id });
    await ctx.server.operator.post(`/v1/operator/subscriptions/${blocked.id}/block`);
    await expect(blocked, ['SUBSCRIPTION_BLOCKED']);
    const suspended = await ctx.server.subscriptionFor(customer, { product: product.id });
    await ctx.server.operator.post(`/v1/operator/subscriptions/${suspended.id}/suspend`);
    await expect(suspended, ['SUBSCRIPTION_SUSPENDED']);

    const full = await ctx.server.subscriptionFor(customer, { product: product.id, seats: 1 });
    const device = await ctx.server.newDevice(customer, { apps: [{ app: product.app, version: '22.1.0' }] });
    const d = (await ctx.server.send(customer, full.id, [device.deviceId])).body.results[0].delivery;
    await device.api.post(`/v1/device/deliveries/${d.id}/complete`);
    await expect(full, ['NO_FREE_SLOTS']);

    const business = await ctx.productWithInstallers({ business: true });
    await expect(await ctx.server.subscriptionFor(customer, { product: business.id }), [
      'BUSINESS_NOT_FROM_PORTAL',
    ]);

    const soon = await ctx.server.subscriptionFor(customer, {
      product: product.id,
      seats: 1,
      expiresAt: new Date(ctx.clock.now().getTime() + 86_400_000).toISOString(),
    });
    const second = await ctx.server.newDevice(customer, { apps: [{ app: product.app, version: '22.1.0' }] });
    const d2 = (await ctx.server.send(customer, soon.id, [second.deviceId])).body.results[0].delivery;
    await second.api.post(`/v1/device/deliveries/${d2.id}/complete`);
    await ctx.server.operator.post(`/v1/operator/subscriptions/${soon.id}/suspend`);
    ctx.clock.advance(2 * 86_400_000);
    await expect(soon, ['SUBSCRIPTION_EXPIRED', 'SUBSCRIPTION_SUSPENDED', 'NO_FREE_SLOTS']);

    const bare = await ctx.server.createProduct();
    const noInstallers = await ctx.server.subscriptionFor(customer, { product: bare.id });
    const none = await ctx.sendLink(customer, noInstallers.id, customer.email);
    assert.deepEqual([none.status, none.body.code], [409, 'NO_INSTALLERS']);

    const queued = await ctx.server.service.deps.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('to_address', '=', customer.email)
      .execute();
    assert.equal(queued.length, 0, 'no mail for a refused link');
  });

  test('someone else’s subscription does not exist; the address is validated', async () => {
    const product = await ctx.productWithInstallers();
    const owner = await ctx.server.newCustomer();
    const sub = await ctx.server.subscriptionFor(owner, { product: product.id });
    const other = await ctx.server.newCustomer();
    const theirs = await ctx.sendLink(other, sub.id, other.email);
    assert.deepEqual([theirs.status, theirs.body.code], [404, 'NOT_FOUND']);
    assert.equal((await other.api.get(`/v1/me/subscriptions/${sub.id}/downloads`)).status, 404);
    for (const bad of [
      'not-an-address',
      'a@b',
      'someone@example.com\r\nBcc: victim@example.com',
      'x@y.com, z@w.com',
    ]) {
      const r = await ctx.sendLink(owner, sub.id, bad);
      assert.deepEqual([r.status, r.body.code, r.body.pointer], [400, 'VALIDATION_FAILED', '/email'], bad);
    }
    const anonymous = await ctx.server.anonymous().post(`/v1/me/subscriptions/${sub.id}/download-links`, {
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
    const product = await ctx.productWithInstallers();
    const customer = await ctx.server.newCustomer();
    const sub = await ctx.server.subscriptionFor(customer, { product: product.id });
    for (let i = 0; i < 4; i++)
      assert.equal((await ctx.sendLink(customer, sub.id, `limit-${i}-${customer.email}`)).status, 202);
    const fifth = await ctx.sendLink(customer, sub.id, `limit-5-${customer.email}`);
    assert.deepEqual([fifth.status, fifth.body.code], [429, 'RATE_LIMITED'], 'per account');
    assert.ok(Number(fifth.headers.get('retry-after')) > 0);

    const recipient = `popular-${Date.now()}@example.com`;
    for (let i = 0; i < 3; i++) {
      const sender = await ctx.server.newCustomer();
      const s = await ctx.server.subscriptionFor(sender, { product: product.id });
      assert.equal((await ctx.sendLink(sender, s.id, recipient)).status, 202);
    }
    const sender = await ctx.server.newCustomer();
    const s = await ctx.server.subscriptionFor(sender, { product: product.id });
    const fourth = await ctx.sendLink(sender, s.id, recipient);
    assert.deepEqual([fourth.status, fourth.body.code], [429, 'RATE_LIMITED'], 'per recipient');
    const elsewhere = await ctx.sendLink(sender, s.id, sender.email);
    assert.equal(elsewhere.status, 202, 'the refused link did not count against the account');

    ctx.clock.advance(3_600_000);
    assert.equal((await ctx.sendLink(customer, sub.id, `later-${customer.email}`)).status, 202, 'a new hour');

    const token = await ctx.linkFor(sender, s.id);
    for (let i = 0; i < 5; i++)
      assert.equal((await ctx.server.anonymous().post(`/d/${token}/code`)).status, 201);
    const sixth = await ctx.server.anonymous().post(`/d/${token}/code`);
    assert.deepEqual([sixth.status, sixth.body.code], [429, 'RATE_LIMITED'], 'codes per link');
    const crossSite = await new Client(ctx.server.url, { origin: 'https://evil.example' }).post(
      `/d/${token}/code`,
    );
    assert.equal(crossSite.status, 403);
  });
});
