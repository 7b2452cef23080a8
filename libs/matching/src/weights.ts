import type { ComponentName } from './types';

/**
 * Every tunable number of the engine, versioned: the version is written on every score, so a
 * stored match says which configuration produced it. `bench/matching/tune.ts` fits these.
 */
export interface MatchingWeights {
  readonly version: string;
  /** Weights of the score components (any scale; the score divides by their sum). `text` is the
   * share of the score that structured fit cannot take away: score = 100 × text × fit, where
   * fit = (w.text + Σ w.c × c) / (w.text + Σ w.c). */
  readonly components: Readonly<Record<ComponentName, number>>;
  readonly text: {
    /** demand → achievement BM25, achievement → demand BM25, character n-gram overlap. */
    readonly forward: number;
    readonly backward: number;
    readonly ngram: number;
    /** text = 1 − exp(−raw / saturation): larger keeps more spread among strong matches. */
    readonly saturation: number;
    /** 1: the backward query is the achievement's headline (title and keywords), what it is
     * about; 0: its whole text, which long method descriptions dilute. */
    readonly backwardHeadline: number;
  };
  /** queryTfExponent: a query term weighs tf^x (0 = each term once, 1 = linear in frequency). */
  readonly bm25: { readonly k1: number; readonly b: number; readonly queryTfExponent: number };
  /** How much each text section counts (term frequency multiplier). */
  readonly sections: Readonly<Record<SectionName, number>>;
  /** Query weight of a thesaurus expansion, relative to the term that triggered it. */
  readonly expansion: {
    readonly synonym: number;
    /** Along a relation towards the other side's wording: a demand's symptom → mechanism, an
     * achievement's technique → the symptoms it cures. */
    readonly implies: number;
    /** Against it (a demand's mechanism → symptoms): rarely what the other side writes. */
    readonly reverse: number;
    readonly related: number;
    /** Learned from the catalogue (term co-occurrence). */
    readonly cooccurrence: number;
    /** Sub-words of an expanded term (涂层 of 热障涂层) relative to the whole word. */
    readonly subword: number;
    /** A relation from another field's knowledge, relative to the item's own or a general one. */
    readonly offField: number;
    /** Related terms one found term may add at full weight; more share it (weight × √(fanout/n)). */
    readonly fanout: number;
    /** Most expansion terms an item keeps (the heaviest). */
    readonly maxTerms: number;
  };
  readonly retrieval: {
    /** Candidates re-ranked per item: the scorer never sees more than this many. */
    readonly candidates: number;
    /** Query terms whose postings retrieval walks (the heaviest by weight × idf). */
    readonly queryTerms: number;
    /** Multiplicative boosts in retrieval (not filters). */
    readonly sameField: number;
    readonly sharedChain: number;
  };
  readonly freshnessHalfLifeDays: number;
}

export type SectionName =
  | 'title'
  | 'keywords'
  | 'description'
  | 'indicators'
  | 'existingBasis'
  | 'summary'
  | 'innovationPoints'
  | 'applicationScenarios';

/**
 * Priors set by hand, then moved where 4-fold cross-validation on the matching-dev set agreed
 * across folds (bench/matching/tune.ts, see bench/matching/RESULTS.md): fit matters relative to
 * text (text 1, field 2), b 0.5, a sub-linear query tf, lighter synonyms, little n-gram weight.
 * Values the folds disagreed on kept their priors.
 */
export const DEFAULT_WEIGHTS: MatchingWeights = {
  version: 'm1.1',
  components: { text: 1, field: 2, maturity: 0.3, modes: 0.3, budget: 0.3, region: 0.3, freshness: 0.1, feedback: 0.5 },
  text: { forward: 0.5, backward: 0.25, ngram: 0.05, saturation: 0.75, backwardHeadline: 0 },
  bm25: { k1: 1.2, b: 0.5, queryTfExponent: 0.25 },
  sections: {
    title: 2,
    keywords: 2,
    description: 1,
    indicators: 1,
    existingBasis: 0.5,
    summary: 1,
    innovationPoints: 1,
    applicationScenarios: 1,
  },
  expansion: {
    synonym: 0.6,
    implies: 0.6,
    reverse: 0.15,
    related: 0.25,
    cooccurrence: 0.25,
    subword: 0.3,
    offField: 0.3,
    fanout: 4,
    maxTerms: 64,
  },
  retrieval: { candidates: 200, queryTerms: 128, sameField: 0.15, sharedChain: 0.1 },
  freshnessHalfLifeDays: 365,
};

/** A copy of `base` with some values replaced; the caller names the new version. */
export function withWeights(base: MatchingWeights, version: string, patch: WeightsPatch): MatchingWeights {
  return {
    ...base,
    version,
    components: { ...base.components, ...patch.components },
    text: { ...base.text, ...patch.text },
    bm25: { ...base.bm25, ...patch.bm25 },
    sections: { ...base.sections, ...patch.sections },
    expansion: { ...base.expansion, ...patch.expansion },
    retrieval: { ...base.retrieval, ...patch.retrieval },
    freshnessHalfLifeDays: patch.freshnessHalfLifeDays ?? base.freshnessHalfLifeDays,
  };
}

export interface WeightsPatch {
  readonly components?: Partial<MatchingWeights['components']>;
  readonly text?: Partial<MatchingWeights['text']>;
  readonly bm25?: Partial<MatchingWeights['bm25']>;
  readonly sections?: Partial<MatchingWeights['sections']>;
  readonly expansion?: Partial<MatchingWeights['expansion']>;
  readonly retrieval?: Partial<MatchingWeights['retrieval']>;
  readonly freshnessHalfLifeDays?: number;
}
