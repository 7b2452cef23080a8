import { sectionBit } from '../analysis/sections';
import type { Side } from '../types';
import type { MatchingWeights } from '../weights';
import { cooccurringTerms } from './cooccurrence';
import type { DocumentIndex } from './document-index';
import type { EncodedText } from './encoded-text';
import { queryVector, type QueryVector, withExtraTerms } from './query-vector';
import type { Vocabulary } from './vocabulary';

const ALL_SECTIONS = 0xff;
const HEADLINE_SECTIONS = sectionBit('title') | sectionBit('keywords');
/** Own terms (strongest first) whose catalogue associations are looked up per query. */
const COOCCURRENCE_SOURCES = 12;

/**
 * Builds BM25 queries against the current corpus: idf over both sides (demand and achievement
 * wording weigh alike), cached until the next upsert or removal.
 */
export class QueryBuilder {
  private idfCache = new Float64Array(0);
  private idfGeneration = new Uint32Array(0);
  private generation = 1;

  constructor(
    private readonly indexes: Readonly<Record<Side, DocumentIndex>>,
    private readonly vocabulary: Vocabulary,
    private readonly weights: () => MatchingWeights,
  ) {}

  /** The corpus changed: every cached idf is stale. */
  invalidate(): void {
    this.generation++;
  }

  idf(termId: number): number {
    if (termId >= this.idfCache.length) {
      const size = Math.max(1024, this.vocabulary.size, termId + 1) * 2;
      const cache = new Float64Array(size);
      cache.set(this.idfCache);
      const generation = new Uint32Array(size);
      generation.set(this.idfGeneration);
      this.idfCache = cache;
      this.idfGeneration = generation;
    }
    if (this.idfGeneration[termId] !== this.generation) {
      const { demand, achievement } = this.indexes;
      const n = demand.size + achievement.size;
      const df = demand.df(termId) + achievement.df(termId);
      this.idfCache[termId] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      this.idfGeneration[termId] = this.generation;
    }
    return this.idfCache[termId]!;
  }

  /**
   * What the scorer uses for one side of a pair: a demand's whole text, an achievement's whole
   * text or (text.backwardHeadline) only its headline. Never catalogue associations, so a
   * pair scores the same whichever side asked.
   */
  scoring(side: Side, text: EncodedText): QueryVector {
    const headline = side === 'achievement' && this.weights().text.backwardHeadline > 0;
    return this.build(text, headline ? HEADLINE_SECTIONS : ALL_SECTIONS);
  }

  /**
   * What retrieval walks: the whole query widened by what the other side's catalogue associates
   * with its strongest terms (headline co-occurrence, weight `expansion.cooccurrence`), cut to
   * the heaviest `retrieval.queryTerms` terms by weight × idf: long postings of weak terms cost
   * the most and decide the least.
   */
  retrieval(side: Side, text: EncodedText): QueryVector {
    const w = this.weights();
    let query = this.build(text, ALL_SECTIONS);
    if (w.expansion.cooccurrence > 0) {
      const catalogue = this.indexes[side === 'demand' ? 'achievement' : 'demand'];
      const own = strongest(query, COOCCURRENCE_SOURCES, (i) => query.expanded[i] === 0);
      const associated = cooccurringTerms(catalogue, Array.from(own.ids));
      query = withExtraTerms(query, new Map([...associated].map(([id, s]) => [id, w.expansion.cooccurrence * s])));
      for (let i = 0; i < query.ids.length; i++) if (query.idf[i] === 0) query.idf[i] = this.idf(query.ids[i]!);
    }
    return strongest(query, w.retrieval.queryTerms);
  }

  private build(text: EncodedText, sections: number): QueryVector {
    const w = this.weights();
    const query = queryVector(text, w.bm25.queryTfExponent, w.text.expansion, sections);
    for (let i = 0; i < query.ids.length; i++) query.idf[i] = this.idf(query.ids[i]!);
    return query;
  }
}

/** The `limit` heaviest terms by weight × idf (among those `keep` accepts). */
function strongest(query: QueryVector, limit: number, keep: (i: number) => boolean = () => true): QueryVector {
  const all = Array.from(query.ids, (_, i) => i).filter(keep);
  if (all.length <= limit && all.length === query.ids.length) return query;
  const order = all.sort((x, y) => query.weights[y]! * query.idf[y]! - query.weights[x]! * query.idf[x]!).slice(0, limit);
  return {
    ids: Uint32Array.from(order, (i) => query.ids[i]!),
    weights: Float32Array.from(order, (i) => query.weights[i]!),
    expanded: Uint8Array.from(order, (i) => query.expanded[i]!),
    idf: Float64Array.from(order, (i) => query.idf[i]!),
  };
}
