import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import type { Store } from '../store/database.ts';
import { AppError } from './errors.ts';

/**
 * Customer accounts: email and password, sessions and cookies are better-auth's (scrypt,
 * signed HttpOnly SameSite cookies), so that no password or session code is ours.
 */
export function createAuth(store: Store, options: { publicUrl: string; secret: string }) {
  return betterAuth({
    appName: 'Seatpost',
    baseURL: options.publicUrl,
    basePath: '/v1/auth',
    secret: options.secret,
    database: { db: store.db, type: store.dialect },
    telemetry: { enabled: false },
    trustedOrigins: [options.publicUrl],
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 200, autoSignIn: true },
    user: {
      additionalFields: {
        country: { type: 'string', required: false, input: true },
        language: { type: 'string', required: false, input: true },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // Our own limiter (per client address, in the database) guards sign-in; see app/rate-limit.ts.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'seatpost',
      useSecureCookies: options.publicUrl.startsWith('https:'),
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

export async function migrateAuth(auth: Auth): Promise<void> {
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
}

export interface SignedIn {
  account: { id: string; email: string; name: string; country: string | null; language: string | null };
  /** Set-Cookie headers to pass on. */
  cookies: string[];
}

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

export async function signUp(
  auth: Auth,
  body: { email: string; password: string; name: string; country: string; language: string },
  headers: Headers,
): Promise<SignedIn> {
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

export async function signIn(
  auth: Auth,
  body: { email: string; password: string },
  headers: Headers,
): Promise<SignedIn> {
  const res = await auth.api.signInEmail({
    body: { email: body.email.toLowerCase(), password: body.password },
    headers,
    asResponse: true,
  });
  if (!res.ok) throw new AppError('INVALID_CREDENTIALS', 'The email or the password is not right');
  const data = (await res.json()) as { user: SignedIn['account'] };
  return { account: pickAccount(data.user), cookies: cookiesOf(res) };
}

export async function signOut(auth: Auth, headers: Headers): Promise<string[]> {
  const res = await auth.api.signOut({ headers, asResponse: true });
  return cookiesOf(res);
}

export async function sessionAccount(auth: Auth, headers: Headers): Promise<SignedIn['account'] | null> {
  const session = await auth.api.getSession({ headers });
  return session ? pickAccount(session.user as unknown as SignedIn['account']) : null;
}

function pickAccount(u: SignedIn['account']): SignedIn['account'] {
  return { id: u.id, email: u.email, name: u.name, country: u.country ?? null, language: u.language ?? null };
}
