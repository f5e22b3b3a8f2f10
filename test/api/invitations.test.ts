import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deliverDueMail, smtpTransport } from '../../src/app/shared/mail.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { TestSmtp } from '../support/smtp.ts';

const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
const smtp = new TestSmtp();
let server: TestServer;
before(async () => {
  await smtp.start();
  server = await startTestServer({ clock });
});
after(async () => {
  await server.close();
  await smtp.stop();
});

const transport = () => smtpTransport(smtp.url, 'Seatpost <no-reply@seatpost.test>');

function tokenFrom(text: string): string {
  const m = /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(text);
  assert.ok(m, `an accept link in:\n${text}`);
  return m[1]!;
}

test(`the operator's organization invites its first admin by email; the admin accepts and runs the console (${DIALECT})`, async () => {
  const admin = await server.newCustomer();
  const created = await server.operator.post('/v1/operator/organizations', {
    name: 'Bager Hansen ApS',
    admins: [admin.email.toUpperCase()],
  });
  assert.equal(created.status, 201);
  assert.equal(await deliverDueMail(server.service.deps, transport()), 1);
  const mail = smtp.received.find((m) => m.to && JSON.stringify(m.to).includes(admin.email));
  assert.ok(mail, 'the invitation arrived over SMTP');
  assert.match(mail.subject ?? '', /Bager Hansen ApS/);
  assert.ok(mail.html && mail.text, 'HTML and plain text');
  const token = tokenFrom(mail.text);

  // Someone else, signed in, cannot use it; the invited account can, once.
  const other = await server.newCustomer();
  const wrong = await other.api.post('/v1/console/invitations/accept', { token });
  assert.deepEqual([wrong.status, wrong.body.code], [403, 'FORBIDDEN']);
  const accepted = await admin.api.post('/v1/console/invitations/accept', { token });
  assert.deepEqual(
    [accepted.status, accepted.body.name, accepted.body.role],
    [200, 'Bager Hansen ApS', 'admin'],
  );
  const again = await admin.api.post('/v1/console/invitations/accept', { token });
  assert.deepEqual([again.status, again.body.code], [410, 'INVITATION_INVALID']);
  const orgs = await admin.api.get('/v1/console/organizations');
  assert.deepEqual(
    orgs.body.organizations.map((o: any) => [o.name, o.role]),
    [['Bager Hansen ApS', 'admin']],
  );

  // The admin invites a member the same way.
  const member = await server.newCustomer();
  const invited = await admin.api.post(`/v1/console/organizations/${created.body.id}/invitations`, {
    email: member.email,
    role: 'member',
  });
  assert.equal(invited.status, 201);
  await deliverDueMail(server.service.deps, transport());
  const memberMail = smtp.received.find((m) => JSON.stringify(m.to).includes(member.email))!;
  assert.equal(
    (await member.api.post('/v1/console/invitations/accept', { token: tokenFrom(memberMail.text!) })).body
      .role,
    'member',
  );
  const audit = await admin.api.get(`/v1/console/organizations/${created.body.id}/audit`);
  assert.deepEqual(
    audit.body.entries.map((e: any) => e.action),
    ['member.join', 'member.invite', 'member.join'],
  );
});

test(`an expired invitation is refused (${DIALECT})`, async () => {
  const admin = await server.newCustomer();
  await server.operator.post('/v1/operator/organizations', { name: 'Late ApS', admins: [admin.email] });
  await deliverDueMail(server.service.deps, transport());
  const token = tokenFrom(smtp.received.find((m) => JSON.stringify(m.to).includes(admin.email))!.text!);
  clock.advance(7 * 86_400_000);
  const r = await admin.api.post('/v1/console/invitations/accept', { token });
  assert.deepEqual([r.status, r.body.code], [410, 'INVITATION_INVALID']);
});

test(`SMTP down: the mail waits in the outbox, is retried with backoff, and arrives exactly once (${DIALECT})`, async () => {
  const admin = await server.newCustomer();
  const port = smtp.port;
  await smtp.stop();
  await server.operator.post('/v1/operator/organizations', { name: 'Outage ApS', admins: [admin.email] });
  const down = smtpTransport(`smtp://127.0.0.1:${port}`, 'Seatpost <no-reply@seatpost.test>');
  assert.equal(await deliverDueMail(server.service.deps, down), 1, 'tried once');
  assert.equal(await deliverDueMail(server.service.deps, down), 0, 'not again before its backoff');
  const row = await server.service.deps.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', admin.email)
    .executeTakeFirstOrThrow();
  assert.equal(row.attempts, 1);
  assert.equal(row.sent_at, null);
  assert.ok(row.last_error);

  await smtp.start(port);
  clock.advance(30_000);
  assert.equal(await deliverDueMail(server.service.deps, down), 1);
  clock.advance(3_600_000);
  assert.equal(await deliverDueMail(server.service.deps, down), 0, 'sent mail is never sent again');
  const arrived = smtp.received.filter((m) => JSON.stringify(m.to).includes(admin.email));
  assert.equal(arrived.length, 1);
});
