import { isCountry } from '../../domain/countries.ts';
import { findAccountIdByEmail } from '../../store/users.repository.ts';
import { markEmailVerified } from '../../store/accounts.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { countAndLimit } from '../shared/rate-limit.ts';
import type { Auth } from './accounts.ts';
import type { Client } from './client.ts';
import { errorOf, HOUR } from './client.ts';
import { requireStrongPassword } from './password-strength.ts';

/** Sign-ups per client address, and sign-up emails (welcome or "you already have one") per address, per hour. */
export const SIGN_UPS_PER_CLIENT_PER_HOUR = 30;
export const SIGN_UPS_PER_ADDRESS_PER_HOUR = 5;

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  country: string;
  language: string;
}

/**
 * Sign-up answers the same whether or not the address already has an account, and never signs
 * in: a new address gets a verification email, a known one's owner an email saying someone tried
 * (better-auth's `onExistingUserSignUp`). Counted per client address (mass creation) and per
 * address (mail bombing someone), before anything else, so the limits tell nothing either.
 */
export async function signUp(
  deps: Deps,
  auth: Auth,
  body: SignUpInput,
  client: Client,
  // The demo's own account has a password printed for everyone to read: its strength is moot.
  options: { demo?: boolean } = {},
): Promise<void> {
  const email = body.email.toLowerCase();
  await countAndLimit(deps, `sign-up:client:${client.ip}`, SIGN_UPS_PER_CLIENT_PER_HOUR, HOUR);
  await countAndLimit(deps, `sign-up:account:${secretHash(email)}`, SIGN_UPS_PER_ADDRESS_PER_HOUR, HOUR);
  const country = body.country.toUpperCase();
  if (!isCountry(country))
    throw new AppError('VALIDATION_FAILED', `${body.country} is not a current ISO 3166 country code`, {
      pointer: '/country',
    });
  if (!options.demo) requireStrongPassword(body.password, { email, name: body.name });
  const res = await auth.api.signUpEmail({
    body: { ...body, email, country },
    headers: client.headers,
    asResponse: true,
  });
  if (!res.ok) {
    const e = await errorOf(res);
    throw new AppError('VALIDATION_FAILED', e.message ?? 'Sign-up was refused');
  }
}

/** The demo's account: signed up as anyone would be (but for its published password), its address then taken as proven. */
export async function signUpVerified(
  deps: Deps,
  auth: Auth,
  body: SignUpInput,
  client: Client,
): Promise<string> {
  await signUp(deps, auth, body, client, { demo: true });
  const id = await findAccountIdByEmail(deps.db, body.email);
  if (!id) throw new Error(`sign-up of ${body.email} made no account`);
  await markEmailVerified(deps.db, id, deps.clock.now());
  return id;
}
