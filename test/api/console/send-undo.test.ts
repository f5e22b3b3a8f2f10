import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { consoleBase as base, managedDevice, newOrganization } from '../../support/organizations.ts';
import { DIALECT, ManualClock, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

let server: TestServer;
const clock = new ManualClock();
before(async () => (server = await startTestServer({ clock })));
after(async () => server.close());

describe(`admin console: a whole send undone, deliveries listed, refusals logged (${DIALECT})`, () => {
  test('undo of a send cancels what is not final yet and reports the rest; the deliveries list filters by status', async () => {
    const { org, admin, member, subscription } = await newOrganization(server);
    const devices = [];
    for (const name of ['Done PC', 'Busy PC', 'Idle PC'])
      devices.push(await managedDevice(server, org, admin, { name }));
    const [done, busy, idle] = devices as [(typeof devices)[0], (typeof devices)[0], (typeof devices)[0]];
    const sent = await admin.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: devices.map((d) => d.deviceId),
    });
    assert.equal(sent.status, 200);
    const sendId: string = sent.body.sendId;
    assert.ok(sendId, 'the send has an id');
    assert.equal(sent.body.results.length, 3, 'the existing fields are kept');
    const deliveryOf = (d: { deviceId: string }) =>
      sent.body.results.find((r: any) => r.deviceId === d.deviceId).delivery.id as string;
    assert.equal((await done.api.post(`/v1/device/deliveries/${deliveryOf(done)}/complete`)).status, 200);
    assert.equal((await busy.api.post(`/v1/device/deliveries/${deliveryOf(busy)}/ack`)).status, 200);

    // Only an administrator undoes; another organization finds no such send.
    assert.equal((await member.api.post(`${base(org)}/sends/${sendId}/undo`)).status, 403);
    const other = await newOrganization(server, 'Other ApS');
    assert.equal((await other.admin.api.post(`${base(other.org)}/sends/${sendId}/undo`)).status, 404);
    assert.equal((await admin.api.post(`${base(org)}/sends/no-such-send/undo`)).status, 404);

    const undone = await admin.api.post(`${base(org)}/sends/${sendId}/undo`);
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    assert.equal(undone.body.sendId, sendId);
    assert.deepEqual(
      undone.body.cancelled.map((d: any) => [d.deviceId, d.status]).sort(),
      [
        [busy.deviceId, 'cancelled'],
        [idle.deviceId, 'cancelled'],
      ].sort(),
    );
    assert.deepEqual(undone.body.notUndone, [
      { deliveryId: deliveryOf(done), deviceId: done.deviceId, status: 'completed' },
    ]);
    // The devices hear of it: nothing waits for them any more.
    assert.deepEqual((await idle.api.post('/v1/device/check-in', {})).body.deliveries, []);
    const again = await admin.api.post(`${base(org)}/sends/${sendId}/undo`);
    assert.deepEqual([again.body.cancelled.length, again.body.notUndone.length], [0, 3]);

    const list = (q: string) => admin.api.get(`${base(org)}/subscriptions/${subscription.id}/deliveries${q}`);
    const all = await list('');
    assert.equal(all.status, 200);
    assert.equal(all.body.deliveries.length, 3);
    for (const d of all.body.deliveries) assert.equal(d.sendId, sendId);
    assert.deepEqual((await list('?status=cancelled')).body.deliveries.map((d: any) => d.deviceName).sort(), [
      'Busy PC',
      'Idle PC',
    ]);
    assert.deepEqual(
      (await list('?status=completed')).body.deliveries.map((d: any) => d.deviceName),
      ['Done PC'],
    );
    assert.equal((await list('?status=bogus')).status, 400);
    // A member sees the list too (reading is not changing).
    assert.equal(
      (await member.api.get(`${base(org)}/subscriptions/${subscription.id}/deliveries`)).status,
      200,
    );

    // Paged, newest first; a pending delivery past its window counts as expired.
    clock.advance(1000);
    const second = await admin.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: [idle.deviceId],
    });
    assert.ok(second.body.results[0].delivery, JSON.stringify(second.body));
    assert.notEqual(second.body.sendId, sendId);
    const page1 = await list('?limit=2');
    assert.equal(page1.body.deliveries[0].deviceName, 'Idle PC');
    assert.equal(page1.body.deliveries[0].status, 'pending');
    const page2 = await list(`?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
    assert.equal(page2.body.deliveries.length, 2);
    assert.equal(page2.body.nextCursor, null);
    const ids = [...page1.body.deliveries, ...page2.body.deliveries].map((d: any) => d.id);
    assert.equal(new Set(ids).size, 4);
    assert.equal((await list(`?cursor=${page1.body.nextCursor}x`)).body.code, 'INVALID_CURSOR');
    clock.advance(25 * 3_600_000);
    assert.deepEqual((await list('?status=pending')).body.deliveries, []);
    assert.deepEqual(
      (await list('?status=expired')).body.deliveries.map((d: any) => [d.deviceName, d.status]),
      [['Idle PC', 'expired']],
    );
  });

  test('a send that makes nothing is logged as a refusal, with its reasons', async () => {
    const { org, admin, member, subscription } = await newOrganization(server);
    const pc = await managedDevice(server, org, admin, { name: 'Reception PC' });
    const refused = await member.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: [pc.deviceId],
    });
    assert.equal(refused.status, 200);
    assert.deepEqual(refused.body.results[0].reasons, ['NOT_SUBSCRIPTION_ADMIN']);
    const ok = await admin.api.post(`${base(org)}/subscriptions/${subscription.id}/deliveries`, {
      deviceIds: [pc.deviceId],
    });
    assert.ok(ok.body.results[0].delivery);
    const audit = await admin.api.get(`${base(org)}/audit?limit=2`);
    assert.deepEqual(
      audit.body.entries.map((e: any) => e.action),
      ['delivery.send', 'delivery.send_refused'],
    );
    const [sentEntry, refusedEntry] = audit.body.entries;
    assert.equal(refusedEntry.actor, member.email);
    assert.deepEqual(refusedEntry.detail.sent, []);
    assert.deepEqual(refusedEntry.detail.refused, [
      { deviceId: pc.deviceId, reasons: ['NOT_SUBSCRIPTION_ADMIN'] },
    ]);
    assert.equal(sentEntry.detail.sendId, ok.body.sendId);
    // Names for the ids the entries mention: the console says who and what, not ids.
    assert.equal(audit.body.names[pc.deviceId], 'Reception PC');
    assert.equal(audit.body.names[subscription.id], 'Small Office Security');
    assert.ok(audit.body.entries[0].actorName);
  });
});
