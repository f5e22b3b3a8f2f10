import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { consoleBase as base, managedDevice, newOrganization } from '../../support/organizations.ts';
import { DIALECT, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

/**
 * An admin's edit racing another admin's removal of the same device (CI's fuzzer found a 500 on
 * PostgreSQL): each answer is the edit (200) or "no such device" (404), the removal happens once,
 * and an edit never lands on a removed device.
 */
test(`edits racing the removal of a managed device: 200 or 404, never a 500 (${DIALECT})`, async () => {
  const { org, admin } = await newOrganization(server);
  for (let round = 0; round < 12; round++) {
    const { deviceId } = await managedDevice(server, org, admin, { name: `PC ${round}` });
    const path = `${base(org)}/devices/${deviceId}`;
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) =>
        admin.api.patch(path, { name: `Renamed ${round}.${i}`, group: 'Floor 2' }),
      ),
      admin.api.delete(path),
      ...Array.from({ length: 4 }, (_, i) => admin.api.patch(path, { name: `Late ${round}.${i}` })),
    ]);
    const statuses = answers.map((a) => a.status);
    assert.ok(
      statuses.every((s) => s === 200 || s === 204 || s === 404),
      `round ${round}: ${statuses.join(' ')}`,
    );
    assert.equal(statuses.filter((s) => s === 204).length, 1, 'removed once');
    const listed = await admin.api.get(`${base(org)}/devices?search=${encodeURIComponent(`PC ${round}`)}`);
    assert.equal(listed.status, 200);
    assert.ok(!listed.body.devices.some((d: { id: string }) => d.id === deviceId), 'gone after the removal');
  }
});
