import type { FieldProblem } from '@techbridge/domain';

/** 万元 amounts as given: a range, a single figure (min = max), or 面议. */
export interface AmountInput {
  minWan?: number | null;
  maxWan?: number | null;
  negotiable?: boolean;
}

export const MAX_WAN = 10_000_000; // 1,000 亿元: anything larger is a typo

/** 万元 are stored with two decimals (numeric(12,2): to the 百元); a finer figure would be rounded silently, 0.001 to 0. */
export const WAN_DECIMALS = 2;

/** More decimals than are stored: 0.005, not 0.01 nor 1.5. Exact for doubles (the shortest decimal of the number decides). */
export const finerThanStored = (wan: number): boolean => Number(wan.toFixed(WAN_DECIMALS)) !== wan;

export const FINER_THAN_STORED = `must have at most ${WAN_DECIMALS} decimals (万元 are kept to the 百元)`;

export function amountProblems(field: string, amount: AmountInput): FieldProblem[] {
  const { minWan, maxWan, negotiable } = amount;
  const has = (v: number | null | undefined): v is number => v !== undefined && v !== null;
  const problem = (code: string, message: string) => [{ field, code, message: `${field} ${message}` }];
  if (negotiable) return has(minWan) || has(maxWan) ? problem('negotiableWithFigures', 'is 面议 (negotiable): leave minWan and maxWan empty') : [];
  if (!has(minWan) && !has(maxWan)) return problem('required', 'needs minWan and/or maxWan in 万元, or negotiable: true');
  for (const v of [minWan, maxWan]) {
    if (has(v) && (!Number.isFinite(v) || v < 0 || v > MAX_WAN)) return problem('outOfRange', `amounts must be between 0 and ${MAX_WAN} 万元`);
  }
  const fine = (['minWan', 'maxWan'] as const).filter((key) => has(amount[key]) && finerThanStored(amount[key]!));
  if (fine.length) return fine.map((key) => ({ field: `${field}.${key}`, code: 'decimals', message: `${field}.${key} ${FINER_THAN_STORED}` }));
  if (has(minWan) && has(maxWan) && minWan > maxWan) return problem('minAboveMax', 'minWan must not exceed maxWan');
  return [];
}

/** Stored form: a single figure becomes min = max so range filters treat it uniformly. */
export function normalizeAmount(amount: AmountInput): { min: number | null; max: number | null; negotiable: boolean } {
  if (amount.negotiable) return { min: null, max: null, negotiable: true };
  const min = amount.minWan ?? amount.maxWan ?? null;
  const max = amount.maxWan ?? amount.minWan ?? null;
  return { min, max, negotiable: false };
}
