import { describeUserAgent } from '../../domain/user-agent.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';
import type { AccountView, Auth } from './accounts.ts';
import type { Client } from './client.ts';
import { cookiesOf } from './client.ts';
import { requireStrongPassword } from './password-strength.ts';

interface AuthSession {
  id: string;
  token: string;
  userAgent?: string | null;
  ipAddress?: string | null;
  createdAt: Date | string;
  updatedAt: Date | string;
}

/** The account's sessions, the current one marked: where and in what each was opened, and when last used. */
export async function listSessions(auth: Auth, currentSessionId: string, headers: Headers) {
  const sessions = (await auth.api.listSessions({ headers })) as unknown as AuthSession[];
  return sessions
    .map((s) => ({
      id: s.id,
      ...describeUserAgent(s.userAgent),
      clientAddress: s.ipAddress ?? null,
      createdAt: new Date(s.createdAt).toISOString(),
      lastActiveAt: new Date(s.updatedAt).toISOString(),
      current: s.id === currentSessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastActiveAt.localeCompare(a.lastActiveAt));
}

/** Ends one of the account's own sessions (its open streams end with it, by the session delete hook). */
export async function endSession(auth: Auth, sessionId: string, headers: Headers): Promise<void> {
  const sessions = (await auth.api.listSessions({ headers })) as unknown as AuthSession[];
  const session = sessions.find((s) => s.id === sessionId);
  if (!session) throw notFound('Session');
  await auth.api.revokeSession({ body: { token: session.token }, headers });
}

export async function endOtherSessions(auth: Auth, headers: Headers): Promise<void> {
  await auth.api.revokeOtherSessions({ headers });
}

/** A new password, proven with the current one; every other session ends. */
export async function changePassword(
  deps: Deps,
  auth: Auth,
  account: AccountView,
  body: { currentPassword: string; newPassword: string },
  client: Client,
): Promise<string[]> {
  requireStrongPassword(body.newPassword, { email: account.email, name: account.name });
  const attempt = await reserveAttempt(deps, [
    { key: `password-change:account:${account.id}`, limit: 10, windowMs: 15 * 60_000 },
    { key: `password-change:client:${client.ip}`, limit: 50, windowMs: 15 * 60_000 },
  ]);
  const res = await auth.api.changePassword({
    body: { currentPassword: body.currentPassword, newPassword: body.newPassword, revokeOtherSessions: true },
    headers: client.headers,
    asResponse: true,
  });
  if (!res.ok)
    throw new AppError('INVALID_CREDENTIALS', 'The current password is not right', {
      pointer: '/currentPassword',
    });
  await attempt.forgive();
  return cookiesOf(res);
}
