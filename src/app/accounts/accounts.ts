import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { twoFactor } from 'better-auth/plugins';
import type { Store } from '../../store/database.ts';
import type { Notifier } from '../shared/notifier.ts';
import { accessChanged } from '../shared/stream-access.ts';
import type { AccountEvents } from './account-events.ts';
import { ownOrigins } from '../shared/own-origins.ts';

/** How long an emailed link works: a verification link three days, a reset link one hour. */
export const VERIFY_LINK_SECONDS = 3 * 86_400;
export const RESET_LINK_SECONDS = 3_600;

/**
 * Customer accounts: email and password, sessions and cookies are better-auth's (scrypt,
 * signed HttpOnly SameSite cookies), so that no password or session code is ours. Sign-up never
 * signs in (`autoSignIn: false`), which also makes better-auth answer a known address exactly
 * as a new one; its owner is told by email instead (`onExistingUserSignUp`). The links in its
 * emails are made by better-auth and mailed through our outbox (`events`).
 */
export function createAuth(
  store: Store,
  options: { publicUrl: string; secret: string; notifier: Notifier; events: AccountEvents },
) {
  const events = options.events;
  return betterAuth({
    appName: 'Seatpost',
    baseURL: options.publicUrl,
    basePath: '/v1/auth',
    secret: options.secret,
    database: { db: store.db, type: store.dialect },
    telemetry: { enabled: false },
    // Its warnings ("User not found", "Invalid password") are the answers we give anyway; errors still show.
    logger: { level: 'error' },
    trustedOrigins: [...ownOrigins(options.publicUrl)],
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 200,
      autoSignIn: false,
      onExistingUserSignUp: ({ user }) => events.mail('existing', user),
      sendResetPassword: ({ user, token }) => events.mail('reset', user, token),
      resetPasswordTokenExpiresIn: RESET_LINK_SECONDS,
      revokeSessionsOnPasswordReset: true,
    },
    emailVerification: {
      sendOnSignUp: true,
      expiresIn: VERIFY_LINK_SECONDS,
      sendVerificationEmail: ({ user, token }) => events.mail('verify', user, token),
      afterEmailVerification: (user) => events.verified(user),
    },
    user: {
      // A new address is used only once the link mailed to it is opened (better-auth's change-email verification).
      changeEmail: { enabled: true },
      additionalFields: {
        country: { type: 'string', required: false, input: true },
        language: { type: 'string', required: false, input: true },
      },
    },
    plugins: [twoFactor({ issuer: 'Seatpost', skipVerificationOnEnable: false })],
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    // However a session ends (sign-out, revoked, expired and swept), its account's open streams re-check.
    databaseHooks: {
      session: {
        delete: { after: async (session) => accessChanged(options.notifier, session.userId) },
      },
    },
    // Our own limiter (per account and per client address, in the database) guards every secret.
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

export interface AccountView {
  id: string;
  email: string;
  name: string;
  country: string | null;
  language: string | null;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
}

export interface SignedIn {
  account: AccountView;
  /** Set-Cookie headers to pass on. */
  cookies: string[];
}

export async function sessionAccount(auth: Auth, headers: Headers): Promise<AccountView | null> {
  return (await accountSession(auth, headers))?.account ?? null;
}

/** The signed-in account and the session it signed in with (a long-lived stream re-checks that session). */
export async function accountSession(
  auth: Auth,
  headers: Headers,
): Promise<{ account: AccountView; session: { id: string } } | null> {
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  return {
    account: pickAccount(found.user as unknown as AccountView),
    session: { id: found.session.id },
  };
}

export function pickAccount(u: AccountView): AccountView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    country: u.country ?? null,
    language: u.language ?? null,
    emailVerified: !!u.emailVerified,
    twoFactorEnabled: !!u.twoFactorEnabled,
  };
}
