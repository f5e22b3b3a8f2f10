import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  consoleBase as base,
  cookieOf,
  managedDevice,
  newOrganization,
} from '../../support/organizations.ts';
import { DIALECT, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';
import { SseReader } from '../../support/sse.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

describe(`admin console: sending from the console (${DIALECT})`, () => {
  test('an admin sends the organization subscription to managed devices; the device completes; statuses are live', async () => {
    const { org, admin, subscription } = await newOrganization(server);
    const d1 = await managedDevice(server, org, admin, { name: 'PC 1' });
    const d2 = await managedDevice(server, org, admin, { name: 'Mac 1', platform: 'macos' });
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

  test('a business subscription is not sent from the consumer portal, and is not visible there', async () => {
    const { org, admin, subscription, product } = await newOrganization(server);
    assert.equal((await admin.api.get(`/v1/me/subscriptions/${subscription.id}`)).status, 404);
    assert.deepEqual((await admin.api.get('/v1/me/devices')).body.devices, []);
    await managedDevice(server, org, admin);
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
    const { org, admin, member } = await newOrganization(server);
    const product = await server.createProduct({ business: true });
    const sub = await server.issueSubscription({
      product: product.id,
      organization: org,
      seats: 1,
      unit: 'user',
    } as any);
    const mine1 = await managedDevice(server, org, admin, { name: 'Admin PC' });
    const mine2 = await managedDevice(server, org, admin, { name: 'Admin laptop' });
    const theirs = await managedDevice(server, org, admin, { name: 'Member PC', forAccountId: member.id });
    const r = await admin.api.post(`${base(org)}/subscriptions/${sub.id}/deliveries`, {
      deviceIds: [mine1.deviceId, mine2.deviceId, theirs.deviceId],
    });
    assert.deepEqual(
      r.body.results.map((x: any) => ('delivery' in x ? 'sent' : x.reasons)),
      ['sent', 'sent', ['NO_FREE_SLOTS']],
    );
  });

  test('a thousand devices in one send, each with its own result', async () => {
    const { org, admin } = await newOrganization(server);
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
