import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

test(`export: the account's data as JSON (${DIALECT})`, async () => {
  const c = await server.newCustomer({ name: 'Ida Holm' });
  const product = await server.createProduct();
  const sub = await server.subscriptionFor(c, { product: product.id });
  const device = await server.newDevice(c, { name: 'Ida’s laptop' });
  const r = await c.api.get('/v1/me/export');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition') ?? '', /attachment/);
  assert.equal(r.body.account.email, c.email);
  assert.equal(r.body.account.name, 'Ida Holm');
  assert.deepEqual(
    r.body.subscriptions.map((s: { id: string }) => s.id),
    [sub.id],
  );
  assert.deepEqual(
    r.body.devices.map((d: { id: string }) => d.id),
    [device.deviceId],
  );
  assert.equal(r.body.sessions.length, 1);
});

test(`delete: password and second factor; devices disconnected, seats freed, sign-in gone, the address free again (${DIALECT})`, async () => {
  const c = await server.newCustomer();
  const product = await server.createProduct();
  const sub = await server.subscriptionFor(c, { product: product.id, seats: 1 });
  const device = await server.newDevice(c);
  const sent = await server.send(c, sub.id, [device.deviceId]);
  const deliveryId = sent.body.results[0].delivery.id;
  await device.api.post(`/v1/device/deliveries/${deliveryId}/ack`);
  assert.equal((await device.api.post(`/v1/device/deliveries/${deliveryId}/complete`)).status, 200);

  const started = await c.api.post('/v1/me/two-factor', { password: c.password });
  const totp = OTPAuth.URI.parse(started.body.otpauthUri) as OTPAuth.TOTP;
  await c.api.post('/v1/me/two-factor/confirm', { code: totp.generate() });
  const signedIn = await c.api.get('/v1/me');
  assert.equal(signedIn.body.twoFactorEnabled, true);

  const wrong = await c.api.post('/v1/me/delete', { password: 'not the password' });
  assert.equal(wrong.status, 401);
  const noCode = await c.api.post('/v1/me/delete', { password: c.password });
  assert.equal(noCode.status, 401);
  assert.equal(noCode.body.code, 'TWO_FACTOR_REQUIRED');
  const deleted = await c.api.post('/v1/me/delete', { password: c.password, code: totp.generate() });
  assert.equal(deleted.status, 204, JSON.stringify(deleted.body));

  assert.equal((await c.api.get('/v1/me')).status, 401, 'signed out');
  assert.equal((await device.api.post('/v1/device/check-in', {})).status, 401, 'the device is disconnected');
  const again = await server.anonymous().post('/v1/auth/sign-in', { email: c.email, password: c.password });
  assert.equal(again.status, 401);
  // The seat is free: the subscription, added again by its code, has room for another device.
  const next = await server.newCustomer();
  const added = await next.api.post('/v1/me/subscriptions', { activationCode: sub.activationCode });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const detail = await next.api.get(`/v1/me/subscriptions/${sub.id}`);
  assert.equal(detail.body.seats.used, 0);
  // The address can sign up again.
  assert.equal(
    (
      await server.anonymous().post('/v1/auth/sign-up', {
        email: c.email,
        password: 'marble lantern drift 7',
        name: 'New',
        country: 'DK',
        language: 'en',
      })
    ).status,
    202,
  );
  const rows = await server.service.store.db
    .selectFrom('user')
    .select(['email', 'name'])
    .where('id', '=', c.id)
    .execute();
  assert.deepEqual(rows, [{ email: `deleted-${c.id}@deleted.invalid`, name: 'Deleted account' }]);
});

test(`delete: audit entries stay without the address; the last admin must hand over first (${DIALECT})`, async () => {
  const admin = await server.newCustomer();
  const other = await server.newCustomer();
  const org = await server.operator.post('/v1/operator/organizations', {
    name: 'Holm ApS',
    admins: [admin.email],
  });
  assert.equal(org.status, 201, JSON.stringify(org.body));
  const orgId = org.body.id;
  const invitation = await server.service.store.db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('to_address', '=', admin.email)
    .execute();
  const token = invitation
    .map((m) => /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(m.text_body)?.[1])
    .find(Boolean);
  assert.equal((await admin.api.post('/v1/console/invitations/accept', { token })).status, 200);
  const invited = await admin.api.post(`/v1/console/organizations/${orgId}/invitations`, {
    email: other.email,
    role: 'admin',
  });
  assert.equal(invited.status, 201, JSON.stringify(invited.body));

  const refused = await admin.api.post('/v1/me/delete', { password: admin.password });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.code, 'LAST_ADMIN');
  assert.equal((await admin.api.get('/v1/me')).status, 200, 'still signed in');

  const rows = await server.service.store.db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('to_address', '=', other.email)
    .execute();
  const otherToken = rows
    .map((m) => /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(m.text_body)?.[1])
    .find(Boolean);
  assert.equal((await other.api.post('/v1/console/invitations/accept', { token: otherToken })).status, 200);
  assert.equal((await admin.api.post('/v1/me/delete', { password: admin.password })).status, 204);

  const audit = await server.service.store.db
    .selectFrom('audit_log')
    .select(['actor_account_id', 'actor_email', 'detail', 'ip'])
    .where('organization_id', '=', orgId)
    .execute();
  assert.ok(audit.length > 0, 'the audit entries are kept');
  for (const e of audit) assert.ok(!JSON.stringify(e).includes(admin.email), JSON.stringify(e));
  assert.ok(audit.some((e) => e.actor_account_id === admin.id));
});
