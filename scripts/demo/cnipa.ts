/**
 * CNIPA (国家知识产权局) application numbers as written on patent documents: `YYYY` + type digit
 * (1 invention, 2 utility model, 3 design) + 7-digit serial, then `.` and a check character:
 * Σ dᵢ·wᵢ mod 11 over the 12 digits with weights 2,3,4,5,6,7,8,9,2,3,4,5; 10 is written `X`.
 */
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

export type CnipaType = 1 | 2 | 3;

export function cnipaCheck(digits: string): string {
  if (!/^\d{12}$/.test(digits)) throw new Error(`expected 12 digits, got "${digits}"`);
  const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

export function cnipaNumber(year: number, type: CnipaType, serial: number): string {
  if (!Number.isInteger(year) || year < 2003 || year > 2099) throw new Error(`year out of range: ${year}`);
  if (!Number.isInteger(serial) || serial < 0 || serial > 9_999_999) throw new Error(`serial out of range: ${serial}`);
  const digits = `${year}${type}${String(serial).padStart(7, '0')}`;
  return `${digits}.${cnipaCheck(digits)}`;
}

/** True when the number has the 12-digit form and a correct check character. */
export function isValidCnipaNumber(value: string): boolean {
  const match = /^(\d{12})\.([\dX])$/.exec(value);
  return match !== null && cnipaCheck(match[1]) === match[2];
}

/** Software copyright registration numbers, e.g. 2022SR0123456. */
export const softwareCopyrightNumber = (year: number, serial: number): string => `${year}SR${String(serial).padStart(7, '0')}`;
