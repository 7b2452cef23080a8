import { creditCodeCheckCharacter } from '@techbridge/domain';
import { hash } from './random';

/**
 * Builds 统一社会信用代码 (GB 32100) that look like real ones: registering authority and
 * category (91 企业, 12 事业单位, 11 机关), the 6-digit region code, a 9-character organisation
 * code whose last character is its own GB 11714 check, then the GB 32100 check character.
 */
export type CreditCategory = 'enterprise' | 'public_institution' | 'government';

const PREFIX: Record<CreditCategory, string> = { enterprise: '91', public_institution: '12', government: '11' };
// GB 32100 alphabet without I, O, S, V, Z; GB 11714 values letters from A = 10.
const BODY_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

const charValue = (ch: string): number => (/\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);

export function organizationCodeCheck(body8: string): string {
  const sum = [...body8].reduce((acc, ch, i) => acc + charValue(ch) * ORG_WEIGHTS[i], 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export function demoCreditCode(category: CreditCategory, regionCode: string, key: string): string {
  // Enterprises registered since 2015 carry an "MA" organisation code; older units have digits only.
  let body = category === 'enterprise' ? 'MA0' : String(hash(`${key}:head`) % 9 + 1);
  for (let i = 0; body.length < 8; i++) {
    const chars = category === 'enterprise' ? BODY_CHARS : '0123456789';
    body += chars[hash(`${key}:${i}`) % chars.length];
  }
  const first17 = `${PREFIX[category]}${regionCode}${body}${organizationCodeCheck(body)}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}
