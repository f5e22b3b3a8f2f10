import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { countAndLimit, recordFailure, refuseWhileLimited } from '../shared/rate-limit.ts';
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

/** Sign-in is guarded against guessing: only failures count, so honest people are never slowed. */
export async function signIn(
  deps: Deps,
  auth: Auth,
  body: { email: string; password: string },
  client: Client,
): Promise<SignedIn> {
  const key = `sign-in:${client.ip}`;
  const { guessFailuresPerWindow: limit, guessFailureWindowMs: windowMs } = deps.settings;
  await refuseWhileLimited(deps, key, limit, windowMs);
  const res = await auth.api.signInEmail({
    body: { email: body.email.toLowerCase(), password: body.password },
    headers: client.headers,
    asResponse: true,
  });
  if (!res.ok) {
    await recordFailure(deps, key, windowMs);
    throw new AppError('INVALID_CREDENTIALS', 'The email or the password is not right');
  }
  const data = (await res.json()) as { user: SignedIn['account'] };
  return { account: pickAccount(data.user), cookies: cookiesOf(res) };
}

export async function signOut(auth: Auth, headers: Headers): Promise<string[]> {
  const res = await auth.api.signOut({ headers, asResponse: true });
  return cookiesOf(res);
}
