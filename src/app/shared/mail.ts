import nodemailer from 'nodemailer';
import { singleLine } from '../../domain/text.ts';
import { inTransaction } from '../../store/database.ts';
import type { Db } from '../../store/database.ts';
import {
  claimNextMail,
  enqueueMail,
  mailOf,
  markMailRetry,
  markMailSent,
} from '../../store/mail-outbox.repository.ts';
import { AppError } from './errors.ts';
import type { Deps } from './deps.ts';
import type { AccountMail, DownloadLinkMail, InvitationMail, MailPort } from './mail-port.ts';
import { downloadLinkEmail } from '../downloads/download-link-email.ts';
import { accountEmail } from '../accounts/account-email.ts';

/** Where queued mail goes: an SMTP server, or (without SMTP_URL) the local mailbox the demo shows. */
export interface MailTransport {
  name: string;
  send(m: { messageId: string; to: string; subject: string; text: string; html: string }): Promise<void>;
}

export function smtpTransport(url: string, from: string): MailTransport {
  // Bounded waits: a send must end (well within the outbox's lease) even when the server hangs.
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    name: 'smtp',
    async send(m) {
      await transporter.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
      });
    },
  };
}

/** Without SMTP the mail stays in the outbox table, shown to its recipient at `/v1/me/mailbox`. */
export const mailboxTransport: MailTransport = { name: 'mailbox', send: async () => {} };

const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;

/** 30 s, 1 min, 2 min, … capped at an hour: an SMTP outage is waited out, not hammered. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/** How long a claimed message stays reserved for the node sending it: far longer than one SMTP exchange may take. */
const LEASE_MS = 10 * 60_000;

/**
 * Sends the mail that is due, one message at a time: claim it (a short transaction: its attempt is
 * counted and it is leased to this node, rows other nodes hold are skipped), hand it to the
 * transport with no transaction open, then mark it sent (or due again after a backoff). No
 * transaction waits on the mail server: on SQLite every request would wait with it, on
 * PostgreSQL a pooled connection and the row's lock would.
 *
 * What "exactly once" means here, honestly: the mail server's "accepted" and our "sent" cannot
 * be one atomic step. A message is marked sent right after the server accepts it, and never
 * handed out again once marked, so an SMTP outage, a refusal or a timeout only delays it (it is
 * retried, 30 s doubling to an hour), and no message is ever lost. The one gap is a crash (or a
 * lost database) between the server's "accepted" and the mark: that message goes out once more
 * when its lease ends. It keeps its Message-ID on every attempt, so mail systems that deduplicate
 * on it drop the copy. That is at-least-once delivery with an idempotent id; nothing stronger is
 * possible across SMTP.
 */
export async function deliverDueMail(deps: Deps, transport: MailTransport, batch = 20): Promise<number> {
  let tried = 0;
  for (; tried < batch; tried++) {
    const now = deps.clock.now();
    const m = await inTransaction(deps.db, (tx) =>
      claimNextMail(tx, now, new Date(now.getTime() + LEASE_MS)),
    );
    if (!m) break;
    try {
      await transport.send(m);
    } catch (err) {
      const retryAt = new Date(deps.clock.now().getTime() + retryDelayMs(m.attempts));
      await markMailRetry(deps.db, m.id, err instanceof Error ? err.message : String(err), retryAt);
      continue;
    }
    await markMailSent(deps.db, m.id, transport.name, deps.clock.now());
  }
  return tried;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The invitation email, in English and Danish (we do not know the invitee's language yet). */
export function invitationEmail(m: InvitationMail) {
  const expires = m.expiresAt.toISOString().slice(0, 10);
  const roleEn = m.role === 'admin' ? 'an administrator' : 'a member';
  const roleDa = m.role === 'admin' ? 'administrator' : 'medlem';
  const orgLine = singleLine(m.organizationName);
  const subject = `Invitation to ${orgLine} on Seatpost / Invitation til ${orgLine}`;
  const text = [
    `You are invited to join ${m.organizationName} on Seatpost as ${roleEn}.`,
    `Sign in (or create an account with this email address), then open this link to accept:`,
    m.acceptUrl,
    `The link works until ${expires}.`,
    '',
    `Du er inviteret til at blive ${roleDa} i ${m.organizationName} på Seatpost.`,
    `Log ind (eller opret en konto med denne e-mailadresse), og åbn linket for at acceptere:`,
    m.acceptUrl,
    `Linket virker indtil ${expires}.`,
  ].join('\n');
  const url = escapeHtml(m.acceptUrl);
  const org = escapeHtml(m.organizationName);
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>You are invited to join <strong>${org}</strong> on Seatpost as ${roleEn}.</p>
<p>Sign in (or create an account with this email address), then accept:</p>
<p><a href="${url}">Accept the invitation</a></p><p>The link works until ${expires}.</p><hr>
<p lang="da">Du er inviteret til at blive ${roleDa} i <strong>${org}</strong> på Seatpost.</p>
<p lang="da"><a href="${url}">Acceptér invitationen</a> — linket virker indtil ${expires}.</p>
</body></html>`;
  return { subject, text, html };
}

/** The mail port the use cases see: each email is queued in the caller's transaction. */
export function outboxMailPort(deps: Pick<Deps, 'random' | 'clock' | 'settings'>): MailPort {
  const host = new URL(deps.settings.publicUrl).hostname;
  const queue = async (
    db: Db,
    to: string,
    mail: { subject: string; text: string; html: string },
    senderAccountId: string | null = null,
  ) => {
    const id = deps.random.id();
    await enqueueMail(db, {
      id,
      messageId: `<${id}@${host}>`,
      to: to.toLowerCase(),
      ...mail,
      // One line whatever went into it: a name with a line break must not make a header of its own.
      subject: singleLine(mail.subject),
      senderAccountId,
      createdAt: deps.clock.now(),
    });
  };
  return {
    invitation: (db: Db, m: InvitationMail) => queue(db, m.to, invitationEmail(m)),
    downloadLink: (db: Db, m: DownloadLinkMail) => queue(db, m.to, downloadLinkEmail(m), m.senderAccountId),
    account: (db: Db, m: AccountMail) => queue(db, m.to, accountEmail(m)),
  };
}

/**
 * The demo's mailbox: the mail queued for the account's own address, and the download links it
 * sent to any address (so that a newcomer sees the link they just sent; nobody else does).
 * Only without SMTP: with a real mail server the mailbox is the person's own, and reading it
 * here would let anyone who signs up with an address they do not own read its mail.
 */
export async function myMailbox(deps: Deps, account: { id: string; email: string }) {
  if (!deps.settings.localMailbox)
    throw new AppError('NOT_FOUND', 'Mail is sent by SMTP; there is no local mailbox');
  const mail = await mailOf(deps.db, { address: account.email, accountId: account.id });
  return mail.map((m) => ({
    id: m.id,
    to: m.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    createdAt: m.createdAt.toISOString(),
  }));
}
