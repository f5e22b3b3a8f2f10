import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { downloadLinkEmail } from '../../src/app/downloads/download-link-email.ts';
import { invitationEmail } from '../../src/app/shared/mail.ts';
import { useDownloadLinkServer } from '../support/download-links.ts';
import type { Answer } from '../support/http.ts';
import { consoleBase, newOrganization } from '../support/organizations.ts';
import { DIALECT } from '../support/server.ts';

/** A 400 problem+json naming the field. */
function refused(r: Answer, pointer: string, what: string) {
  assert.equal(r.status, 400, `${what}: ${JSON.stringify(r.body)}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
  assert.equal(r.body.code, 'VALIDATION_FAILED', what);
  assert.equal(r.body.pointer, pointer, what);
}

describe(`text at the boundary (${DIALECT})`, () => {
  const ctx = useDownloadLinkServer();
  const apps = [{ app: 'seatpost-security', version: '22.1.0' }];

  test('NUL in a device name at connect is refused, and the code still connects a good one', async () => {
    const customer = await ctx.server.newCustomer();
    const code = await ctx.server.connectCode(customer);
    const connect = (name: string) =>
      ctx.server.anonymous().post('/v1/device/connect', { code, name, platform: 'windows', apps });
    refused(await connect('Ann\u0000PC'), '/name', 'NUL');
    refused(await connect('Ann\r\nPC'), '/name', 'CR/LF');
    refused(await connect('   '), '/name', 'white space only');
    refused(await connect('\u200b\u202e '), '/name', 'nothing visible');
    assert.deepEqual((await customer.api.get('/v1/me/devices')).body.devices, [], 'nothing written');
    assert.equal((await connect('Ann PC')).status, 201, 'the code was not used up');
  });

  test('bidi controls and zero-width characters are stripped from a name, and it is trimmed', async () => {
    const customer = await ctx.server.newCustomer();
    const device = await ctx.server.newDevice(customer, {
      name: ' \u202eexe.\u202c Ann\u200b\ufeffPC\u2066 ',
    });
    const devices = (await customer.api.get('/v1/me/devices')).body.devices;
    assert.deepEqual(
      devices.map((d: any) => [d.id, d.name]),
      [[device.deviceId, 'exe. AnnPC']],
    );
    const renamed = await customer.api.patch(`/v1/me/devices/${device.deviceId}`, { name: '\u200f\t' });
    refused(renamed, '/name', 'a control character in a rename');
    refused(
      await customer.api.patch(`/v1/me/devices/${device.deviceId}`, { name: '\u200f ' }),
      '/name',
      'a rename to nothing visible',
    );
    assert.equal((await customer.api.get('/v1/me/devices')).body.devices[0].name, 'exe. AnnPC');
  });

  test('NUL in an app version at check-in is refused, and the stored apps stay as they were', async () => {
    const customer = await ctx.server.newCustomer();
    const device = await ctx.server.newDevice(customer, { apps });
    const r = await device.api.post('/v1/device/check-in', {
      apps: [{ app: 'seatpost-security', version: '22.2.0\u0000' }],
    });
    refused(r, '/apps/0/version', 'NUL in a version');
    const devices = (await customer.api.get('/v1/me/devices')).body.devices;
    assert.deepEqual(devices[0].apps, apps, 'nothing written');
    assert.equal(
      (await device.api.post('/v1/device/check-in', { apps })).status,
      200,
      'the next check-in works',
    );
  });

  test('NUL in an account name at sign-up is refused, and no account is made', async () => {
    const email = `nul-${Date.now()}@example.com`;
    const body = {
      email,
      password: 'correct horse battery',
      name: 'Ann\u0000',
      country: 'DK',
      language: 'en',
    };
    refused(await ctx.server.anonymous().post('/v1/auth/sign-up', body), '/name', 'NUL in a name');
    refused(
      await ctx.server.anonymous().post('/v1/auth/sign-up', { ...body, name: ' \u2060 ' }),
      '/name',
      'an empty name',
    );
    const signedUp = await ctx.server.anonymous().post('/v1/auth/sign-up', { ...body, name: ' Ann\u202e ' });
    assert.equal(signedUp.status, 202, 'the address was still free');
    const signedIn = await ctx.server
      .anonymous()
      .post('/v1/auth/sign-in', { email, password: body.password });
    assert.equal(signedIn.body.name, 'Ann');
  });

  test("NUL in a product's name is refused, and no product is made", async () => {
    const id = `nul-product-${Date.now()}`;
    const r = await ctx.server.operator.post('/v1/operator/products', {
      id,
      name: 'Security\u0000',
      app: 'seatpost-security',
      appVersions: '>=21.0.0',
      regions: [],
      business: false,
      perUserService: false,
    });
    refused(r, '/name', 'NUL in a product name');
    const products = (await ctx.server.operator.get('/v1/operator/products')).body.products;
    assert.ok(!products.some((p: any) => p.id === id), 'nothing written');
    refused(
      await ctx.server.operator.post('/v1/operator/organizations', {
        name: 'Evil\r\nBcc: victim@example.com',
        admins: ['admin@example.com'],
      }),
      '/name',
      'CR/LF in an organization name',
    );
  });

  test('%00 in a path id is refused on reads and writes', async () => {
    const customer = await ctx.server.newCustomer();
    const device = await ctx.server.newDevice(customer);
    refused(await customer.api.get('/v1/me/subscriptions/%00'), '/id', 'a read');
    refused(await customer.api.patch('/v1/me/devices/a%00b', { name: 'x' }), '/id', 'a rename');
    refused(await device.api.post('/v1/device/deliveries/%00/ack'), '/id', "a device's ack");
    refused(await ctx.server.operator.get('/v1/operator/products/%00/releases'), '/id', 'an operator read');
  });

  test("NUL in the console's filters (devices?name=, audit?action=) is refused", async () => {
    const { org, admin } = await newOrganization(ctx.server, 'Filter ApS');
    refused(await admin.api.get(`${consoleBase(org)}/devices?name=%00`), '/name', 'devices?name=');
    refused(
      await admin.api.get(`${consoleBase(org)}/audit?action=member.invite%00`),
      '/action',
      'audit?action=',
    );
    refused(await admin.api.get(`${consoleBase(org)}/audit?actor=%0d%0a`), '/actor', 'audit?actor=');
    assert.equal((await admin.api.get(`${consoleBase(org)}/devices?name=Reception`)).status, 200);
  });

  test('an invitation goes only to an address sign-up takes', async () => {
    const { org, admin } = await newOrganization(ctx.server, 'Invite ApS');
    const address = 'a!b@example.com';
    const signUp = await ctx.server.anonymous().post('/v1/auth/sign-up', {
      email: address,
      password: 'correct horse battery',
      name: 'Ab',
      country: 'DK',
      language: 'en',
    });
    assert.equal(signUp.status, 400, 'sign-up refuses it');
    refused(
      await admin.api.post(`${consoleBase(org)}/invitations`, { email: address, role: 'member' }),
      '/email',
      'an invitation',
    );
    refused(
      await ctx.server.operator.post('/v1/operator/organizations', { name: 'Other ApS', admins: [address] }),
      '/admins/0',
      "an organization's first admin",
    );
    const members = (await admin.api.get(`${consoleBase(org)}/members`)).body;
    assert.ok(!members.invitations.some((i: any) => i.email === address), 'nothing written');
    const fine = await admin.api.post(`${consoleBase(org)}/invitations`, {
      email: 'New.Member@Example.com',
      role: 'member',
    });
    assert.deepEqual([fine.status, fine.body.email], [201, 'new.member@example.com']);
  });

  test('email subjects are one line, even for a name stored with a line break', () => {
    const invitation = invitationEmail({
      to: 'a@example.com',
      organizationName: 'Evil\r\nBcc: victim@example.com',
      role: 'member',
      acceptUrl: 'https://seatpost.test/console/invitations/x',
      expiresAt: new Date('2026-06-08T00:00:00Z'),
    });
    assert.doesNotMatch(invitation.subject, /[\r\n]/);
    assert.match(invitation.subject, /^Invitation to Evil Bcc: victim@example.com on Seatpost/);
    const link = downloadLinkEmail({
      to: 'a@example.com',
      productName: 'Security\n\u202eSubject: x',
      url: 'https://seatpost.test/d/x',
      expiresAt: new Date('2026-06-08T00:00:00Z'),
      language: 'en',
      senderAccountId: 'account-1',
    });
    assert.equal(link.subject, 'Your download link for Security Subject: x');
  });

  // Last: it moves the clock a week on.
  test("a link's code lives no longer than its link", async () => {
    const product = await ctx.productWithInstallers();
    const customer = await ctx.server.newCustomer();
    const sub = await ctx.server.subscriptionFor(customer, { product: product.id });
    const sentAt = ctx.clock.now().getTime();
    const token = await ctx.linkFor(customer, sub.id);
    const linkExpires = sentAt + ctx.server.service.deps.settings.downloadLinkTtlMs;

    // Five minutes before the link expires; the code's own time would be an hour.
    ctx.clock.set(new Date(linkExpires - 5 * 60_000));
    const code = await ctx.server.anonymous().post(`/d/${token}/code`);
    assert.equal(code.status, 201, JSON.stringify(code.body));
    assert.ok(
      Date.parse(code.body.expiresAt) <= linkExpires,
      `the code expires with the link: ${code.body.expiresAt}`,
    );

    ctx.clock.set(new Date(linkExpires + 60_000));
    const connect = await ctx.server.anonymous().post('/v1/device/connect', {
      code: code.body.code,
      name: 'Late PC',
      platform: 'windows',
      apps,
    });
    assert.equal(connect.status, 400, JSON.stringify(connect.body));
    assert.equal(connect.body.code, 'CONNECT_CODE_INVALID');
    assert.deepEqual((await customer.api.get('/v1/me/devices')).body.devices, [], 'nothing connected');
  });
});
