import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { upsertMembership } from '../../src/store/organizations.repository.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';
import { Client } from '../support/http.ts';
import { SseReader } from '../support/sse.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

const base = (org: string) => `/v1/console/organizations/${org}`;

/**
 * An organization with an admin and a member. Memberships are made directly (a test builder);
 * the invitation flow through email has its own test.
 */
async function newOrganization(name = 'Acme ApS') {
  const admin = await server.newCustomer();
  const member = await server.newCustomer();
  const created = await server.operator.post('/v1/operator/organizations', { name, admins: [admin.email] });
  assert.equal(created.status, 201);
  assert.deepEqual(
    created.body.invitations.map((i: any) => [i.email, i.role]),
    [[admin.email, 'admin']],
  );
  const org = created.body.id as string;
  const now = new Date();
  await upsertMembership(
    server.service.deps.db,
    { organizationId: org, accountId: admin.id, role: 'admin' },
    now,
  );
  await upsertMembership(
    server.service.deps.db,
    { organizationId: org, accountId: member.id, role: 'member' },
    now,
  );
  const product = await server.createProduct({ business: true, name: 'Small Office Security' });
  const subscription = await server.issueSubscription({
    product: product.id,
    organization: org,
    seats: 5,
  } as any);
  return { org, admin, member, product, subscription };
}

async function managedDevice(
  org: string,
  admin: Customer,
  opts: { name?: string; platform?: string; forAccountId?: string } = {},
) {
  const code = await admin.api.post(
    `${base(org)}/connect-codes`,
    opts.forAccountId ? { forAccountId: opts.forAccountId } : {},
  );
  assert.equal(code.status, 201, JSON.stringify(code.body));
  const r = await server.anonymous().post('/v1/device/connect', {
    code: code.body.code,
    name: opts.name ?? 'Reception PC',
    platform: opts.platform ?? 'windows',
    apps: [{ app: 'seatpost-security', version: '22.1.0' }],
  });
  assert.equal(r.status, 201);
  return {
    deviceId: r.body.deviceId as string,
    api: new Client(server.url, { authorization: `Bearer ${r.body.token}` }),
  };
}

describe(`admin console (${DIALECT})`, () => {
  test('an admin sends the organization subscription to managed devices; the device completes; statuses are live', async () => {
    const { org, admin, subscription } = await newOrganization();
    const d1 = await managedDevice(org, admin, { name: 'PC 1' });
    const d2 = await managedDevice(org, admin, { name: 'Mac 1', platform: 'macos' });
    const events = new SseReader(`${server.url}${base(org)}/events`, { cookie: cookieOf(admin) });
    assert.equal(await events.status, 200);

    const eligibility = await admin.api.get(`${base(org)}/subscriptions/${subscription.id}/eligibility`);
    assert.deepEqual(eligibility.body.devices.map((d: any) => [d.name, d.eligible]).sort(), [
      ['Mac 1', true],
      ['PC 1', true],
    ]);

    const sent = await admin.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: [d1.deviceId, d2.deviceId],
    });
    assert.equal(sent.status, 200);
    const delivery = sent.body.results.find((r: any) => r.deviceId === d1.deviceId).delivery;
    await events.next((e) => e.data.delivery?.id === delivery.id && e.data.delivery.status === 'pending');
    assert.equal((await d1.api.post(`/v1/device/deliveries/${delivery.id}/complete`)).status, 200);
    await events.next((e) => e.data.delivery?.id === delivery.id && e.data.delivery.status === 'completed');

    const detail = await admin.api.get(`${base(org)}/subscriptions/${subscription.id}`);
    assert.deepEqual(detail.body.seats, { total: 5, used: 1, reserved: 1 });
    events.close();
  });

  test('a member sees but cannot send, undo, or change anything', async () => {
    const { org, admin, member, subscription } = await newOrganization();
    const d = await managedDevice(org, admin);
    assert.equal((await member.api.get(`${base(org)}/subscriptions`)).status, 200);
    assert.equal((await member.api.get(`${base(org)}/devices`)).body.devices.length, 1);

    const refused = await member.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: [d.deviceId],
    });
    assert.deepEqual(refused.body.results, [{ deviceId: d.deviceId, reasons: ['NOT_SUBSCRIPTION_ADMIN'] }]);
    const pre = await member.api.get(`${base(org)}/subscriptions/${subscription.id}/eligibility`);
    assert.deepEqual(pre.body.devices[0].reasons, ['NOT_SUBSCRIPTION_ADMIN']);

    const sent = await admin.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: [d.deviceId],
    });
    const deliveryId = sent.body.results[0].delivery.id;
    const undo = await member.api.post(`${base(org)}/deliveries/${deliveryId}/undo`);
    assert.equal(undo.status, 403);
    assert.equal(undo.body.code, 'FORBIDDEN');
    for (const [method, path, body] of [
      ['PATCH', `${base(org)}/devices/${d.deviceId}`, { name: 'Mine now' }],
      ['DELETE', `${base(org)}/devices/${d.deviceId}`, undefined],
      ['POST', `${base(org)}/connect-codes`, {}],
      ['POST', `${base(org)}/invitations`, { email: 'x@example.com', role: 'admin' }],
      ['PATCH', `${base(org)}/members/${admin.id}`, { role: 'member' }],
      ['DELETE', `${base(org)}/members/${admin.id}`, undefined],
      ['GET', `${base(org)}/audit`, undefined],
      ['GET', `${base(org)}/audit.csv`, undefined],
    ] as const) {
      const r = await member.api.request(method, path, body);
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.equal(r.body.code, 'FORBIDDEN');
    }
    assert.equal(
      (await admin.api.get(`/v1/console/organizations/${org}/subscriptions/${subscription.id}`)).body
        .devices[0].status,
      'pending',
    );
  });

  test("an admin of one organization sees nothing of another's; a plain customer reaches no console", async () => {
    const a = await newOrganization('A ApS');
    const b = await newOrganization('B ApS');
    const dB = await managedDevice(b.org, b.admin);
    const sent = await b.admin.api.post(`${base(b.org)}/subscriptions/${b.subscription.id}/deliveries`, {
      deviceIds: [dB.deviceId],
    });
    const deliveryB = sent.body.results[0].delivery.id;
    const outsider = await server.newCustomer();

    for (const who of [a.admin, outsider]) {
      for (const [method, path, body] of [
        ['GET', `${base(b.org)}/subscriptions`, undefined],
        ['GET', `${base(b.org)}/subscriptions/${b.subscription.id}`, undefined],
        ['GET', `${base(b.org)}/subscriptions/${b.subscription.id}/eligibility`, undefined],
        [
          'POST',
          `${base(b.org)}/subscriptions/${b.subscription.id}/deliveries`,
          { deviceIds: [dB.deviceId] },
        ],
        ['POST', `${base(b.org)}/deliveries/${deliveryB}/undo`, undefined],
        ['GET', `${base(b.org)}/devices`, undefined],
        ['PATCH', `${base(b.org)}/devices/${dB.deviceId}`, { name: 'x' }],
        ['DELETE', `${base(b.org)}/devices/${dB.deviceId}`, undefined],
        ['GET', `${base(b.org)}/members`, undefined],
        ['GET', `${base(b.org)}/audit`, undefined],
        ['GET', `${base(b.org)}/events`, undefined],
      ] as const) {
        const r = await who.api.request(method, path, body);
        assert.equal(r.status, 404, `${method} ${path}`);
        assert.equal(r.body.code, 'NOT_FOUND');
      }
    }
    // A's admin using B's ids inside A's own console finds nothing either.
    assert.equal((await a.admin.api.get(`${base(a.org)}/subscriptions/${b.subscription.id}`)).status, 404);
    assert.equal((await a.admin.api.post(`${base(a.org)}/deliveries/${deliveryB}/undo`)).status, 404);
    const cross = await a.admin.api.post(`${base(a.org)}/subscriptions/${a.subscription.id}/deliveries`, {
      deviceIds: [dB.deviceId],
    });
    assert.deepEqual(cross.body.results, [{ deviceId: dB.deviceId, reasons: ['DEVICE_NOT_CONNECTED'] }]);
    assert.deepEqual((await outsider.api.get('/v1/console/organizations')).body, { organizations: [] });
    // B's delivery is untouched.
    assert.equal(
      (await b.admin.api.get(`${base(b.org)}/subscriptions/${b.subscription.id}`)).body.devices[0].status,
      'pending',
    );
  });

  test('a business subscription is not sent from the consumer portal, and is not visible there', async () => {
    const { org, admin, subscription, product } = await newOrganization();
    assert.equal((await admin.api.get(`/v1/me/subscriptions/${subscription.id}`)).status, 404);
    assert.deepEqual((await admin.api.get('/v1/me/devices')).body.devices, []);
    await managedDevice(org, admin);
    assert.deepEqual(
      (await admin.api.get('/v1/me/devices')).body.devices,
      [],
      'managed devices are not personal devices',
    );
    // A business subscription a consumer added by its code is refused in the portal.
    const consumer = await server.newCustomer();
    const own = await server.subscriptionFor(consumer, { product: product.id });
    const device = await server.newDevice(consumer);
    const r = await server.send(consumer, own.id, [device.deviceId]);
    assert.deepEqual(r.body.results, [{ deviceId: device.deviceId, reasons: ['BUSINESS_NOT_FROM_PORTAL'] }]);
  });

  test('unit user: seats count people, not devices', async () => {
    const { org, admin, member } = await newOrganization();
    const product = await server.createProduct({ business: true });
    const sub = await server.issueSubscription({
      product: product.id,
      organization: org,
      seats: 1,
      unit: 'user',
    } as any);
    const mine1 = await managedDevice(org, admin, { name: 'Admin PC' });
    const mine2 = await managedDevice(org, admin, { name: 'Admin laptop' });
    const theirs = await managedDevice(org, admin, { name: 'Member PC', forAccountId: member.id });
    const r = await admin.api.post(`${base(org)}/subscriptions/${sub.id}/deliveries`, {
      deviceIds: [mine1.deviceId, mine2.deviceId, theirs.deviceId],
    });
    assert.deepEqual(
      r.body.results.map((x: any) => ('delivery' in x ? 'sent' : x.reasons)),
      ['sent', 'sent', ['NO_FREE_SLOTS']],
    );
  });

  test('members: invite, change role, remove; the last admin stays', async () => {
    const { org, admin, member } = await newOrganization();
    const invited = await admin.api.post(`${base(org)}/invitations`, {
      email: 'new.person@example.com',
      role: 'member',
    });
    assert.equal(invited.status, 201);
    let list = await admin.api.get(`${base(org)}/members`);
    // The operator's invitation of the first admin is still open: the builder made the membership directly.
    assert.deepEqual(
      list.body.invitations.map((i: any) => i.email).sort(),
      [admin.email, 'new.person@example.com'].sort(),
    );
    assert.equal((await admin.api.patch(`${base(org)}/members/${member.id}`, { role: 'admin' })).status, 200);
    assert.equal(
      (await admin.api.patch(`${base(org)}/members/${member.id}`, { role: 'member' })).status,
      200,
    );
    const demoteSelf = await admin.api.patch(`${base(org)}/members/${admin.id}`, { role: 'member' });
    assert.equal(demoteSelf.status, 409);
    assert.equal(demoteSelf.body.code, 'LAST_ADMIN');
    assert.equal((await admin.api.delete(`${base(org)}/members/${admin.id}`)).body.code, 'LAST_ADMIN');
    assert.equal((await admin.api.delete(`${base(org)}/members/${member.id}`)).status, 204);
    list = await admin.api.get(`${base(org)}/members`);
    assert.deepEqual(
      list.body.members.map((m: any) => [m.email, m.role]),
      [[admin.email, 'admin']],
    );
    assert.equal((await member.api.get(`${base(org)}/subscriptions`)).status, 404, 'a removed member is out');
  });

  test('devices: filter, rename, group, remove (frees the seat); every change in the audit log, exportable as CSV', async () => {
    const { org, admin, subscription } = await newOrganization();
    const pc = await managedDevice(org, admin, { name: 'Reception PC' });
    await managedDevice(org, admin, { name: 'Boss Mac', platform: 'macos' });
    assert.deepEqual(
      (await admin.api.get(`${base(org)}/devices?platform=macos`)).body.devices.map((d: any) => d.name),
      ['Boss Mac'],
    );
    assert.deepEqual(
      (await admin.api.get(`${base(org)}/devices?name=recep`)).body.devices.map((d: any) => d.name),
      ['Reception PC'],
    );
    const renamed = await admin.api.patch(`${base(org)}/devices/${pc.deviceId}`, {
      name: 'Front desk',
      group: 'Ground floor',
    });
    assert.deepEqual([renamed.body.name, renamed.body.group], ['Front desk', 'Ground floor']);
    assert.deepEqual(
      (await admin.api.get(`${base(org)}/devices?group=Ground%20floor`)).body.devices.map((d: any) => d.name),
      ['Front desk'],
    );

    const sent = await admin.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: [pc.deviceId],
    });
    await pc.api.post(`/v1/device/deliveries/${sent.body.results[0].delivery.id}/complete`);
    assert.equal((await admin.api.get(`${base(org)}/subscriptions/${subscription.id}`)).body.seats.used, 1);
    assert.equal((await admin.api.delete(`${base(org)}/devices/${pc.deviceId}`)).status, 204);
    assert.equal((await admin.api.get(`${base(org)}/subscriptions/${subscription.id}`)).body.seats.used, 0);
    assert.equal((await pc.api.post('/v1/device/check-in', {})).status, 401);

    const audit = await admin.api.get(`${base(org)}/audit`);
    assert.deepEqual(
      audit.body.entries.map((e: any) => e.action),
      ['device.remove', 'delivery.send', 'device.update', 'device.enroll', 'device.enroll'],
    );
    for (const e of audit.body.entries) {
      assert.equal(e.actor, admin.email);
      assert.ok(e.ip, 'from where');
      assert.ok(!Number.isNaN(Date.parse(e.at)), 'when');
    }
    const filtered = await admin.api.get(`${base(org)}/audit?action=device.update`);
    assert.deepEqual(filtered.body.entries[0].detail, {
      name: { from: 'Reception PC', to: 'Front desk' },
      group: { from: null, to: 'Ground floor' },
    });
    const csv = await admin.api.get(`${base(org)}/audit.csv`);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    assert.equal(lines[0], 'id,at,actor,action,target_type,target_id,ip,detail');
    assert.equal(lines.length, 6);
    assert.match(lines[1]!, /,device\.remove,device,/);
  });

  test('a thousand devices in one send, each with its own result', async () => {
    const { org, admin } = await newOrganization();
    const product = await server.createProduct({ business: true });
    const sub = await server.issueSubscription({
      product: product.id,
      organization: org,
      seats: 2000,
    } as any);
    const db = server.service.deps.db;
    const ids = Array.from({ length: 1000 }, (_, i) => `bulk-${org.slice(0, 8)}-${i}`);
    const now = new Date();
    for (let i = 0; i < ids.length; i += 200) {
      const chunk = ids.slice(i, i + 200);
      await db
        .insertInto('devices')
        .values(
          chunk.map((id) => ({
            id,
            account_id: admin.id,
            organization_id: org,
            name: id,
            platform: 'windows',
            region: null,
            token_hash: null,
            group_name: null,
            connected_at: now,
            last_seen_at: now,
          })),
        )
        .execute();
      await db
        .insertInto('device_apps')
        .values(chunk.map((id) => ({ device_id: id, app: 'seatpost-security', version: '22.1.0' })))
        .execute();
    }
    const r = await admin.api.post(`${base(org)}/subscriptions/${sub.id}/deliveries`, { deviceIds: ids });
    assert.equal(r.status, 200);
    assert.equal(r.body.results.length, 1000);
    assert.ok(r.body.results.every((x: any) => x.delivery?.status === 'pending'));
    const detail = await admin.api.get(`${base(org)}/subscriptions/${sub.id}`);
    assert.deepEqual(detail.body.seats, { total: 2000, used: 0, reserved: 1000 });
  });
});

function cookieOf(c: Customer): string {
  return [...c.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}
