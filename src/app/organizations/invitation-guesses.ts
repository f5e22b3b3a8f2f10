import type { Deps } from '../shared/deps.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';

/**
 * An invitation's token, previewed or accepted, is an attempt reserved atomically against two
 * limits before it is checked (see `reserveAttempt`): per account, and per client address (high
 * enough for an office behind one address). The caller forgives it once the token proved valid.
 */
export function reserveInvitationAttempt(deps: Deps, accountId: string, clientAddress: string | null) {
  const s = deps.settings;
  return reserveAttempt(deps, [
    {
      key: `invitation:account:${accountId}`,
      limit: s.guessFailuresPerWindow,
      windowMs: s.guessFailureWindowMs,
    },
    {
      key: `invitation:address:${clientAddress ?? 'unknown'}`,
      limit: s.addressGuessFailuresPerWindow,
      windowMs: s.guessFailureWindowMs,
    },
  ]);
}
