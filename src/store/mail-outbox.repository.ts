import type { Selectable } from 'kysely';
import type { Db } from './database.ts';
import { toDate, toDateOrNull } from './dialect.ts';
import { claimRows } from './node-locks.ts';
import type { MailOutboxTable } from './schema.ts';

export interface OutgoingMail {
  id: string;
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Date;
  attempts: number;
  sentAt: Date | null;
  /** The account that caused it, if one did. */
  senderAccountId?: string | null;
}

export async function enqueueMail(db: Db, m: Omit<OutgoingMail, 'attempts' | 'sentAt'>): Promise<void> {
  await db
    .insertInto('mail_outbox')
    .values({
      id: m.id,
      message_id: m.messageId,
      to_address: m.to,
      subject: m.subject,
      text_body: m.text,
      html_body: m.html,
      created_at: m.createdAt,
      attempts: 0,
      next_attempt_at: m.createdAt,
      sent_at: null,
      transport: null,
      last_error: null,
      sender_account_id: m.senderAccountId ?? null,
    })
    .execute();
}

function rowToMail(r: Selectable<MailOutboxTable>): OutgoingMail {
  return {
    id: r.id,
    messageId: r.message_id,
    to: r.to_address,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    createdAt: toDate(r.created_at),
    attempts: r.attempts,
    sentAt: toDateOrNull(r.sent_at),
  };
}

/**
 * Claims the next due message for this node: in the caller's (short) transaction it is locked
 * (rows another node holds are skipped), its attempt is counted, and it is leased until
 * `leaseUntil`, so that no node takes it again while this one sends it. A node that dies with
 * the lease leaves the message to whoever claims it after the lease ends.
 */
export async function claimNextMail(db: Db, now: Date, leaseUntil: Date): Promise<OutgoingMail | undefined> {
  const row = await claimRows(
    db,
    db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(1),
  ).executeTakeFirst();
  if (!row) return undefined;
  await db
    .updateTable('mail_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
    .where('id', '=', row.id)
    .execute();
  return { ...rowToMail(row), attempts: row.attempts + 1 };
}

export async function markMailSent(db: Db, id: string, transport: string, now: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ sent_at: now, transport, last_error: null })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

export async function markMailRetry(db: Db, id: string, error: string, nextAttemptAt: Date): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ last_error: error.slice(0, 500), next_attempt_at: nextAttemptAt })
    .where('id', '=', id)
    .where('sent_at', 'is', null)
    .execute();
}

/** The mail sent to one address or caused by one account, newest first: the demo's mailbox. */
export async function mailOf(
  db: Db,
  mailbox: { address: string; accountId: string },
  limit = 50,
): Promise<OutgoingMail[]> {
  const rows = await db
    .selectFrom('mail_outbox')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('to_address', '=', mailbox.address.toLowerCase()),
        eb('sender_account_id', '=', mailbox.accountId),
      ]),
    )
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(rowToMail);
}
