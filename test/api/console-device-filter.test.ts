import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { upsertMembership } from '../../src/store/organizations.repository.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

/** An organization whose admin has connected managed devices with these names. */
async function organizationWithDevices(names: string[]): Promise<{ org: string; admin: Customer }> {
  const admin = await server.newCustomer();
  const created = await server.operator.post('/v1/operator/organizations', {
    name: 'Filter ApS',
    admins: [admin.email],
  });
  assert.equal(created.status, 201);
  const org = created.body.id as string;
  await upsertMembership(
    server.service.deps.db,
    { organizationId: org, accountId: admin.id, role: 'admin' },
    new Date(),
  );
  for (const name of names) {
    const code = await admin.api.post(`/v1/console/organizations/${org}/connect-codes`, {});
    assert.equal(code.status, 201, JSON.stringify(code.body));
    const connected = await server.anonymous().post('/v1/device/connect', {
      code: code.body.code,
      name,
      platform: 'windows',
      apps: [{ app: 'seatpost-security', version: '22.1.0' }],
    });
    assert.equal(connected.status, 201, JSON.stringify(connected.body));
  }
  return { org, admin };
}

describe(`the console's device filter by name matches LIKE's special characters literally (${DIALECT})`, () => {
  const names = ['pc_01', 'pc%01', 'pc\\01', 'pcX01', 'PC_02', 'pc01', 'pc\\\\01', 'pc_%01'];
  let org: string;
  let admin: Customer;
  before(async () => ({ org, admin } = await organizationWithDevices(names)));

  const filtered = async (name: string): Promise<string[]> => {
    const r = await admin.api.get(
      `/v1/console/organizations/${org}/devices?name=${encodeURIComponent(name)}`,
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (r.body.devices as { name: string }[]).map((d) => d.name).sort();
  };

  // Each filter with a wildcard character would also match the decoy "pcX01" (or "pc01") if the
  // character were taken as a wildcard, and would find nothing if it were dropped or mangled.
  const cases: [filter: string, expected: string[]][] = [
    ['pc_01', ['pc_01']],
    ['c_01', ['pc_01']],
    ['_', ['PC_02', 'pc_%01', 'pc_01']],
    ['pc%01', ['pc%01']],
    ['%', ['pc%01', 'pc_%01']],
    ['pc\\01', ['pc\\01']],
    ['\\', ['pc\\01', 'pc\\\\01']],
    ['\\\\', ['pc\\\\01']],
    ['_%', ['pc_%01']],
    ['pcx01', ['pcX01']],
    ['pc_0', ['PC_02', 'pc_01']],
  ];
  for (const [filter, expected] of cases)
    test(`name=${JSON.stringify(filter)} finds ${JSON.stringify(expected)}`, async () => {
      assert.deepEqual(await filtered(filter), [...expected].sort());
    });
});
