import { languageOr } from '../../domain/language.ts';
import { reasonsNotToSendLink } from '../../domain/sending-rules.ts';
import { inTransaction } from '../../store/database.ts';
import type { Tx } from '../../store/database.ts';
import { insertDownloadLink } from '../../store/download-links.repository.ts';
import { hit } from '../../store/rate-limits.repository.ts';
import { lockSubscription } from '../../store/subscriptions.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { offeredInstallers } from '../operator/releases.ts';
import { loadJudge } from '../sending/send-facts.ts';
import { ownedSubscription } from '../sending/subscriptions.ts';

/**
 * An address we are willing to send to: the schema has checked its shape; this also refuses what
 * could smuggle a header or a second recipient into the mail (line breaks, commas, angle brackets).
 */
function recipient(email: string): string {
  const to = email.trim().toLowerCase();
  if (!/^[^\s@,;<>"()[\]\\]+@[^\s@,;<>"()[\]\\]+\.[a-z0-9-]{2,}$/i.test(to) || to.length > 254)
    throw new AppError('VALIDATION_FAILED', 'This is not an email address we can send to', {
      pointer: '/email',
    });
  return to;
}

/** Counts one link against `key` in the caller's transaction; refused links roll back and do not count. */
async function limit(deps: Deps, tx: Tx, key: string, max: number, windowMs: number, what: string) {
  const { count, resetAt } = await hit(tx, key, windowMs, deps.clock.now());
  if (count > max)
    throw new AppError('RATE_LIMITED', `Too many download links ${what}; wait a while and try again`, {
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - deps.clock.now().getTime()) / 1000)),
    });
}

/**
 * "Send link": emails a download link for one of the account's subscriptions. The link is
 * checked against the subscription alone (`reasonsNotToSendLink`); a refusal carries every
 * reason. The link (its token stored only hashed) and its email (in the outbox) are written in
 * one transaction, so that a link is never mailed without existing, nor exists unmailed. Links
 * are limited per account and per recipient; only links that pass the rules count.
 */
export async function sendDownloadLink(
  deps: Deps,
  account: { id: string; country: string | null; language: string | null },
  subscriptionId: string,
  email: string,
  /** Written in the same transaction as the link (support's audit of a link it sent). */
  alsoRecord?: (tx: Tx, to: string) => Promise<unknown>,
): Promise<{ email: string; expiresAt: string }> {
  const to = recipient(email);
  const { product } = await ownedSubscription(deps, account.id, subscriptionId);
  const installers = await offeredInstallers(deps, product);
  const mail = deps.mail;
  const token = deps.random.token(32);
  const language = languageOr(account.language);

  const expiresAt = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const subscription = await lockSubscription(tx, subscriptionId);
    if (!subscription || subscription.ownerAccountId !== account.id || subscription.organizationId)
      throw notFound('Subscription');
    const judge = await loadJudge(tx, {
      now,
      channel: 'portal',
      subscription,
      product,
      senderRole: null,
      visibleDevices: [],
      ownerRegion: account.country,
    });
    const reasons = reasonsNotToSendLink(judge.base);
    if (reasons.length > 0)
      throw new AppError('SEND_REFUSED', 'A download link for this subscription cannot be sent', { reasons });
    if (installers.length === 0)
      throw new AppError('NO_INSTALLERS', `No installer of ${product.name} is available to download yet`);
    const s = deps.settings;
    // The recipient's count is kept under its address's hash: the limits table holds no addresses.
    await limit(
      deps,
      tx,
      `download-link:account:${account.id}`,
      s.downloadLinksPerAccountPerHour,
      3_600_000,
      'from this account',
    );
    await limit(
      deps,
      tx,
      `download-link:to:${secretHash(to)}`,
      s.downloadLinksPerRecipientPerDay,
      86_400_000,
      'to this address',
    );
    const expiresAt = new Date(now.getTime() + s.downloadLinkTtlMs);
    await insertDownloadLink(
      tx,
      {
        id: deps.random.id(),
        subscriptionId,
        accountId: account.id,
        email: to,
        language,
        createdAt: now,
        expiresAt,
      },
      secretHash(token),
    );
    await mail.downloadLink(tx, {
      to,
      senderAccountId: account.id,
      language,
      productName: product.name,
      url: `${s.publicUrl}/d/${token}`,
      expiresAt,
    });
    await alsoRecord?.(tx, to);
    return expiresAt;
  });
  return { email: to, expiresAt: expiresAt.toISOString() };
}
