import { toString as qrSvg } from 'qrcode';
import { findTwoFactorChallenge } from '../../store/accounts.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';
import type { AccountView, Auth, SignedIn } from './accounts.ts';
import { pickAccount } from './accounts.ts';
import type { Client } from './client.ts';
import { cookiesOf, errorOf } from './client.ts';

/** Wrong second-factor codes per account, and per client address, per window. */
export const CODE_FAILURES_PER_ACCOUNT = 10;
export const CODE_FAILURES_PER_CLIENT = 50;
const WINDOW_MS = 15 * 60_000;

const TOTP = /^\d{6}$/;

/** Reserves a code attempt for the account and the client address, atomically, before the code is checked. */
function reserveCode(deps: Deps, accountId: string, client: Client) {
  return reserveAttempt(deps, [
    { key: `second-factor:account:${accountId}`, limit: CODE_FAILURES_PER_ACCOUNT, windowMs: WINDOW_MS },
    { key: `second-factor:client:${client.ip}`, limit: CODE_FAILURES_PER_CLIENT, windowMs: WINDOW_MS },
  ]);
}

/** The account a pending two-factor sign-in is for, read from better-auth's signed cookie's identifier. */
async function challengedAccount(deps: Deps, headers: Headers): Promise<string> {
  const cookie = /(?:^|;\s*)(?:__Secure-)?seatpost\.two_factor=([^;]+)/.exec(
    headers.get('cookie') ?? '',
  )?.[1];
  const identifier = cookie && decodeURIComponent(cookie).split('.')[0];
  const accountId = identifier && (await findTwoFactorChallenge(deps.db, identifier));
  if (!accountId) throw new AppError('TWO_FACTOR_REQUIRED', 'Sign in with your password first');
  return accountId;
}

/** The second step of a sign-in: a code from the authenticator app, or one of the recovery codes. */
export async function verifySecondFactor(
  deps: Deps,
  auth: Auth,
  code: string,
  client: Client,
): Promise<SignedIn> {
  const accountId = await challengedAccount(deps, client.headers);
  const attempt = await reserveCode(deps, accountId, client);
  const clean = code.replace(/\s+/g, '');
  const res = TOTP.test(clean)
    ? await auth.api.verifyTOTP({ body: { code: clean }, headers: client.headers, asResponse: true })
    : await auth.api.verifyBackupCode({ body: { code: clean }, headers: client.headers, asResponse: true });
  if (!res.ok) throw new AppError('TWO_FACTOR_INVALID', 'That code is not right');
  await attempt.forgive();
  const data = (await res.json()) as { user: AccountView };
  return { account: pickAccount(data.user), cookies: cookiesOf(res) };
}

/**
 * Turning two factors on, step one: the password proves the person; the answer carries the
 * authenticator's secret (the otpauth URI and its QR code, as SVG) and the recovery codes. It is
 * on once a first code is confirmed (`confirmTwoFactor`).
 */
export async function startTwoFactor(
  deps: Deps,
  auth: Auth,
  account: AccountView,
  password: string,
  client: Client,
) {
  const attempt = await reserveCode(deps, account.id, client);
  const res = await auth.api.enableTwoFactor({
    body: { password },
    headers: client.headers,
    asResponse: true,
  });
  if (!res.ok)
    throw new AppError('INVALID_CREDENTIALS', (await errorOf(res)).message ?? 'The password is not right');
  await attempt.forgive();
  const data = (await res.json()) as { totpURI: string; backupCodes: string[] };
  const qrCodeSvg = await qrSvg(data.totpURI, { type: 'svg', margin: 1 });
  return { otpauthUri: data.totpURI, qrCodeSvg, recoveryCodes: data.backupCodes, cookies: cookiesOf(res) };
}

/** Step two: a first code from the app shows it was set up right; from now on sign-in asks for one. */
export async function confirmTwoFactor(
  deps: Deps,
  auth: Auth,
  account: AccountView,
  code: string,
  client: Client,
) {
  const attempt = await reserveCode(deps, account.id, client);
  const res = await auth.api.verifyTOTP({ body: { code }, headers: client.headers, asResponse: true });
  if (!res.ok) throw new AppError('TWO_FACTOR_INVALID', 'That code is not right');
  await attempt.forgive();
  return cookiesOf(res);
}

/** Turning it off takes the password and a current code (or a recovery code). */
export async function disableTwoFactor(
  deps: Deps,
  auth: Auth,
  account: AccountView,
  body: { password: string; code: string },
  client: Client,
) {
  const attempt = await reserveCode(deps, account.id, client);
  await proveSecondFactor(auth, body.code, client);
  const res = await auth.api.disableTwoFactor({
    body: { password: body.password },
    headers: client.headers,
    asResponse: true,
  });
  if (!res.ok) throw new AppError('INVALID_CREDENTIALS', 'The password is not right');
  await attempt.forgive();
  return cookiesOf(res);
}

/** Checks a code for the signed-in account without spending the session (a recovery code is spent). */
export async function proveSecondFactor(auth: Auth, code: string, client: Client): Promise<void> {
  const clean = code.replace(/\s+/g, '');
  const res = TOTP.test(clean)
    ? await auth.api.verifyTOTP({ body: { code: clean }, headers: client.headers, asResponse: true })
    : await auth.api.verifyBackupCode({ body: { code: clean }, headers: client.headers, asResponse: true });
  if (!res.ok) throw new AppError('TWO_FACTOR_INVALID', 'That code is not right');
}
