import { sharedCount } from '@techbridge/text';
import type { EncodedText } from '../index/encoded-text';
import type { Bm25Params } from '../index/document-index';
import type { QueryVector } from '../index/query-vector';
import type { MatchingWeights } from '../weights';

export interface CorpusStats {
  readonly bm25: Bm25Params;
}

/** One query term's share of a BM25 score (for explanations). */
export interface TermContribution {
  readonly queryIndex: number;
  readonly docIndex: number;
  readonly score: number;
}

/** A directed BM25 score split by where the query terms came from. */
export interface DirectedScore {
  /** The query item's own words. */
  readonly own: number;
  /** Its thesaurus expansions and any feedback terms (already scaled by their query weights). */
  readonly expanded: number;
}

/**
 * BM25 of `doc` for `query` (idf comes with the query), divided by the query's own idf mass
 * (Σ weight × idf of its original terms), so 1 ≈ "every term of the query found once in an
 * average-length text". Original and expanded terms are summed separately: they are separate
 * queries (expansions weigh less), and expansions add to the score but not to the mass.
 */
export function directedRelevance(
  query: QueryVector,
  doc: EncodedText,
  averageLength: number,
  stats: CorpusStats,
  onContribution?: (c: TermContribution) => void,
): DirectedScore {
  const { k1, b } = stats.bm25;
  const norm = k1 * (1 - b + (b * doc.length) / averageLength);
  let own = 0;
  let expanded = 0;
  let mass = 0;
  let d = 0;
  const docIds = doc.ids;
  const docTerms = doc.termCount;
  for (let q = 0; q < query.ids.length; q++) {
    const termId = query.ids[q]!;
    const weight = query.weights[q]! * query.idf[q]!;
    const isOwn = query.expanded[q] === 0;
    if (isOwn) mass += weight;
    while (d < docTerms && docIds[d]! < termId) d++;
    if (d === docTerms || docIds[d] !== termId || weight <= 0) continue;
    const tf = doc.tf(d);
    const s = (weight * tf * (k1 + 1)) / (tf + norm);
    if (isOwn) own += s;
    else expanded += s;
    onContribution?.({ queryIndex: q, docIndex: d, score: s });
  }
  return mass > 0 ? { own: own / mass, expanded: expanded / mass } : { own: 0, expanded: 0 };
}

/** Plain BM25 of `doc` for `query`, every term counted (feedback queries have no own terms). */
export function bm25Score(query: QueryVector, doc: EncodedText, averageLength: number, stats: CorpusStats): number {
  const { k1, b } = stats.bm25;
  const norm = k1 * (1 - b + (b * doc.length) / averageLength);
  let score = 0;
  let d = 0;
  for (let q = 0; q < query.ids.length; q++) {
    const termId = query.ids[q]!;
    while (d < doc.termCount && doc.ids[d]! < termId) d++;
    if (d === doc.termCount) break;
    if (doc.ids[d] !== termId) continue;
    const tf = doc.tf(d);
    score += (query.weights[q]! * query.idf[q]! * tf * (k1 + 1)) / (tf + norm);
  }
  return score;
}

/** Cosine of the two headlines' character-bigram sets: catches words the dictionary lacks. */
export function ngramOverlap(a: EncodedText, b: EncodedText): number {
  const x = a.bigrams();
  const y = b.bigrams();
  if (x.length === 0 || y.length === 0) return 0;
  return sharedCount(x, y) / Math.sqrt(x.length * y.length);
}

export interface TextRelevance {
  /** Demand → achievement: own words, and thesaurus expansions (weighted by `text.expansion`). */
  readonly forward: number;
  readonly forwardExpanded: number;
  /** Achievement → demand, the same two parts. */
  readonly backward: number;
  readonly backwardExpanded: number;
  readonly ngram: number;
  /** Pseudo-relevance feedback query of the asking side (0 unless enabled). */
  readonly feedback: number;
  /** The weighted sum: what ranking uses (unbounded, ratios preserved). */
  readonly raw: number;
  /** raw saturated into [0, 1], for display as a component. */
  readonly value: number;
}

/**
 * One text score from separately weighted parts: own words in both directions (the core, as
 * strong as plain BM25), their expansions (already down-weighted in the query), n-grams and
 * feedback terms.
 */
export function combineText(
  forward: DirectedScore,
  backward: DirectedScore,
  ngram: number,
  weights: MatchingWeights['text'],
  feedback = 0,
): TextRelevance {
  const raw =
    weights.forward * (forward.own + forward.expanded) + weights.backward * (backward.own + backward.expanded) + weights.ngram * ngram + feedback;
  return {
    forward: forward.own,
    forwardExpanded: forward.expanded,
    backward: backward.own,
    backwardExpanded: backward.expanded,
    ngram,
    feedback,
    raw,
    value: 1 - Math.exp(-raw / weights.saturation),
  };
}
