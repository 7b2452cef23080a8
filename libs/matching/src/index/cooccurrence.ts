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

/** Associates kept per source beyond `perTerm`, for queries that hold some of them already. */
const SPARE = 8;
/** A bound on the memo (sources × a few dozen bytes); past it the memo starts again. */
const MAX_MEMO = 100_000;

/** A source term's associates, strongest first, as far as the memo keeps them. */
interface Ranked {
  readonly terms: Int32Array;
  readonly strengths: Float64Array;
  /** False when the ranking was cut at perTerm + SPARE. */
  readonly whole: boolean;
}

/**
 * Per index and options: each source term's ranking, valid for one generation of the index. A
 * rebuild asks about the same terms for thousands of items while the catalogue stands still;
 * scanning a common term's postings every time was a third of a match's cost.
 */
const memos = new WeakMap<DocumentIndex, WeakMap<CooccurrenceOptions, { generation: number; ranked: Map<number, Ranked> }>>();

function memoFor(index: DocumentIndex, options: CooccurrenceOptions): Map<number, Ranked> {
  let byOptions = memos.get(index);
  if (!byOptions) memos.set(index, (byOptions = new WeakMap()));
  let memo = byOptions.get(options);
  if (!memo || memo.generation !== index.generation || memo.ranked.size >= MAX_MEMO) {
    byOptions.set(options, (memo = { generation: index.generation, ranked: new Map() }));
  }
  return memo.ranked;
}

/**
 * What the catalogue itself teaches: terms that share headlines (title, keywords) with a query
 * term more often than chance, by pointwise mutual information over the index's headlines.
 * Derived from the postings, so it follows every upsert and removal (a memo per index
 * generation spares recomputing it while the catalogue does not change).
 * Returns term id → strength in (0, 1], strongest association per term.
 */
export function cooccurringTerms(
  index: DocumentIndex,
  sourceTermIds: readonly number[],
  options: CooccurrenceOptions = DEFAULT_COOCCURRENCE,
): Map<number, number> {
  const result = new Map<number, number>();
  if (index.size < 20) return result; // too few items to tell association from coincidence
  const sources = new Set(sourceTermIds);
  const memo = memoFor(index, options);
  for (const source of sources) {
    let ranked = memo.get(source);
    if (ranked === undefined) memo.set(source, (ranked = rank(index, source, options, options.perTerm + SPARE)));
    let kept = pick(ranked, sources, options.perTerm);
    // The memo's cut ranking ran out before perTerm associates outside the query: rank it whole.
    if (kept.length < options.perTerm && !ranked.whole) kept = pick(rank(index, source, options, Infinity), sources, options.perTerm);
    for (const [term, strength] of kept) {
      if ((result.get(term) ?? 0) < strength) result.set(term, strength);
    }
  }
  return result;
}

/** The first `n` associates of a ranking that are not query terms themselves. */
function pick(ranked: Ranked, sources: ReadonlySet<number>, n: number): Array<[number, number]> {
  const kept: Array<[number, number]> = [];
  for (let i = 0; i < ranked.terms.length && kept.length < n; i++) {
    if (!sources.has(ranked.terms[i]!)) kept.push([ranked.terms[i]!, ranked.strengths[i]!]);
  }
  return kept;
}

/** A source term's associates by normalised PMI, strongest first, the first `limit` of them. */
function rank(index: DocumentIndex, source: number, options: CooccurrenceOptions, limit: number): Ranked {
  const none: Ranked = { terms: new Int32Array(0), strengths: new Float64Array(0), whole: true };
  const n = index.size;
  const sourceDf = index.headlineDf(source);
  if (sourceDf < options.minSupport || sourceDf > options.maxSourceDf) return none;
  const list = index.postingsOf(source);
  if (list === undefined) return none;
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
    if (count < options.minSupport) continue;
    const pmi = Math.log((count * n) / (sourceDf * index.headlineDf(term)));
    // Normalised PMI in (0, 1]: 1 when the two always appear together.
    const npmi = pmi / -Math.log(count / n);
    if (npmi > 0) scored.push([term, npmi]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  const kept = scored.slice(0, limit);
  return { terms: Int32Array.from(kept, (k) => k[0]), strengths: Float64Array.from(kept, (k) => k[1]), whole: kept.length === scored.length };
}
