import { setAccountLanguage } from '../../store/accounts.repository.ts';
import { findAccountIdByEmail } from '../../store/users.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';
import type { Auth, SignedIn } from './accounts.ts';
import { pickAccount } from './accounts.ts';
import type { Client } from './client.ts';
import { cookiesOf } from './client.ts';

export type { Client };

/** Signed in, or half-way: the password was right and the second factor is asked for next. */
export type SignInResult = SignedIn | { twoFactorRequired: true; cookies: string[] };

/**
 * Sign-in is guarded against guessing, with three limits on failures, each reserved atomically
 * before the password is checked (see `reserveAttempt`) and given back when it is right, so
 * honest people are never slowed:
 *
 * - per client address and account (`guessFailuresPerWindow`, 20): what one guesser gets
 *   against one account. It locks out only that guesser's address for that account: anyone else
 *   behind the same NAT address still signs in to their own account.
 * - per account, from all addresses (`accountGuessFailuresPerWindow`, 50): what protects an
 *   account from guessers spread over many addresses. It is above the first, so a guesser on one
 *   address cannot lock the owner out; guessers on three or more addresses can, for the rest of
 *   the window (15 minutes), which is the price of capping guesses per account at all.
 * - per client address, to any accounts (`addressGuessFailuresPerWindow`, 200): bounds password
 *   spraying from one address, yet is high enough for an office or carrier NAT's honest typos.
 *
 * The account is keyed by a hash of the lowercased email, whether or not such an account exists,
 * so the limits neither keep email addresses nor tell which accounts exist; an unknown address
 * and a wrong password get the same answer. A language chosen on the sign-in page becomes the
 * account's.
 */
export async function signIn(
  deps: Deps,
  auth: Auth,
  body: { email: string; password: string; language?: string },
  client: Client,
): Promise<SignInResult> {
  const email = body.email.toLowerCase();
  const account = secretHash(email);
  const s = deps.settings;
  const windowMs = s.guessFailureWindowMs;
  const attempt = await reserveAttempt(deps, [
    { key: `sign-in:pair:${client.ip}:${account}`, limit: s.guessFailuresPerWindow, windowMs },
    { key: `sign-in:account:${account}`, limit: s.accountGuessFailuresPerWindow, windowMs },
    { key: `sign-in:address:${client.ip}`, limit: s.addressGuessFailuresPerWindow, windowMs },
  ]);
  const res = await auth.api.signInEmail({
    body: { email, password: body.password },
    headers: client.headers,
    asResponse: true,
  });
  if (!res.ok) throw new AppError('INVALID_CREDENTIALS', 'The email or the password is not right');
  await attempt.forgive();
  const data = (await res.json()) as { user?: SignedIn['account']; twoFactorRedirect?: boolean };
  if (data.twoFactorRedirect || !data.user) {
    // The password was right: the language picked is the account's, whatever the second step brings.
    const id = body.language && (await findAccountIdByEmail(deps.db, email));
    if (id) await setAccountLanguage(deps.db, id, body.language!, deps.clock.now());
    return { twoFactorRequired: true, cookies: cookiesOf(res) };
  }
  const signedIn = pickAccount(data.user);
  if (body.language && body.language !== signedIn.language) {
    await setAccountLanguage(deps.db, signedIn.id, body.language, deps.clock.now());
    signedIn.language = body.language;
  }
  return { account: signedIn, cookies: cookiesOf(res) };
}

export async function signOut(auth: Auth, headers: Headers): Promise<string[]> {
  const res = await auth.api.signOut({ headers, asResponse: true });
  return cookiesOf(res);
}
