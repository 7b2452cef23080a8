import type { DocumentIndex } from './document-index';
import { sectionBit } from '../analysis/sections';

const HEADLINE = sectionBit('title') | sectionBit('keywords');

export interface CooccurrenceOptions {
  /** Headline co-occurrences needed before a pair counts (one shared title proves nothing). */
  readonly minSupport: number;
  /** Terms in more headlines than this are too general to expand from. */
  readonly maxSourceDf: number;
  /** Associated terms kept per source term. */
  readonly perTerm: number;
}

export const DEFAULT_COOCCURRENCE: CooccurrenceOptions = { minSupport: 2, maxSourceDf: 2000, perTerm: 3 };

/**
 * What the catalogue itself teaches: terms that share headlines (title, keywords) with a query
 * term more often than chance, by pointwise mutual information over the index's headlines.
 * Computed on demand from the postings, so it follows every upsert and removal at no upkeep.
 * Returns term id → strength in (0, 1], strongest association per term.
 */
export function cooccurringTerms(
  index: DocumentIndex,
  sourceTermIds: readonly number[],
  options: CooccurrenceOptions = DEFAULT_COOCCURRENCE,
): Map<number, number> {
  const n = index.size;
  const result = new Map<number, number>();
  if (n < 20) return result; // too few items to tell association from coincidence
  const sources = new Set(sourceTermIds);
  for (const source of sources) {
    const sourceDf = index.headlineDf(source);
    if (sourceDf < options.minSupport || sourceDf > options.maxSourceDf) continue;
    const list = index.postingsOf(source);
    if (list === undefined) continue;
    const together = new Map<number, number>();
    for (let j = 0; j < list.length; j++) {
      const text = index.atSlot(list.slots[j]!)!.text;
      const own = text.indexOfTerm(source);
      if (own < 0 || (text.sections(own) & HEADLINE) === 0) continue;
      for (let i = 0; i < text.termCount; i++) {
        const term = text.termId(i);
        if (term !== source && (text.sections(i) & HEADLINE) !== 0) together.set(term, (together.get(term) ?? 0) + 1);
      }
    }
    const scored: Array<[number, number]> = [];
    for (const [term, count] of together) {
      if (count < options.minSupport || sources.has(term)) continue;
      const pmi = Math.log((count * n) / (sourceDf * index.headlineDf(term)));
      // Normalised PMI in (0, 1]: 1 when the two always appear together.
      const npmi = pmi / -Math.log(count / n);
      if (npmi > 0) scored.push([term, npmi]);
    }
    scored.sort((a, b) => b[1] - a[1]);
    for (const [term, strength] of scored.slice(0, options.perTerm)) {
      if ((result.get(term) ?? 0) < strength) result.set(term, strength);
    }
  }
  return result;
}
