/**
 * The short reference a customer quotes to customer service (`SP-7K3Q-9XF2`): it stands for the
 * account and, beside a refusal, the subscription, device and reasons, so that support finds them
 * without asking. Crockford base32 (no I, L, O, U): 8 characters are 40 bits. References are only
 * ever looked up with the operator's key, so nobody outside can guess at them; 40 bits keep even
 * a million live ones from being stumbled upon, and a clash on creation simply draws again.
 */
export const SUPPORT_REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SUPPORT_REFERENCE_LENGTH = 8;
export const SUPPORT_REFERENCE_PREFIX = 'SP';

/** How long a reference stands for what it was made for: long enough for a support case. */
export const SUPPORT_REFERENCE_TTL_MS = 30 * 86_400_000;

/** The most reasons one reference keeps, and the form of each (a reason or error code). */
export const SUPPORT_REFERENCE_MAX_REASONS = 20;
export const SUPPORT_REASON_PATTERN = '^[A-Z][A-Z0-9_]{0,63}$';

/** `7K3Q9XF2` → `SP-7K3Q-9XF2`: what the customer sees and reads out. */
export function formatSupportReference(raw: string): string {
  return `${SUPPORT_REFERENCE_PREFIX}-${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/**
 * What was typed or pasted → the 8 characters it stands for, or null when it cannot be a
 * reference. Case, spaces, hyphens and the `SP` prefix do not matter, and the letters people
 * mistake for digits read as Crockford says (O → 0, I and L → 1).
 */
export function normalizeSupportReference(input: string): string | null {
  let s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length === SUPPORT_REFERENCE_LENGTH + SUPPORT_REFERENCE_PREFIX.length && s.startsWith('SP'))
    s = s.slice(SUPPORT_REFERENCE_PREFIX.length);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== SUPPORT_REFERENCE_LENGTH) return null;
  for (const c of s) if (!SUPPORT_REFERENCE_ALPHABET.includes(c)) return null;
  return s;
}

/** The kinds of support contact: an email address or a web page (a form, a chat). */
export const SUPPORT_CONTACT_KINDS = ['email', 'url'] as const;
export type SupportContactKind = (typeof SUPPORT_CONTACT_KINDS)[number];

export interface SupportContact {
  kind: SupportContactKind;
  /** The address or the https URL. */
  value: string;
}

export const DEFAULT_SUPPORT_CONTACT: SupportContact = { kind: 'email', value: 'support@seatpost.example' };

/** `SEATPOST_SUPPORT_CONTACT`: an https URL or an email address; null when it is neither. */
export function parseSupportContact(text: string): SupportContact | null {
  const value = text.trim();
  if (/^[^\s@,;<>"/:]+@[^\s@,;<>"/]+\.[a-z0-9-]{2,}$/i.test(value)) return { kind: 'email', value };
  if (!/^https:\/\//i.test(value)) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname ? { kind: 'url', value: url.href } : null;
  } catch {
    return null;
  }
}
