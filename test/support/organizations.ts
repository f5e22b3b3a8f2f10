import assert from 'node:assert/strict';
import { upsertMembership } from '../../src/store/organizations.repository.ts';
import { Client } from './http.ts';
import type { Customer, TestServer } from './server.ts';

/** Builders for the admin console's tests: an organization with its people, and its managed devices. */

export const consoleBase = (org: string) => `/v1/console/organizations/${org}`;

/**
 * An organization with an admin and a member. Memberships are made directly (a test builder);
 * the invitation flow through email has its own test.
 */
export async function newOrganization(server: TestServer, name = 'Acme ApS') {
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

/** A device the organization manages, connected with a code from the console; `forAccountId` names its user. */
export async function managedDevice(
  server: TestServer,
  org: string,
  admin: Customer,
  opts: { name?: string; platform?: string; forAccountId?: string } = {},
) {
  const code = await admin.api.post(
    `${consoleBase(org)}/connect-codes`,
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

/** The customer's session cookie, for a client (an event stream) that does not keep cookies itself. */
export function cookieOf(c: Customer): string {
  return [...c.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}
