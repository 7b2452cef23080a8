import type { IpKind } from '@techbridge/domain';

/**
 * CNIPA application numbers: since 2003 `YYYY` + type digit + 7-digit serial (12 digits), before
 * that 8 digits (`YY` + type + 5); then `.` and a check character: Σ dᵢ·wᵢ mod 11 with weights
 * 2…9 repeating, 10 written `X`. A `ZL` prefix (granted patent) is accepted. Type digits:
 * 1 invention, 2 utility model, 3 design, 8/9 PCT invention/utility model entering China.
 */
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

export function cnipaCheckCharacter(digits: string): string {
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

const TYPE_DIGITS: Partial<Record<IpKind, readonly string[]>> = {
  invention_patent: ['1', '8'],
  utility_model: ['2', '9'],
  design_patent: ['3'],
};

export type IpNumberProblem = 'format' | 'check_character' | 'kind_mismatch' | 'missing' | 'unexpected';

/** Undefined when the number fits the kind; otherwise why not. */
export function ipNumberProblem(kind: IpKind, number: string | null | undefined): IpNumberProblem | undefined {
  const value = number?.trim().toUpperCase().replace(/\s+/g, '');
  if (kind === 'know_how') return value ? 'unexpected' : undefined;
  if (!value) return 'missing';
  if (kind === 'software_copyright') return /^\d{4}SR\d{6,7}$/.test(value) ? undefined : 'format';
  if (kind === 'ic_layout' || kind === 'new_plant_variety') return /^[A-Z0-9.\-/]{6,30}$/.test(value) ? undefined : 'format';
  const match = /^(?:ZL)?(\d{12}|\d{8})\.([\dX])$/.exec(value);
  if (!match) return 'format';
  const [, digits, check] = match;
  if (cnipaCheckCharacter(digits) !== check) return 'check_character';
  const typeDigit = digits.length === 12 ? digits[4] : digits[2];
  if (!TYPE_DIGITS[kind]?.includes(typeDigit)) return 'kind_mismatch';
  return undefined;
}

export const IP_NUMBER_REASONS: Record<IpNumberProblem, string> = {
  format: 'is not a CNIPA application number like 202110123456.7 (or a software copyright number like 2021SR0123456)',
  check_character: 'has a wrong check character (CNIPA)',
  kind_mismatch: 'does not match the kind (its type digit says another kind of patent)',
  missing: 'is required for this kind of intellectual property',
  unexpected: 'must be empty for 技术秘密 (know-how)',
};
