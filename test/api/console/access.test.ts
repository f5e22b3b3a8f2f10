import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { consoleBase as base, managedDevice, newOrganization } from '../../support/organizations.ts';
import { DIALECT, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

describe(`admin console: who reaches the console (${DIALECT})`, () => {
  test('a member sees but cannot send, undo, or change anything', async () => {
    const { org, admin, member, subscription } = await newOrganization(server);
    const d = await managedDevice(server, org, admin);
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
    const a = await newOrganization(server, 'A ApS');
    const b = await newOrganization(server, 'B ApS');
    const dB = await managedDevice(server, b.org, b.admin);
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
});
