import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import type { Store } from '../../store/database.ts';
import type { Notifier } from '../shared/notifier.ts';
import { accessChanged } from '../shared/stream-access.ts';

/**
 * Customer accounts: email and password, sessions and cookies are better-auth's (scrypt,
 * signed HttpOnly SameSite cookies), so that no password or session code is ours.
 */
export function createAuth(store: Store, options: { publicUrl: string; secret: string; notifier: Notifier }) {
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
    // However a session ends (sign-out, revoked, expired and swept), its account's open streams re-check.
    databaseHooks: {
      session: {
        delete: { after: async (session) => accessChanged(options.notifier, session.userId) },
      },
    },
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
  return (await accountSession(auth, headers))?.account ?? null;
}

/** The signed-in account and the session it signed in with (a long-lived stream re-checks that session). */
export async function accountSession(
  auth: Auth,
  headers: Headers,
): Promise<{ account: SignedIn['account']; session: { id: string } } | null> {
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  return {
    account: pickAccount(found.user as unknown as SignedIn['account']),
    session: { id: found.session.id },
  };
}

export function pickAccount(u: SignedIn['account']): SignedIn['account'] {
  return { id: u.id, email: u.email, name: u.name, country: u.country ?? null, language: u.language ?? null };
}
