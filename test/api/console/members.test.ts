import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { consoleBase as base, newOrganization } from '../../support/organizations.ts';
import { DIALECT, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

describe(`admin console: members (${DIALECT})`, () => {
  test('members: invite, change role, remove; the last admin stays', async () => {
    const { org, admin, member } = await newOrganization(server);
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
});
