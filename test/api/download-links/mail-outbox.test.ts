import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inTransaction } from '../../../src/store/database.ts';
import { claimNextMail } from '../../../src/store/mail-outbox.repository.ts';
import { tokenIn, useDownloadLinkServer } from '../../support/download-links.ts';
import { DIALECT } from '../../support/server.ts';

describe(`the mail outbox (${DIALECT})`, () => {
  const ctx = useDownloadLinkServer();

  test('without SMTP the mail waits in the local mailbox, which shows each account only its own', async () => {
    const product = await ctx.productWithInstallers();
    const customer = await ctx.server.newCustomer();
    const sub = await ctx.server.subscriptionFor(customer, { product: product.id });
    assert.equal((await ctx.sendLink(customer, sub.id, customer.email)).status, 202);
    const box = await customer.api.get('/v1/me/mailbox');
    assert.equal(box.status, 200);
    assert.equal(box.body.messages.length, 1);
    assert.match(box.body.messages[0].subject, /download link/);
    assert.ok(tokenIn(box.body.messages[0].text));
    const other = await ctx.server.newCustomer();
    assert.deepEqual((await other.api.get('/v1/me/mailbox')).body.messages, []);

    // A link sent to another address (the new device's owner) shows in the sender's mailbox,
    // so that the demo can be followed on one machine; the recipient's account does not see it.
    const friend = await ctx.server.newCustomer();
    assert.equal((await ctx.sendLink(customer, sub.id, friend.email)).status, 202);
    assert.equal((await customer.api.get('/v1/me/mailbox')).body.messages.length, 2);
    const theirs = (await friend.api.get('/v1/me/mailbox')).body.messages;
    assert.equal(theirs.length, 1, 'addressed to them: theirs too');
    assert.deepEqual((await other.api.get('/v1/me/mailbox')).body.messages, []);
  });

  test('SMTP down: the link waits, is retried with backoff, and arrives exactly once with one Message-ID', async () => {
    const product = await ctx.productWithInstallers();
    const customer = await ctx.server.newCustomer();
    const sub = await ctx.server.subscriptionFor(customer, { product: product.id });
    await ctx.deliver(); // nothing else waiting
    const port = ctx.smtp.port;
    await ctx.smtp.stop();
    assert.equal(
      (await ctx.sendLink(customer, sub.id, customer.email)).status,
      202,
      'sending does not need SMTP',
    );
    assert.equal(await ctx.deliver(), 1, 'tried once');
    assert.equal(await ctx.deliver(), 0, 'not again before its backoff');
    ctx.clock.advance(29_000);
    assert.equal(await ctx.deliver(), 0, 'still waiting (30 s)');
    ctx.clock.advance(1_000);
    assert.equal(await ctx.deliver(), 1, 'second try');
    const row = await ctx.server.service.deps.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', customer.email)
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.attempts, row.sent_at], [2, null]);
    assert.ok(row.last_error);

    await ctx.smtp.start(port);
    ctx.clock.advance(59_000);
    assert.equal(await ctx.deliver(), 0, 'backoff doubles (60 s)');
    ctx.clock.advance(1_000);
    assert.equal(await ctx.deliver(), 1);
    ctx.clock.advance(3_600_000);
    assert.equal(await ctx.deliver(), 0, 'sent mail is never sent again');
    const arrived = ctx.mailTo(customer.email);
    assert.equal(arrived.length, 1, 'exactly once');
    assert.equal(arrived[0]!.messageId, row.message_id, 'the queued Message-ID');
  });

  test('a node that dies with a claimed message leaves it to the next worker once its lease ends', async () => {
    const product = await ctx.productWithInstallers();
    const customer = await ctx.server.newCustomer();
    const sub = await ctx.server.subscriptionFor(customer, { product: product.id });
    await ctx.deliver();
    assert.equal((await ctx.sendLink(customer, sub.id, customer.email)).status, 202);
    const now = ctx.clock.now();
    // A node claims it and dies before sending.
    const claimed = await inTransaction(ctx.server.service.deps.db, (tx) =>
      claimNextMail(tx, now, new Date(now.getTime() + 10 * 60_000)),
    );
    assert.ok(claimed);
    assert.equal(await ctx.deliver(), 0, 'leased to the dead node');
    ctx.clock.advance(10 * 60_000);
    assert.equal(await ctx.deliver(), 1);
    assert.equal(ctx.mailTo(customer.email).length, 1);
  });

  test('workers racing over the outbox send each message once', async () => {
    const product = await ctx.productWithInstallers();
    const recipients: string[] = [];
    for (let i = 0; i < 3; i++) {
      const customer = await ctx.server.newCustomer();
      const sub = await ctx.server.subscriptionFor(customer, { product: product.id });
      for (let j = 0; j < 2; j++) {
        const to = `race-${i}-${j}-${customer.email}`;
        recipients.push(to);
        assert.equal((await ctx.sendLink(customer, sub.id, to)).status, 202);
      }
    }
    const sent = await Promise.all([ctx.deliver(), ctx.deliver(), ctx.deliver()]);
    assert.equal(
      sent.reduce((a, b) => a + b, 0),
      recipients.length,
    );
    for (const to of recipients) assert.equal(ctx.mailTo(to).length, 1, to);
  });
});
