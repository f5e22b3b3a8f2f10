/**
 * Text as the service takes it in: no control characters anywhere, and names that display as
 * what they are.
 */

/**
 * Characters no field of the API takes: C0 controls (NUL, tab, CR, LF, …), DEL, C1 controls, and
 * the Unicode line and paragraph separators. None has a use in a name, a version, a code, an
 * address or an id, and NUL is what PostgreSQL refuses to store in text.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const CONTROL_CHARACTERS = new RegExp(CONTROL_CHARACTER.source, 'g');

/** Whether the text holds a character no field takes (see `CONTROL_CHARACTER`). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/**
 * Invisible characters that change how a name displays without being seen: the bidi embeddings,
 * overrides and isolates, the left-to-right, right-to-left and Arabic letter marks, and the
 * zero-width space, joiners, word joiner and byte-order mark.
 */
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]/g;
/** What a name needs done to it, tested first so that a clean name costs one scan and no copy. */
const NAME_WORK = /^\s|\s$|[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]/;

/**
 * A name as it is kept and shown (a device's, an account's, a product's, an organization's, a
 * group's): the invisible bidi and zero-width characters removed, and the ends trimmed. They are
 * removed rather than refused because device names come from operating systems and people's
 * keyboards (right-to-left scripts and emoji carry such marks), and a device that could not
 * connect because of its name would help nobody. The result may be empty: callers refuse that.
 * Control characters are not handled here; they are refused before (`hasControlCharacter`).
 */
export function normalizeName(name: string): string {
  if (!NAME_WORK.test(name)) return name;
  return name.replace(INVISIBLE, '').trim();
}

/**
 * Text for a one-line place such as an email's subject: every control character and line
 * separator becomes a space, invisible characters go, runs of white space become one space, and
 * the ends are trimmed. Names are refused with control characters at the boundary; this keeps
 * a subject one line even for text that was stored before that.
 */
export function singleLine(text: string): string {
  return text.replace(CONTROL_CHARACTERS, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * The email addresses an account can have: better-auth's sign-up takes only what zod's `email()`
 * accepts, so every other place that takes an address someone is to sign up with (invitations)
 * must refuse the rest too. This is zod's pattern; a domain test checks it still is.
 */
export const EMAIL_PATTERN =
  "^(?:[A-Za-z0-9_'+\\-]+\\.)*[A-Za-z0-9_'+\\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$";
