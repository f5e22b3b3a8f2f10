/**
 * Enrolment keys: an organization's reusable key that enrols devices as managed devices. A key's
 * state is computed from its timestamps and counts, so that every reader agrees the moment it
 * expires or is used up, with no job.
 */

/** The states of a key, in the order they are decided: a revoked key is revoked even when also expired. */
export const ENROLLMENT_KEY_STATES = ['revoked', 'expired', 'used_up', 'active'] as const;
export type EnrollmentKeyState = (typeof ENROLLMENT_KEY_STATES)[number];

/** What a key's state is computed from. */
export interface EnrollmentKeyFacts {
  revokedAt: Date | null;
  expiresAt: Date | null;
  maxUses: number | null;
  uses: number;
}

/** The key's state at `now`; only an `active` key enrols. */
export function enrollmentKeyState(k: EnrollmentKeyFacts, now: Date): EnrollmentKeyState {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && k.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (k.maxUses !== null && k.uses >= k.maxUses) return 'used_up';
  return 'active';
}

/** Keys begin with this, so that secret scanners and people can tell one from other tokens. */
export const ENROLLMENT_KEY_PREFIX = 'sek_';

/** How many of a key's last characters are kept, to tell keys apart in the list. */
export const ENROLLMENT_KEY_HINT_LENGTH = 4;
