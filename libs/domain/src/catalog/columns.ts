import type { ValueTransformer } from 'typeorm';

/** numeric columns come back from pg as strings; amounts in 万元 are plain numbers in the domain. */
export const decimalTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** 万元 amounts: a range, or 面议 (negotiable, no figures). */
export interface AmountRange {
  minWan: number | null;
  maxWan: number | null;
  negotiable: boolean;
}
