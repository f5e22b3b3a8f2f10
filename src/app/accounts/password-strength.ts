import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { AppError } from '../shared/errors.ts';

/** zxcvbn's 0–4; 3 is "safely unguessable" against an offline attack on a slow hash. */
export const MIN_PASSWORD_SCORE = 3;

let checker: ZxcvbnFactory | undefined;

/** Built on first use: the dictionaries are large, and most requests never need them. */
function zxcvbn(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return checker;
}

export interface PasswordStrength {
  score: number;
  acceptable: boolean;
  /** zxcvbn's feedback, in English (it has no Danish): the portal shows its own words by score. */
  warning: string | null;
  suggestions: string[];
}

/**
 * How guessable a password is for this person: common and breached-list passwords, keyboard
 * patterns, repeats, and the person's own address and name (given as zxcvbn's user inputs) all
 * count against it. The address itself, or the password inside it, is refused outright.
 */
export function passwordStrength(
  password: string,
  person: { email?: string; name?: string },
): PasswordStrength {
  const email = person.email?.trim().toLowerCase() ?? '';
  const inputs = [email, ...email.split(/[@.+_-]/), ...(person.name?.split(/\s+/) ?? [])].filter(
    (s) => s.length >= 3,
  );
  const lower = password.toLowerCase();
  // zxcvbn scores at most the first 100 characters alike; beyond that, length alone is strength.
  const result = zxcvbn().check(password.slice(0, 100), inputs);
  const isAddress = email.length > 0 && (lower.includes(email) || email.includes(lower));
  const score = isAddress ? 0 : result.score;
  return {
    score,
    acceptable: score >= MIN_PASSWORD_SCORE && password.length >= 10,
    warning: isAddress ? 'Your email address is not a password.' : result.feedback.warning,
    suggestions: result.feedback.suggestions,
  };
}

/** Refuses a password that is not worth having, with zxcvbn's feedback in the detail. */
export function requireStrongPassword(password: string, person: { email?: string; name?: string }): void {
  const s = passwordStrength(password, person);
  if (s.acceptable) return;
  const feedback = [s.warning, ...s.suggestions].filter(Boolean).join(' ');
  throw new AppError('PASSWORD_TOO_WEAK', `This password is too easy to guess. ${feedback}`.trim(), {
    pointer: '/password',
  });
}
