/** Unambiguous characters only: no 0/O, 1/I/L, so codes survive being read aloud or retyped. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Activation and connect codes are typed by people: case, spaces and dashes do not matter. */
export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** Groups of five, as printed on a receipt: `ABCDE-FGHJK-…`. */
export function formatCode(raw: string): string {
  return raw.match(/.{1,5}/g)!.join('-');
}
