import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { countAndLimit, reserveAttempt } from '../shared/rate-limit.ts';
import type { AccountView, Auth } from './accounts.ts';
import type { Client } from './client.ts';
import { errorOf, HOUR } from './client.ts';

/** Verification emails an account may ask for again, and a client address may, per hour. */
export const RESENDS_PER_ACCOUNT_PER_HOUR = 3;
export const RESENDS_PER_CLIENT_PER_HOUR = 20;
/** Wrong links one client address may try per hour. */
export const LINK_FAILURES_PER_CLIENT_PER_HOUR = 30;

/** The address a verification token names (hashed: a limit's key), read before its signature is checked. */
function addressIn(token: string): string {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      email?: unknown;
    };
    return secretHash(typeof claims.email === 'string' ? claims.email.toLowerCase() : '');
  } catch {
    return 'unreadable';
  }
}

/**
 * The link in the verification email: its page calls this with the token. A link already used
 * is fine (the address stays verified); an expired one and a tampered one are told apart.
 */
export async function verifyEmail(deps: Deps, auth: Auth, token: string, client: Client): Promise<void> {
  const attempt = await reserveAttempt(deps, [
    {
      key: `verify-email:account:${addressIn(token)}`,
      limit: LINK_FAILURES_PER_CLIENT_PER_HOUR,
      windowMs: HOUR,
    },
    { key: `verify-email:client:${client.ip}`, limit: LINK_FAILURES_PER_CLIENT_PER_HOUR, windowMs: HOUR },
  ]);
  const res = await auth.api.verifyEmail({ query: { token }, headers: client.headers, asResponse: true });
  if (!res.ok) {
    const e = await errorOf(res);
    if (e.code === 'TOKEN_EXPIRED')
      throw new AppError('LINK_EXPIRED', 'This link has expired: sign in and send a new one');
    throw new AppError('LINK_INVALID', 'This link is not valid: it may be incomplete');
  }
  await attempt.forgive();
}

/** "Send it again", from the portal, for the signed-in account that has not verified yet. */
export async function resendVerification(deps: Deps, auth: Auth, account: AccountView, client: Client) {
  if (account.emailVerified) return;
  await countAndLimit(deps, `verify-resend:client:${client.ip}`, RESENDS_PER_CLIENT_PER_HOUR, HOUR);
  await countAndLimit(
    deps,
    `verify-resend:account:${secretHash(account.email)}`,
    RESENDS_PER_ACCOUNT_PER_HOUR,
    HOUR,
  );
  const res = await auth.api.sendVerificationEmail({
    body: { email: account.email },
    headers: client.headers,
    asResponse: true,
  });
  if (!res.ok) throw new AppError('VALIDATION_FAILED', (await errorOf(res)).message ?? 'Not sent');
}

/** Address changes an account may ask for per hour (each mails the new address). */
export const ADDRESS_CHANGES_PER_ACCOUNT_PER_HOUR = 3;

/**
 * A new address: a link goes to it, and the account's address changes only when it is opened
 * (so the new one is proven). The answer is the same whether or not the address is taken.
 */
export async function changeEmail(
  deps: Deps,
  auth: Auth,
  account: AccountView,
  email: string,
  client: Client,
) {
  await countAndLimit(deps, `change-email:client:${client.ip}`, RESENDS_PER_CLIENT_PER_HOUR, HOUR);
  await countAndLimit(deps, `change-email:account:${account.id}`, ADDRESS_CHANGES_PER_ACCOUNT_PER_HOUR, HOUR);
  if (email.toLowerCase() === account.email) return;
  const res = await auth.api.changeEmail({
    body: { newEmail: email.toLowerCase() },
    headers: client.headers,
    asResponse: true,
  });
  if (!res.ok) throw new AppError('VALIDATION_FAILED', (await errorOf(res)).message ?? 'Not changed');
}
