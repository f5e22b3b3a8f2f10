import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { consoleBase as base, managedDevice, newOrganization } from '../../support/organizations.ts';
import { DIALECT, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

describe(`admin console: managed devices and the audit log (${DIALECT})`, () => {
  test('devices: filter, rename, group, remove (frees the seat); every change in the audit log, exportable as CSV', async () => {
    const { org, admin, subscription } = await newOrganization(server);
    const pc = await managedDevice(server, org, admin, { name: 'Reception PC' });
    await managedDevice(server, org, admin, { name: 'Boss Mac', platform: 'macos' });
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
      [
        'device.remove',
        'delivery.send',
        'device.update',
        'device.enroll',
        'connect_code.create',
        'device.enroll',
        'connect_code.create',
      ],
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
    assert.equal(lines.length, 8);
    assert.match(lines[1]!, /,device\.remove,device,/);
  });
});
