import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import { Client } from '../support/http.ts';
import { newOrganization } from '../support/organizations.ts';
import { activate, seatsOf } from '../support/seat-plans.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';

/**
 * The vendor's staff (issue 18, item 2): made by the operator, signed in at the portal with two
 * factors, looking customers up and helping them, every action audited with a reason.
 */
let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server?.close());

const SHA = 'a'.repeat(64);

/** Two factors on through the portal's own API, with an authenticator no one here wrote. */
async function turnOnTwoFactors(c: Customer): Promise<void> {
  const started = await c.api.post('/v1/me/two-factor', { password: c.password });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const totp = OTPAuth.URI.parse(started.body.otpauthUri) as OTPAuth.TOTP;
  const confirmed = await c.api.post('/v1/me/two-factor/confirm', { code: totp.generate() });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
}

/** An account made staff by the operator, with two factors on unless `twoFactors: false`. */
async function newStaff(role: 'support' | 'admin', opts: { twoFactors?: boolean } = {}) {
  const c = await server.newCustomer({ name: `Staff ${role}` });
  const made = await server.operator.post('/v1/operator/staff', { email: c.email, role });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.deepEqual([made.body.accountId, made.body.role], [c.id, role]);
  if (opts.twoFactors !== false) await turnOnTwoFactors(c);
  return c;
}

/** A customer with a subscription held on one device, and a product with an installer to link to. */
async function customerWithSeat() {
  const product = await server.createProduct({ name: 'Seatpost Security' });
  const release = await server.operator.post(`/v1/operator/products/${product.id}/releases`, {
    platform: 'windows',
    version: '22.1.0',
    url: 'https://downloads.vendor.example/seatpost-22.1.0.msi',
    sha256: SHA,
  });
  assert.equal(release.status, 201, JSON.stringify(release.body));
  const customer = await server.newCustomer({ name: 'Karen Jensen' });
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 1 });
  const device = await server.newDevice(customer, { name: 'Karens laptop' });
  await activate(server, customer, sub.id, device);
  return { product, customer, sub, device };
}

async function staffAudit(staff: Customer, accountId: string) {
  const r = await staff.api.get(`/v1/staff/customers/${accountId}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.audit as any[];
}

describe(`vendor staff (${DIALECT})`, () => {
  test('the operator makes, lists and removes staff; only existing accounts', async () => {
    const support = await newStaff('support', { twoFactors: false });
    const listed = await server.operator.get('/v1/operator/staff');
    assert.ok(listed.body.staff.some((s: any) => s.email === support.email && s.role === 'support'));
    const promoted = await server.operator.post('/v1/operator/staff', {
      email: support.email,
      role: 'admin',
    });
    assert.equal(promoted.body.role, 'admin');
    const nobody = await server.operator.post('/v1/operator/staff', {
      email: 'nobody@example.com',
      role: 'support',
    });
    assert.deepEqual([nobody.status, nobody.body.code, nobody.body.pointer], [404, 'NOT_FOUND', '/email']);
    const badRole = await server.operator.post('/v1/operator/staff', { email: support.email, role: 'owner' });
    assert.deepEqual([badRole.status, badRole.body.code], [400, 'VALIDATION_FAILED']);
    assert.equal((await server.operator.delete(`/v1/operator/staff/${support.id}`)).status, 204);
    assert.equal((await server.operator.delete(`/v1/operator/staff/${support.id}`)).status, 404);
    assert.equal((await new Client(server.url).get('/v1/operator/staff')).status, 401);
  });

  test('staff need two factors; others are refused; the role is read on every request', async () => {
    const c = await newStaff('support', { twoFactors: false });
    const without = await c.api.get('/v1/staff/me');
    assert.deepEqual([without.status, without.body.code], [403, 'STAFF_TWO_FACTOR_REQUIRED']);
    await turnOnTwoFactors(c);
    const me = await c.api.get('/v1/staff/me');
    assert.equal(me.status, 200, JSON.stringify(me.body));
    assert.deepEqual(me.body, {
      accountId: c.id,
      email: c.email,
      role: 'support',
      actions: ['download_link.resend', 'invitation.resend', 'seat.free'],
    });

    // A customer is not staff; no session is not anyone.
    const customer = await server.newCustomer();
    const notStaff = await customer.api.get('/v1/staff/me');
    assert.deepEqual([notStaff.status, notStaff.body.code], [403, 'FORBIDDEN']);
    assert.equal((await new Client(server.url, { origin: server.url }).get('/v1/staff/me')).status, 401);

    // The same-origin rule of the portal: a write from elsewhere is refused.
    const cookie = [...c.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const foreign = await new Client(server.url, { origin: 'https://evil.example', cookie }).post(
      `/v1/staff/subscriptions/x/reinstate`,
      { reason: 'because' },
    );
    assert.deepEqual([foreign.status, foreign.body.code], [403, 'CSRF_REJECTED']);

    // Removed by the operator: refused at once.
    await server.operator.delete(`/v1/operator/staff/${c.id}`);
    assert.equal((await c.api.get('/v1/staff/me')).status, 403);
  });

  test('support looks a customer up by address or by reference, and sees their things', async () => {
    const support = await newStaff('support');
    const { customer, sub, device } = await customerWithSeat();

    // The customer sees only their own; support reaches others only through the staff lookup.
    assert.equal((await support.api.get(`/v1/me/subscriptions/${sub.id}`)).status, 404);

    const byEmail = await support.api.get(
      `/v1/staff/customers?email=${encodeURIComponent(customer.email.toUpperCase())}`,
    );
    assert.equal(byEmail.status, 200, JSON.stringify(byEmail.body));
    const view = byEmail.body;
    assert.deepEqual(
      [view.account.id, view.account.email, view.account.name],
      [customer.id, customer.email, 'Karen Jensen'],
    );
    assert.deepEqual(
      view.subscriptions.map((s: any) => [s.id, s.seats.used]),
      [[sub.id, 1]],
    );
    assert.deepEqual(
      view.subscriptions[0].seatHistory.map((h: any) => [h.deviceId, h.endedBecause]),
      [[device.deviceId, null]],
    );
    assert.deepEqual(
      view.devices.map((d: any) => d.id),
      [device.deviceId],
    );
    assert.equal(view.deliveries.length, 1);
    assert.equal(view.deliveries[0].status, 'completed');
    assert.equal(view.deliveries[0].deviceName, 'Karens laptop');
    assert.deepEqual(
      view.deliveries[0].timeline.map((t: any) => t.status),
      ['pending', 'completed'],
    );

    const missing = await support.api.get('/v1/staff/customers?email=nobody%40example.com');
    assert.deepEqual([missing.status, missing.body.code], [404, 'NOT_FOUND']);

    const made = await customer.api.post('/v1/me/support-references', {
      subscriptionId: sub.id,
      deviceId: device.deviceId,
      reasons: ['NO_FREE_SLOTS'],
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const ref = await support.api.get(`/v1/staff/references/${made.body.reference.toLowerCase()}`);
    assert.equal(ref.status, 200, JSON.stringify(ref.body));
    assert.deepEqual(
      [ref.body.accountId, ref.body.subscriptionId, ref.body.deviceId, ref.body.reasons],
      [customer.id, sub.id, device.deviceId, ['NO_FREE_SLOTS']],
    );
    assert.equal((await support.api.get('/v1/staff/references/SP-0000-0000')).status, 404);
  });

  test('support frees a seat and resends a download link, each audited with the reason', async () => {
    const support = await newStaff('support');
    const { customer, sub, device } = await customerWithSeat();

    const noReason = await support.api.post(`/v1/staff/devices/${device.deviceId}/free-seat`, {
      subscriptionId: sub.id,
    });
    assert.deepEqual([noReason.status, noReason.body.code], [400, 'VALIDATION_FAILED']);
    const blank = await support.api.post(`/v1/staff/devices/${device.deviceId}/free-seat`, {
      subscriptionId: sub.id,
      reason: '     ',
    });
    assert.deepEqual([blank.status, blank.body.pointer], [400, '/reason']);

    const freed = await support.api.post(`/v1/staff/devices/${device.deviceId}/free-seat`, {
      subscriptionId: sub.id,
      reason: 'Old laptop was stolen; customer called',
    });
    assert.equal(freed.status, 200, JSON.stringify(freed.body));
    assert.equal(freed.body.endedBecause, 'revoked');
    assert.equal((await seatsOf(customer, sub.id)).used, 0);
    const again = await support.api.post(`/v1/staff/devices/${device.deviceId}/free-seat`, {
      subscriptionId: sub.id,
      reason: 'twice',
    });
    assert.deepEqual([again.status, again.body.code], [409, 'NOT_ACTIVE_ON_DEVICE']);

    const link = await support.api.post(`/v1/staff/customers/${customer.id}/download-links`, {
      subscriptionId: sub.id,
      reason: 'Customer lost the first email',
    });
    assert.equal(link.status, 202, JSON.stringify(link.body));
    assert.equal(link.body.email, customer.email);
    const mailed = await server.service.store.db
      .selectFrom('mail_outbox')
      .select('text_body')
      .where('to_address', '=', customer.email)
      .execute();
    assert.ok(
      mailed.some((m) => /\/d\/\S+/.test(m.text_body)),
      'the link went to the outbox',
    );

    const audit = await staffAudit(support, customer.id);
    assert.deepEqual(
      audit.map((e) => [e.action, e.staff, e.reason, e.targetId]),
      [
        ['download_link.resend', support.email, 'Customer lost the first email', sub.id],
        ['seat.free', support.email, 'Old laptop was stolen; customer called', device.deviceId],
      ],
    );
    // The seat history says why the seat ended.
    const view = (await support.api.get(`/v1/staff/customers/${customer.id}`)).body;
    assert.equal(view.subscriptions[0].seatHistory[0].endedBecause, 'revoked');
  });

  test('reinstating and adding an admin are for the admin role; support is refused', async () => {
    const support = await newStaff('support');
    const admin = await newStaff('admin');
    const { customer, sub } = await customerWithSeat();
    assert.equal((await server.operator.post(`/v1/operator/subscriptions/${sub.id}/suspend`)).status, 200);

    const refused = await support.api.post(`/v1/staff/subscriptions/${sub.id}/reinstate`, {
      reason: 'Paid at last',
    });
    assert.deepEqual([refused.status, refused.body.code], [403, 'FORBIDDEN']);
    const done = await admin.api.post(`/v1/staff/subscriptions/${sub.id}/reinstate`, {
      reason: 'Paid at last',
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.state, 'active');
    const twice = await admin.api.post(`/v1/staff/subscriptions/${sub.id}/reinstate`, {
      reason: 'Paid at last',
    });
    assert.deepEqual([twice.status, twice.body.code], [409, 'INVALID_TRANSITION']);
    const audit = await staffAudit(admin, customer.id);
    assert.deepEqual(
      audit.map((e) => [e.action, e.staff, e.reason, e.detail]),
      [['subscription.reinstate', admin.email, 'Paid at last', { from: 'suspended' }]],
    );

    const { org } = await newOrganization(server, 'Fast Fisk ApS');
    const newAdmin = 'new.admin@example.com';
    const supportTries = await support.api.post(`/v1/staff/organizations/${org}/admins`, {
      email: newAdmin,
      reason: 'First admin left',
    });
    assert.deepEqual([supportTries.status, supportTries.body.code], [403, 'FORBIDDEN']);
    const added = await admin.api.post(`/v1/staff/organizations/${org}/admins`, {
      email: newAdmin,
      reason: 'First admin left',
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual([added.body.email, added.body.role], [newAdmin, 'admin']);

    // Support may resend it; both audits say who and why.
    const resent = await support.api.post(
      `/v1/staff/organizations/${org}/invitations/${added.body.id}/resend`,
      {
        reason: 'Went to spam',
      },
    );
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    const orgView = await support.api.get(`/v1/staff/organizations/${org}`);
    assert.equal(orgView.status, 200, JSON.stringify(orgView.body));
    assert.deepEqual(
      orgView.body.staffAudit.map((e: any) => [e.action, e.staff, e.reason]),
      [
        ['invitation.resend', support.email, 'Went to spam'],
        ['organization.add_admin', admin.email, 'First admin left'],
      ],
    );
    const logged = orgView.body.audit.filter((e: any) => e.detail.by === 'staff');
    assert.deepEqual(
      logged.map((e: any) => [e.action, e.actor, e.detail.reason]),
      [
        ['invitation.resend', support.email, 'Went to spam'],
        ['member.invite', admin.email, 'First admin left'],
      ],
    );
    assert.ok(orgView.body.invitations.some((i: any) => i.email === newAdmin));
  });
});
