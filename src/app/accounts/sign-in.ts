import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { countAndLimit, reserveAttempt } from '../shared/rate-limit.ts';
import type { Auth, SignedIn } from './accounts.ts';
import { pickAccount } from './accounts.ts';

const SIGN_UPS_PER_HOUR = 30;

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie();
}

async function errorOf(res: Response): Promise<{ code?: string; message?: string }> {
  try {
    return (await res.json()) as { code?: string; message?: string };
  } catch {
    return {};
  }
}

/** Who is at the door: the headers better-auth reads, and the client address the limits count by. */
export interface Client {
  headers: Headers;
  ip: string;
}

/** Sign-up is counted per client address, so that one client cannot mass-create accounts. */
export async function signUp(
  deps: Deps,
  auth: Auth,
  body: { email: string; password: string; name: string; country: string; language: string },
  client: Client,
): Promise<SignedIn> {
  await countAndLimit(deps, `sign-up:${client.ip}`, SIGN_UPS_PER_HOUR, 3_600_000);
  const headers = client.headers;
  const res = await auth.api.signUpEmail({
    body: { ...body, email: body.email.toLowerCase() },
    headers,
    asResponse: true,
  });
  if (!res.ok) {
    const e = await errorOf(res);
    if (res.status === 422 || e.code?.includes('ALREADY_EXISTS'))
      throw new AppError('EMAIL_IN_USE', 'An account with this email already exists', { pointer: '/email' });
    if (e.code?.includes('PASSWORD'))
      throw new AppError('VALIDATION_FAILED', e.message ?? 'The password is not acceptable', {
        pointer: '/password',
      });
    throw new AppError('VALIDATION_FAILED', e.message ?? 'Sign-up was refused');
  }
  const data = (await res.json()) as { user: SignedIn['account'] };
  return { account: pickAccount(data.user), cookies: cookiesOf(res) };
}

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
 * so the limits neither keep email addresses nor tell which accounts exist.
 */
export async function signIn(
  deps: Deps,
  auth: Auth,
  body: { email: string; password: string },
  client: Client,
): Promise<SignedIn> {
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
  const data = (await res.json()) as { user: SignedIn['account'] };
  return { account: pickAccount(data.user), cookies: cookiesOf(res) };
}

export async function signOut(auth: Auth, headers: Headers): Promise<string[]> {
  const res = await auth.api.signOut({ headers, asResponse: true });
  return cookiesOf(res);
}
