import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { consoleBase as base, newOrganization } from '../../support/organizations.ts';
import { DIALECT, startTestServer } from '../../support/server.ts';
import type { TestServer } from '../../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

/** The accept tokens mailed to `email` through the outbox, oldest first. */
async function mailedTokens(email: string): Promise<string[]> {
  const rows = await server.service.store.db
    .selectFrom('mail_outbox')
    .select(['text_body'])
    .where('to_address', '=', email.toLowerCase())
    .orderBy('created_at')
    .execute();
  return rows.flatMap((r) => /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(r.text_body)?.[1] ?? []);
}

describe(`admin console: invitations revoked and resent (${DIALECT})`, () => {
  test('resend mails a new link (the old one stops working), at most three times an hour; revoke ends it', async () => {
    const { org, admin, member } = await newOrganization(server);
    const invitee = await server.newCustomer();
    const invited = await admin.api.post(`${base(org)}/invitations`, {
      email: invitee.email,
      role: 'member',
    });
    assert.equal(invited.status, 201);
    const id: string = invited.body.id;
    const [firstToken] = await mailedTokens(invitee.email);
    assert.ok(firstToken);

    assert.equal((await member.api.post(`${base(org)}/invitations/${id}/resend`)).status, 403);
    const resent = await admin.api.post(`${base(org)}/invitations/${id}/resend`);
    assert.equal(resent.status, 200, JSON.stringify(resent.body));
    assert.deepEqual([resent.body.id, resent.body.email, resent.body.role], [id, invitee.email, 'member']);
    const tokens = await mailedTokens(invitee.email);
    assert.equal(tokens.length, 2, 'sent again through the outbox');
    assert.notEqual(tokens[1], firstToken);

    // Parallel clicks: the limit is counted atomically, so exactly the allowance gets through.
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => admin.api.post(`${base(org)}/invitations/${id}/resend`)),
    );
    assert.deepEqual(
      burst.map((r) => r.status).sort(),
      [200, 200, 429, 429, 429],
      JSON.stringify(burst.map((r) => r.body)),
    );
    assert.equal(burst.find((r) => r.status === 429)!.body.code, 'RATE_LIMITED');
    assert.ok(burst.find((r) => r.status === 429)!.headers.get('retry-after'));
    const newest = (await mailedTokens(invitee.email)).at(-1)!;
    assert.equal((await mailedTokens(invitee.email)).length, 4);

    const old = await invitee.api.post('/v1/console/invitations/accept', { token: firstToken });
    assert.deepEqual([old.status, old.body.code], [410, 'INVITATION_INVALID']);

    // Revoked: the newest link stops working too, and it leaves the list.
    assert.equal((await member.api.delete(`${base(org)}/invitations/${id}`)).status, 403);
    assert.equal((await admin.api.delete(`${base(org)}/invitations/${id}`)).status, 204);
    assert.equal((await admin.api.delete(`${base(org)}/invitations/${id}`)).status, 404);
    assert.equal((await admin.api.post(`${base(org)}/invitations/${id}/resend`)).status, 404);
    const revoked = await invitee.api.post('/v1/console/invitations/accept', { token: newest });
    assert.deepEqual([revoked.status, revoked.body.code], [410, 'INVITATION_INVALID']);
    const list = await admin.api.get(`${base(org)}/members`);
    assert.ok(!list.body.invitations.some((i: any) => i.id === id));

    // Another organization's admin finds no such invitation.
    const other = await newOrganization(server, 'Other ApS');
    assert.equal((await other.admin.api.delete(`${base(other.org)}/invitations/${id}`)).status, 404);

    const audit = await admin.api.get(`${base(org)}/audit`);
    assert.deepEqual(
      audit.body.entries
        .filter((e: any) => e.targetId === id)
        .map((e: any) => e.action)
        .reverse(),
      ['member.invite', 'invitation.resend', 'invitation.resend', 'invitation.resend', 'invitation.revoke'],
    );
    assert.equal(audit.body.names[id], invitee.email.toLowerCase());
  });

  test('an accepted invitation cannot be revoked or resent', async () => {
    const { org, admin } = await newOrganization(server);
    const invitee = await server.newCustomer();
    const invited = await admin.api.post(`${base(org)}/invitations`, { email: invitee.email, role: 'admin' });
    const [token] = await mailedTokens(invitee.email);
    assert.equal((await invitee.api.post('/v1/console/invitations/accept', { token })).status, 200);
    assert.equal((await admin.api.post(`${base(org)}/invitations/${invited.body.id}/resend`)).status, 404);
    assert.equal((await admin.api.delete(`${base(org)}/invitations/${invited.body.id}`)).status, 404);
  });
});
