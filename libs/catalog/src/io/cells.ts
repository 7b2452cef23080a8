import { type CodeList, Regions } from '@techbridge/domain';
import { splitList } from '@techbridge/text';
import type { AmountInput } from '../rules/amounts';
import type { TaxonomySnapshot } from '../rules/taxonomy-snapshot';

/** Reading spreadsheet cells written by people: Chinese labels or codes, 、/，/； separated lists, 面议. */
export class CellError extends Error {}

export const text = (v: string): string => v.trim();
export const optionalText = (v: string): string | null => v.trim() || null;

export function required(v: string): string {
  const value = v.trim();
  if (!value) throw new CellError('is required');
  return value;
}

export { splitList as list, splitParagraphs as paragraphs } from '@techbridge/text';

export function code<C extends string>(codes: CodeList<C>, v: string, what: string): C {
  const value = v.trim();
  const found = codes.is(value) ? value : codes.fromLabel(value);
  if (!found) throw new CellError(`"${value}" is not a ${what} (use one of ${codes.codes.map((c) => codes.label(c)).join('、')})`);
  return found;
}

export const codes = <C extends string>(codeList: CodeList<C>, v: string, what: string): C[] => splitList(v).map((item) => code(codeList, item, what));

export function fieldCode(taxonomy: TaxonomySnapshot, v: string): string {
  const value = v.trim();
  if (taxonomy.fields.has(value)) return value;
  for (const [c, f] of taxonomy.fields) if (f.label === value) return c;
  throw new CellError(`"${value}" is not a 技术领域 of the taxonomy`);
}

export function chainCodes(taxonomy: TaxonomySnapshot, v: string): string[] {
  return splitList(v).map((value) => {
    if (taxonomy.chains.has(value)) return value;
    for (const [c, chain] of taxonomy.chains) if (chain.label === value) return c;
    throw new CellError(`"${value}" is not an 产业链 of the taxonomy`);
  });
}

export function region(v: string): string {
  const value = v.trim();
  if (!Regions.isValid(value)) throw new CellError(`"${value}" is not a GB/T 2260 administrative division code`);
  return value;
}

/** 面议, a figure (50), or a range (50-120, 50~120, 50至120), in 万元. */
export function amount(v: string): AmountInput {
  const value = v.trim().replace(/万元?$/, '');
  if (!value || value === '面议') return { negotiable: true };
  const parts = value.split(/\s*(?:-|~|～|—|至|到)\s*/);
  const numbers = parts.map(Number);
  // An empty part is no figure: "-50" is not 0 to 50 (Number('') would make it 0).
  if (parts.length > 2 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n) || n < 0)) throw new CellError(`"${v}" is not an amount in 万元 (e.g. 50, 50-120 or 面议)`);
  return numbers.length === 2 ? { minWan: numbers[0], maxWan: numbers[1] } : { minWan: numbers[0], maxWan: numbers[0] };
}

export function number(v: string, what: string): number {
  const n = Number(v.trim());
  if (!v.trim() || !Number.isFinite(n)) throw new CellError(`"${v}" is not a number (${what})`);
  return n;
}

const TRUE = ['是', 'true', '1', 'yes', 'y', '√'];
const FALSE = ['否', 'false', '0', 'no', 'n', ''];
export function yesNo(v: string): boolean {
  const value = v.trim().toLowerCase();
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new CellError(`"${v}" is not 是 or 否`);
}

/** A date as YYYY-MM-DD; also accepts 2026/3/1 and 2026年3月1日. */
export function date(v: string): string {
  const m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$/.exec(v.trim());
  if (!m) throw new CellError(`"${v}" is not a date (YYYY-MM-DD)`);
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}
