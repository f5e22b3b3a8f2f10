import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import type { Store } from '../../store/database.ts';

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
    // Our own limiter (per account and per client address, in the database) guards sign-in; see signIn.
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

export async function sessionAccount(auth: Auth, headers: Headers): Promise<SignedIn['account'] | null> {
  const session = await auth.api.getSession({ headers });
  return session ? pickAccount(session.user as unknown as SignedIn['account']) : null;
}

export function pickAccount(u: SignedIn['account']): SignedIn['account'] {
  return { id: u.id, email: u.email, name: u.name, country: u.country ?? null, language: u.language ?? null };
}
