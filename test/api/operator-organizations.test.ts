import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { Client } from '../support/http.ts';
import { consoleBase, managedDevice, newOrganization } from '../support/organizations.ts';

/**
 * The operator's organizations (issue 18, item 2): list and search, read one whole, and unstick
 * an organization whose first administrator never accepted by inviting another.
 */
const clock = new ManualClock(new Date('2031-05-01T09:00:00Z'));
let server: TestServer;
before(async () => (server = await startTestServer({ clock })));
after(async () => server?.close());

const tokenOf = (text: string) => /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(text)?.[1];

async function invitationMailTo(email: string): Promise<string> {
  const rows = await server.service.store.db
    .selectFrom('mail_outbox')
    .select(['text_body'])
    .where('to_address', '=', email.toLowerCase())
    .orderBy('created_at')
    .execute();
  const token = rows.map((r) => tokenOf(r.text_body)).findLast((t) => !!t);
  assert.ok(token, `an invitation mailed to ${email}`);
  return token;
}

describe(`operator organizations (${DIALECT})`, () => {
  test('the list is paged by name and searched in any case', async () => {
    const tag = `Zq${Date.now().toString(36)}`;
    for (const name of ['Alfa', 'bravo', 'Charlie', 'Delta', 'Echo'])
      assert.equal(
        (
          await server.operator.post('/v1/operator/organizations', {
            name: `${tag} ${name}`,
            admins: ['x@example.com'],
          })
        ).status,
        201,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/operator/organizations?search=${tag.toLowerCase()}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await server.operator.get(q);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      assert.ok(page.body.organizations.length <= 2);
      seen.push(...page.body.organizations.map((o: any) => o.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    // All five, each once, however the engine's collation orders them.
    assert.equal(new Set(seen).size, 5);
    assert.ok(seen.every((n) => n.startsWith(tag)));

    const one = await server.operator.get(
      `/v1/operator/organizations?search=${encodeURIComponent(`${tag} CHAR`)}`,
    );
    assert.deepEqual(
      one.body.organizations.map((o: any) => [o.name, o.members, o.admins]),
      [[`${tag} Charlie`, 0, 0]],
    );
    // A search's wildcards are taken literally.
    const none = await server.operator.get(`/v1/operator/organizations?search=${tag}%25_`);
    assert.deepEqual(none.body.organizations, []);

    // A cursor belongs to its search, and cannot be edited.
    const first = await server.operator.get(`/v1/operator/organizations?search=${tag}&limit=1`);
    const other = await server.operator.get(
      `/v1/operator/organizations?search=Alfa&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    assert.deepEqual([other.status, other.body.code], [400, 'INVALID_CURSOR']);
  });

  test('an organization read whole: members, open invitations, subscriptions with seats, devices', async () => {
    const { org, admin, member, product, subscription } = await newOrganization(server, 'Hansen & Co ApS');
    await managedDevice(server, org, admin, { name: 'Reception PC' });
    const r = await server.operator.get(`/v1/operator/organizations/${org}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.name, 'Hansen & Co ApS');
    assert.deepEqual(
      r.body.members.map((m: any) => [m.email, m.role]).sort(),
      [
        [admin.email, 'admin'],
        [member.email, 'member'],
      ].sort(),
    );
    // The first invitation (to the admin, who was added directly) is still open.
    assert.deepEqual(
      r.body.invitations.map((i: any) => [i.email, i.role]),
      [[admin.email, 'admin']],
    );
    assert.equal(r.body.subscriptions.length, 1);
    assert.equal(r.body.subscriptions[0].id, subscription.id);
    assert.equal(r.body.subscriptions[0].product.id, product.id);
    assert.deepEqual(r.body.subscriptions[0].seats, { total: 5, used: 0, reserved: 0 });
    assert.equal(r.body.devices, 1);

    const missing = await server.operator.get('/v1/operator/organizations/no-such-org');
    assert.deepEqual([missing.status, missing.body.code], [404, 'NOT_FOUND']);
  });

  test('a stuck organization gets a new admin by invitation, audited as the operator', async () => {
    const gone = 'left-the-company@example.com';
    const created = await server.operator.post('/v1/operator/organizations', {
      name: 'Stuck A/S',
      admins: [gone],
    });
    const org = created.body.id as string;
    const newAdmin = await server.newCustomer();

    const invited = await server.operator.post(`/v1/operator/organizations/${org}/admins`, {
      email: newAdmin.email.toUpperCase(),
    });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    assert.equal(invited.body.email, newAdmin.email);
    assert.equal(invited.body.role, 'admin');
    assert.equal(invited.body.expiresAt, new Date(clock.now().getTime() + 7 * 86_400_000).toISOString());

    // The email went to the outbox; its link makes the new admin an admin.
    const token = await invitationMailTo(newAdmin.email);
    const accepted = await newAdmin.api.post('/v1/console/invitations/accept', { token });
    assert.deepEqual([accepted.status, accepted.body.role], [200, 'admin']);

    const read = await server.operator.get(`/v1/operator/organizations/${org}`);
    assert.deepEqual(
      read.body.members.map((m: any) => [m.email, m.role]),
      [[newAdmin.email, 'admin']],
    );
    assert.deepEqual(
      read.body.invitations.map((i: any) => i.email),
      [gone],
    );

    const audit = await newAdmin.api.get(`${consoleBase(org)}/audit`);
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    const entries = (audit.body.entries ?? audit.body) as any[];
    const byOperator = entries.find((e) => e.action === 'member.invite');
    assert.ok(byOperator, JSON.stringify(entries));
    assert.equal(byOperator.actor, 'operator');
    assert.deepEqual(byOperator.detail, { email: newAdmin.email, role: 'admin', by: 'operator' });
  });

  test('bad input and no key', async () => {
    const created = await server.operator.post('/v1/operator/organizations', {
      name: 'Kontor',
      admins: ['a@example.com'],
    });
    const org = created.body.id as string;
    const bad = await server.operator.post(`/v1/operator/organizations/${org}/admins`, {
      email: 'not an email',
    });
    assert.deepEqual([bad.status, bad.body.code], [400, 'VALIDATION_FAILED']);
    const extra = await server.operator.post(`/v1/operator/organizations/${org}/admins`, {
      email: 'b@example.com',
      role: 'member',
    });
    assert.deepEqual([extra.status, extra.body.code], [400, 'VALIDATION_FAILED']);
    const nowhere = await server.operator.post('/v1/operator/organizations/nope/admins', {
      email: 'b@example.com',
    });
    assert.deepEqual([nowhere.status, nowhere.body.code], [404, 'NOT_FOUND']);
    const anonymous = new Client(server.url);
    for (const [method, path] of [
      ['GET', '/v1/operator/organizations'],
      ['GET', `/v1/operator/organizations/${org}`],
      ['POST', `/v1/operator/organizations/${org}/admins`],
    ] as const) {
      const r = await anonymous.request(
        method,
        path,
        method === 'POST' ? { email: 'c@example.com' } : undefined,
      );
      assert.deepEqual([r.status, r.body.code], [401, 'UNAUTHENTICATED'], path);
    }
    // A signed-in customer is not the operator either.
    const customer = await server.newCustomer();
    assert.equal((await customer.api.get('/v1/operator/organizations')).status, 401);
  });
});
