import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';

/**
 * The page an invitation's link opens asks first what it offers: the organization, the role, who
 * invited and for which address. A token that does not work says only that, whatever the reason,
 * and guessing tokens is limited like every other secret.
 */

const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
let server: TestServer;
before(async () => {
  server = await startTestServer({ clock, settings: { guessFailuresPerWindow: 5 } });
});
after(() => server.close());

const PREVIEW = '/v1/console/invitations/preview';

/** The token in the newest invitation mail to `email`, read from the outbox. */
async function tokenFor(s: TestServer, email: string): Promise<string> {
  const rows = await s.service.deps.db
    .selectFrom('mail_outbox')
    .select(['text_body', 'created_at'])
    .where('to_address', '=', email)
    .execute();
  const texts = rows.map((r) => r.text_body).filter((t) => t.includes('/console/invitations/'));
  const m = /\/console\/invitations\/([A-Za-z0-9_-]+)/.exec(texts.at(-1) ?? '');
  assert.ok(m, `an invitation link for ${email}`);
  return m[1]!;
}

/** An organization whose admin (named) has invited `invitee` as a member. */
async function invited(s: TestServer, name: string, invitee: Customer) {
  const admin = await s.newCustomer({ name: 'Mette Hansen' });
  const created = await s.operator.post('/v1/operator/organizations', { name, admins: [admin.email] });
  assert.equal(created.status, 201);
  const joined = await admin.api.post('/v1/console/invitations/accept', {
    token: await tokenFor(s, admin.email),
  });
  assert.equal(joined.status, 200);
  const invitation = await admin.api.post(`/v1/console/organizations/${created.body.id}/invitations`, {
    email: invitee.email,
    role: 'member',
  });
  assert.equal(invitation.status, 201);
  return { admin, org: created.body.id as string, invitationId: invitation.body.id as string };
}

test(`the invited account sees the organization, role, inviter and expiry; previewing changes nothing (${DIALECT})`, async () => {
  const member = await server.newCustomer();
  const { admin, org } = await invited(server, 'Demo Office', member);
  const token = await tokenFor(server, member.email);

  const r = await member.api.post(PREVIEW, { token });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, {
    organization: { id: org, name: 'Demo Office' },
    role: 'member',
    email: member.email,
    expiresAt: new Date(clock.now().getTime() + 7 * 86_400_000).toISOString(),
    invitedBy: { name: 'Mette Hansen', email: admin.email },
    forThisAccount: true,
  });
  assert.equal((await member.api.post(PREVIEW, { token })).status, 200, 'as often as the page is opened');

  // Still an invitation, not a membership: the invitee is no member until they accept.
  assert.deepEqual((await member.api.get('/v1/console/organizations')).body.organizations, []);
  const accepted = await member.api.post('/v1/console/invitations/accept', { token });
  assert.deepEqual([accepted.status, accepted.body.name, accepted.body.role], [200, 'Demo Office', 'member']);
});

test(`an invitation the operator made names no inviter (${DIALECT})`, async () => {
  const admin = await server.newCustomer();
  await server.operator.post('/v1/operator/organizations', {
    name: 'Bager Hansen ApS',
    admins: [admin.email],
  });
  const r = await admin.api.post(PREVIEW, { token: await tokenFor(server, admin.email) });
  assert.deepEqual(
    [r.status, r.body.organization.name, r.body.role, r.body.invitedBy, r.body.forThisAccount],
    [200, 'Bager Hansen ApS', 'admin', null, true],
  );
});

test(`another signed-in account sees whom the link is for, and nothing more (${DIALECT})`, async () => {
  const member = await server.newCustomer();
  const { org } = await invited(server, 'Other Office', member);
  const token = await tokenFor(server, member.email);
  const stranger = await server.newCustomer();
  const r = await stranger.api.post(PREVIEW, { token });
  assert.equal(r.status, 200);
  assert.equal(r.body.forThisAccount, false);
  assert.equal(r.body.email, member.email);
  assert.deepEqual(Object.keys(r.body).sort(), [
    'email',
    'expiresAt',
    'forThisAccount',
    'invitedBy',
    'organization',
    'role',
  ]);
  assert.deepEqual(Object.keys(r.body.organization).sort(), ['id', 'name']);
  // Seeing the preview gives the stranger no way in.
  assert.equal((await stranger.api.get(`/v1/console/organizations/${org}/members`)).status, 404);
  assert.equal((await stranger.api.post('/v1/console/invitations/accept', { token })).status, 403);
  assert.equal((await member.api.post(PREVIEW, { token })).body.forThisAccount, true);
});

test(`unknown, revoked, accepted and expired tokens all answer the same INVITATION_INVALID (${DIALECT})`, async () => {
  const member = await server.newCustomer();
  const { admin, org, invitationId } = await invited(server, 'Revoking ApS', member);
  const revokedToken = await tokenFor(server, member.email);
  assert.equal(
    (await admin.api.delete(`/v1/console/organizations/${org}/invitations/${invitationId}`)).status,
    204,
  );
  const other = await server.newCustomer();
  await invited(server, 'Accepting ApS', other);
  const acceptedToken = await tokenFor(server, other.email);
  assert.equal(
    (await other.api.post('/v1/console/invitations/accept', { token: acceptedToken })).status,
    200,
  );

  const answers = [];
  answers.push(await member.api.post(PREVIEW, { token: 'x'.repeat(43) }));
  answers.push(await member.api.post(PREVIEW, { token: revokedToken }));
  answers.push(await other.api.post(PREVIEW, { token: acceptedToken }));
  const late = await server.newCustomer();
  await invited(server, 'Late ApS', late);
  const lateToken = await tokenFor(server, late.email);
  assert.equal((await late.api.post(PREVIEW, { token: lateToken })).status, 200, 'valid until it expires');
  clock.advance(7 * 86_400_000);
  answers.push(await late.api.post(PREVIEW, { token: lateToken }));

  for (const a of answers) {
    assert.deepEqual([a.status, a.body.code], [410, 'INVITATION_INVALID']);
    // The same words for every reason, and nothing of the invitation.
    assert.equal(a.body.detail, answers[0]!.body.detail);
    assert.equal(a.body.organization, undefined);
    assert.doesNotMatch(JSON.stringify(a.body), /ApS|@/);
  }
});

test(`not signed in: 401, and the token is not looked at (${DIALECT})`, async () => {
  const r = await server.anonymous().post(PREVIEW, { token: 'x'.repeat(43) });
  assert.equal(r.status, 401);
  const bad = await (await server.newCustomer()).api.post(PREVIEW, { token: 'short' });
  assert.deepEqual([bad.status, bad.body.code], [400, 'VALIDATION_FAILED']);
});

test(`guessing tokens is limited per account and per client address, atomically (${DIALECT})`, async () => {
  const clock = new ManualClock(new Date('2026-06-01T09:00:00.000Z'));
  const s = await startTestServer({
    clock,
    settings: { guessFailuresPerWindow: 3, addressGuessFailuresPerWindow: 8 },
  });
  try {
    const guess = (c: Customer, i: number) => c.api.post(PREVIEW, { token: `guess-${i}-`.padEnd(43, 'x') });
    // Ten guesses at the very same moment: exactly the limit's worth are checked.
    const guesser = await s.newCustomer();
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => guess(guesser, i)));
    const codes = burst.map((r) => r.body.code).sort();
    assert.deepEqual(codes, [...Array(3).fill('INVITATION_INVALID'), ...Array(7).fill('RATE_LIMITED')]);
    const limited = burst.find((r) => r.status === 429)!;
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    const member = await s.newCustomer();
    await invited(s, 'Guarded ApS', member);
    const token = await tokenFor(s, member.email);
    // Locked out is locked out, even with a right token: the guess is not checked.
    assert.equal((await guesser.api.post(PREVIEW, { token })).status, 429);

    // The invited account's valid previews are forgiven: they use up nothing.
    for (let i = 0; i < 5; i++) assert.equal((await member.api.post(PREVIEW, { token })).status, 200);
    // Other accounts on the same address: three more failures, then the address is full (8).
    const second = await s.newCustomer();
    for (let i = 0; i < 3; i++) assert.equal((await guess(second, i)).status, 410);
    const third = await s.newCustomer();
    assert.equal((await guess(third, 0)).status, 410);
    assert.equal((await guess(third, 1)).status, 410);
    const refused = await guess(third, 2);
    assert.deepEqual([refused.status, refused.body.code], [429, 'RATE_LIMITED']);
    assert.equal((await member.api.post(PREVIEW, { token })).status, 429, 'the address waits, whoever asks');
    // Accepting is a guess like previewing, under the same count: the address waits for that too.
    const accept = () => member.api.post('/v1/console/invitations/accept', { token });
    assert.equal((await accept()).status, 429);
    // The invitation itself is untouched: once the window has passed, it is accepted.
    clock.advance(15 * 60_000 + 1);
    assert.equal((await accept()).status, 200);
  } finally {
    await s.close();
  }
});
