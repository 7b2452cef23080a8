import { randomInt } from 'node:crypto';

/** Crockford's base 32: digits and capitals without I, L, O and U, which read as 1, 0 or V at a door. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 16; // 80 bits: not guessable, still typed by hand when a badge will not scan

/**
 * A participant's check-in code, printed on the badge and in the organizers' sheet: letters and digits
 * only, so a spreadsheet never reads it as a formula (a leading "-" or "=" was escaped there, and the
 * code on the printed list no longer matched the badge).
 */
export function newCheckInCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
