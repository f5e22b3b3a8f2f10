import { findResetToken } from '../../store/accounts.repository.ts';
import { findAccountEmail } from '../../store/users.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { countAndLimit, reserveAttempt } from '../shared/rate-limit.ts';
import type { Auth } from './accounts.ts';
import type { Client } from './client.ts';
import { errorOf, HOUR } from './client.ts';
import { requireStrongPassword } from './password-strength.ts';

/** Reset emails per address and requests per client address, per hour. */
export const RESETS_PER_ADDRESS_PER_HOUR = 3;
export const RESETS_PER_CLIENT_PER_HOUR = 20;
/** Wrong reset links one client address may try per hour. */
export const RESET_FAILURES_PER_CLIENT_PER_HOUR = 30;

/**
 * "Forgot your password": 202 whatever the address, so that it tells nobody whether an account
 * exists; only an account's owner gets the link (one hour, one use).
 */
export async function requestPasswordReset(deps: Deps, auth: Auth, email: string, client: Client) {
  const address = email.toLowerCase();
  await countAndLimit(deps, `reset:client:${client.ip}`, RESETS_PER_CLIENT_PER_HOUR, HOUR);
  await countAndLimit(deps, `reset:account:${secretHash(address)}`, RESETS_PER_ADDRESS_PER_HOUR, HOUR);
  await auth.api.requestPasswordReset({ body: { email: address }, headers: client.headers });
}

/**
 * Whether a reset link still works, without using it: its page says at once that a link is used,
 * expired or not ours, rather than after a new password was typed. Guesses count against the
 * client's limit; a link that exists does not.
 */
export async function checkPasswordReset(deps: Deps, token: string, client: Client) {
  const attempt = await reserveAttempt(deps, [
    { key: `reset-confirm:client:${client.ip}`, limit: RESET_FAILURES_PER_CLIENT_PER_HOUR, windowMs: HOUR },
  ]);
  const held = await findResetToken(deps.db, token);
  if (!held) throw new AppError('LINK_INVALID', 'This link is not valid: it has been used, or is incomplete');
  await attempt.forgive();
  if (held.expiresAt.getTime() <= deps.clock.now().getTime())
    throw new AppError('LINK_EXPIRED', 'This link has expired: ask for a new one');
  return held;
}

/**
 * The reset link's page sets the new password with the token. An expired link and one that is
 * used or not ours are told apart; every session of the account ends (better-auth's
 * `revokeSessionsOnPasswordReset`), and with them its open streams.
 */
export async function confirmPasswordReset(
  deps: Deps,
  auth: Auth,
  body: { token: string; password: string },
  client: Client,
): Promise<void> {
  const held = await checkPasswordReset(deps, body.token, client);
  requireStrongPassword(body.password, { email: await findAccountEmail(deps.db, held.accountId) });
  const res = await auth.api.resetPassword({
    body: { token: body.token, newPassword: body.password },
    headers: client.headers,
    asResponse: true,
  });
  if (!res.ok) {
    const e = await errorOf(res);
    throw new AppError('LINK_INVALID', e.message ?? 'This link is not valid');
  }
}
