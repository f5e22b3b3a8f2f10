import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useDownloadLinkServer } from '../../support/download-links.ts';
import { DIALECT } from '../../support/server.ts';

describe(`using a download link (${DIALECT})`, () => {
  const ctx = useDownloadLinkServer();

  test('when the rules do not allow it, the device connects anyway and the portal says why', async () => {
    const product = await ctx.productWithInstallers();
    const customer = await ctx.server.newCustomer();
    const sub = await ctx.server.subscriptionFor(customer, { product: product.id, seats: 3 });
    const token = await ctx.linkFor(customer, sub.id);
    const connectWith = async (name: string, version: string) => {
      const code = await ctx.server.anonymous().post(`/d/${token}/code`);
      return ctx.server.anonymous().post('/v1/device/connect', {
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

    await ctx.server.operator.post(`/v1/operator/subscriptions/${sub.id}/block`);
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

  test('an expired or tampered link shows a clear page, not an error', async () => {
    const product = await ctx.productWithInstallers();
    const customer = await ctx.server.newCustomer({ language: 'da' });
    const sub = await ctx.server.subscriptionFor(customer, { product: product.id });
    const token = await ctx.linkFor(customer, sub.id);
    const installer = (await customer.api.get(`/v1/me/subscriptions/${sub.id}/downloads`)).body.installers[0];

    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, 'short', 'x'.repeat(150), `${token}extra`, 'has%20space']) {
      const page = await ctx.server.anonymous().get(`/d/${bad}`);
      assert.equal(page.status, 404, bad);
      assert.match(page.headers.get('content-type')!, /^text\/html/, bad);
      assert.match(page.body, /This link does not work/);
      assert.match(page.body, /Linket virker ikke/);
      assert.ok(!/at .*\.ts:\d+|Error:|stack/i.test(page.body), 'no trace');
    }
    assert.equal((await ctx.server.anonymous().post(`/d/${flipped}/code`)).status, 404);
    assert.equal((await fetch(`${ctx.server.url}/d/${flipped}/installers/${installer.id}`)).status, 404);

    ctx.clock.advance(7 * 86_400_000);
    const expired = await ctx.server.anonymous().get(`/d/${token}`);
    assert.equal(expired.status, 410);
    assert.match(expired.body, /<html lang="da">/);
    assert.match(expired.body, /Linket er udløbet/);
    const code = await ctx.server.anonymous().post(`/d/${token}/code`);
    assert.deepEqual([code.status, code.body.code], [410, 'DOWNLOAD_LINK_EXPIRED']);
    const file = await fetch(`${ctx.server.url}/d/${token}/installers/${installer.id}`);
    assert.equal(file.status, 410);
    assert.match(await file.text(), /udløbet|expired/);
  });
});
