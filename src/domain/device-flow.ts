/**
 * The OAuth 2.0 device authorization grant (RFC 8628): devices without a keyboard show a short
 * code, and a person types it into the portal. The names here are the RFC's and our contract's.
 */

/** The one public client: the vendor's apps. */
export const DEVICE_FLOW_CLIENT_ID = 'seatpost-device';

/** RFC 8628 §3.4's grant type. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

/**
 * Consonants only (RFC 8628 §6.1): no vowels, so no words are spelled by accident, and no
 * digits, so a TV remote's letters suffice. 20^8 ≈ 2.6 × 10^10 codes, guarded by rate limits.
 */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

/** A user code as shown and typed: `XXXX-XXXX`. */
export function formatUserCode(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/**
 * A user code as a person typed it (lowercase, with or without the hyphen or spaces) in its
 * canonical form, or null when it cannot be one: the wrong length or letters outside the
 * alphabet. Nothing that is not a code is looked up (or counted as a guess).
 */
export function normalizeUserCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== USER_CODE_LENGTH) return null;
  for (const c of code) if (!USER_CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** What happened to an authorization request; `expired` is not stored but derived (`effectiveDeviceAuthorizationStatus`). */
export const DEVICE_AUTHORIZATION_STATUSES = ['pending', 'approved', 'denied', 'exchanged'] as const;
export type DeviceAuthorizationStatus = (typeof DEVICE_AUTHORIZATION_STATUSES)[number];

/** The errors the device authorization and token endpoints answer (RFC 6749 §5.2, RFC 8628 §3.5). */
export const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unsupported_grant_type',
  'authorization_pending',
  'slow_down',
  'access_denied',
  'expired_token',
] as const;
export type OAuthError = (typeof OAUTH_ERRORS)[number];

/** RFC 8628 §3.5: after `slow_down`, the interval grows by this much for every later request. */
export const SLOW_DOWN_STEP_MS = 5_000;

/**
 * How early a poll may come and still count as on time: timers fire a little early or late, and
 * a client that waits exactly `interval` must not be told to slow down for a few milliseconds.
 */
export const POLL_TOLERANCE = 0.8;

export interface PollFacts {
  status: DeviceAuthorizationStatus;
  expiresAt: Date;
  /** The current interval, grown by every `slow_down`. */
  intervalMs: number;
  lastPolledAt: Date | null;
  now: Date;
}

export type PollVerdict = OAuthError | 'issue';

/**
 * The token endpoint's answer to one poll, as one ordered table: the first row whose predicate
 * holds decides. A used code is `invalid_grant` (once only); then expiry and denial are final;
 * an approved code is issued however fast it was polled; only a pending one is told to slow down.
 */
const POLL_RULES: readonly [PollVerdict, (f: PollFacts) => boolean][] = [
  ['invalid_grant', (f) => f.status === 'exchanged'],
  ['expired_token', (f) => f.now.getTime() >= f.expiresAt.getTime()],
  ['access_denied', (f) => f.status === 'denied'],
  ['issue', (f) => f.status === 'approved'],
  [
    'slow_down',
    (f) =>
      f.lastPolledAt !== null && f.now.getTime() - f.lastPolledAt.getTime() < f.intervalMs * POLL_TOLERANCE,
  ],
  ['authorization_pending', () => true],
];

/** What the token endpoint answers to a poll with these facts (see `POLL_RULES`). */
export function pollVerdict(facts: PollFacts): PollVerdict {
  return POLL_RULES.find(([, holds]) => holds(facts))![0];
}

/** Whether a person can still approve or deny the request: pending and not expired. */
export function isDecidable(a: { status: DeviceAuthorizationStatus; expiresAt: Date }, now: Date): boolean {
  return a.status === 'pending' && now.getTime() < a.expiresAt.getTime();
}
