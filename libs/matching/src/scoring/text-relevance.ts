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

/**
 * BM25 of `doc` for `query` (idf comes with the query), divided by the query's own idf mass
 * (Σ weight × idf of its original terms), so 1 ≈ "every term of the query found once in an
 * average-length text". Expansions add to the score but not to the mass: they can only help.
 */
export function directedRelevance(
  query: QueryVector,
  doc: EncodedText,
  averageLength: number,
  stats: CorpusStats,
  onContribution?: (c: TermContribution) => void,
): number {
  const { k1, b } = stats.bm25;
  const norm = k1 * (1 - b + (b * doc.length) / averageLength);
  let score = 0;
  let mass = 0;
  let d = 0;
  const docIds = doc.ids;
  const docTerms = doc.termCount;
  for (let q = 0; q < query.ids.length; q++) {
    const termId = query.ids[q]!;
    const weight = query.weights[q]! * query.idf[q]!;
    if (query.expanded[q] === 0) mass += weight;
    while (d < docTerms && docIds[d]! < termId) d++;
    if (d === docTerms || docIds[d] !== termId || weight <= 0) continue;
    const tf = doc.tf(d);
    const s = (weight * tf * (k1 + 1)) / (tf + norm);
    score += s;
    onContribution?.({ queryIndex: q, docIndex: d, score: s });
  }
  return mass > 0 ? score / mass : 0;
}

/** Cosine of the two headlines' character-bigram sets: catches words the dictionary lacks. */
export function ngramOverlap(a: EncodedText, b: EncodedText): number {
  const x = a.bigrams();
  const y = b.bigrams();
  if (x.length === 0 || y.length === 0) return 0;
  return sharedCount(x, y) / Math.sqrt(x.length * y.length);
}

export interface TextRelevance {
  readonly forward: number;
  readonly backward: number;
  readonly ngram: number;
  /** Combined and saturated into [0, 1]. */
  readonly value: number;
}

export function combineText(forward: number, backward: number, ngram: number, weights: MatchingWeights['text']): TextRelevance {
  const raw = weights.forward * forward + weights.backward * backward + weights.ngram * ngram;
  return { forward, backward, ngram, value: 1 - Math.exp(-raw / weights.saturation) };
}
