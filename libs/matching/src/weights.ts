import type { ComponentName } from './types';

/**
 * Every tunable number of the engine, versioned: the version is written on every score, so a
 * stored match says which configuration produced it. `bench/matching/tune.ts` fits these.
 */
export interface MatchingWeights {
  readonly version: string;
  /**
   * Weights of the structured fit (any scale) and of task agreement. Fit is the weighted mean
   * fit = (w.text + Σ w.c × c) / (w.text + Σ w.c) over field, maturity, modes, budget, region,
   * freshness and feedback, so `text` is the share of the score that structured fit cannot take
   * away: fit scales text relevance between w.text / (w.text + Σ w.c) and 1 and re-orders near
   * ties, it cannot override strong text evidence. `task` is the share of the score lost when
   * the two sides' tasks conflict (one only detects, the other only solves).
   */
  readonly components: Readonly<Record<ComponentName, number>>;
  readonly text: {
    /** demand → achievement BM25, achievement → demand BM25, character n-gram overlap. Each
     * directed BM25 is divided by its query's own idf mass (Σ idf of its original terms), so
     * the pair scores the same from either side. */
    readonly forward: number;
    readonly backward: number;
    /** Thesaurus expansions as a second, lighter query: their weight relative to the item's
     * own words (classic query expansion with decay; 0 turns the thesaurus off in scoring and
     * retrieval alike). */
    readonly expansion: number;
    readonly ngram: number;
    /** Display only: score = 100 × (1 − exp(−raw × fit × task / saturation)); ranking follows
     * raw × fit × task, which this monotone map preserves. */
    readonly saturation: number;
    /** 1: the backward query is the achievement's headline (title and keywords), what it is
     * about; 0: its whole text, which long method descriptions dilute. */
    readonly backwardHeadline: number;
  };
  /** queryTfExponent: a query term weighs tf^x (0 = each term once, 1 = linear in frequency). */
  readonly bm25: { readonly k1: number; readonly b: number; readonly queryTfExponent: number };
  /** How much each text section counts (term frequency multiplier, BM25F-style). */
  readonly sections: Readonly<Record<SectionName, number>>;
  /**
   * Term frequency multiplier of the limitations an achievement states ("但需…", "不足之处是…",
   * see @techbridge/text StatementLexicon); a multiple of 0.5, 0 drops them, 1 is plain text.
   */
  readonly statements: { readonly limitation: number };
  /** Query weight of a thesaurus expansion, relative to the term that triggered it (before
   * `text.expansion` scales the whole expansion query). */
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
  /**
   * Pseudo-relevance feedback (RM3-style), learned from the catalogue at query time: the terms
   * that distinguish the asking item's best `documents` candidates (by first-pass score) form a
   * third query of `terms` terms, added at `weight` relative to the item's own words. It re-ranks
   * the asking item's list only, so with weight > 0 a pair's score depends on which side asked.
   */
  readonly feedbackQuery: { readonly documents: number; readonly terms: number; readonly weight: number };
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
 * m2.0: a text core as strong as plain BM25 (k1 1.2, b 0.75, each query term once, every section
 * at weight 1, jieba's own dictionary), the thesaurus as a second query at a fifth of the weight
 * of the item's own words, a light pseudo-relevance feedback query (0.1), no achievement → demand
 * direction, structured fit (field first) that re-orders but cannot zero a strong text match, and
 * a 30% penalty when one side only detects and the other only solves. Chosen by 4- and 8-fold
 * cross-validation across demands on matching-dev (grid and bench/matching/tune.ts): the values
 * every fold agreed on (backward 0, task 0.3, feedback > 0, field 3); where folds disagreed
 * (expansion 0–0.4, b, the small fit weights) the priors stay. See bench/matching/RESULTS.md.
 *
 * m3.0 = m2.0 + the limitations an achievement states ("但需调酸…", "不足之处是…") count half:
 * what a technique cannot do is not on offer (10 of 12 cross-validation folds chose 0.5 over 0
 * and 1); and an achievement title joining a detection to an operation the task lexicon does
 * not know ("在线监测与电化学再平衡") no longer counts as detection only. An analysis change:
 * re-index, stored m2.0 scores are stale.
 *
 * m3.1 = m3.0 + a task word that names a symptom is not the task a demand wants: "假报警多",
 * "误报警", "返修不断" complain about alarms and rework (tasks.txt "@false", "@frequent"). Found on
 * a second labeled set written in other fields, where reading "假报警多" as "wants detection" cost
 * an artifact-suppression answer 30%. Same weights; stored m3.0 scores are stale.
 *
 * m3.2 = m3.1 + the thesaurus expansion query at 0.3 (was 0.2), once every field's thesaurus
 * file holds failure-mode knowledge (the twelve fields that had little got about 80 symptom →
 * mechanism relations each): 0.3 scores at least as well as 0.2 on all three labeled sets, with
 * and without the other sets' achievements as distractors. Stored scores also record a digest of
 * the knowledge files (scoringVersion), so a thesaurus edit alone makes them stale too.
 */
export const DEFAULT_WEIGHTS: MatchingWeights = {
  version: 'm3.2',
  components: { text: 1.9, task: 0.3, field: 3, maturity: 0.3, modes: 0.3, budget: 0.3, region: 0.3, freshness: 0.1, feedback: 0.5 },
  text: { forward: 1, backward: 0, expansion: 0.3, ngram: 0, saturation: 0.5, backwardHeadline: 0 },
  bm25: { k1: 1.2, b: 0.75, queryTfExponent: 0 },
  sections: {
    title: 1,
    keywords: 1,
    description: 1,
    indicators: 1,
    existingBasis: 0.5,
    summary: 1,
    innovationPoints: 1,
    applicationScenarios: 1,
  },
  statements: { limitation: 0.5 },
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
  feedbackQuery: { documents: 10, terms: 10, weight: 0.1 },
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
    statements: { ...base.statements, ...patch.statements },
    expansion: { ...base.expansion, ...patch.expansion },
    feedbackQuery: { ...base.feedbackQuery, ...patch.feedbackQuery },
    retrieval: { ...base.retrieval, ...patch.retrieval },
    freshnessHalfLifeDays: patch.freshnessHalfLifeDays ?? base.freshnessHalfLifeDays,
  };
}

export interface WeightsPatch {
  readonly components?: Partial<MatchingWeights['components']>;
  readonly text?: Partial<MatchingWeights['text']>;
  readonly bm25?: Partial<MatchingWeights['bm25']>;
  readonly sections?: Partial<MatchingWeights['sections']>;
  readonly statements?: Partial<MatchingWeights['statements']>;
  readonly expansion?: Partial<MatchingWeights['expansion']>;
  readonly feedbackQuery?: Partial<MatchingWeights['feedbackQuery']>;
  readonly retrieval?: Partial<MatchingWeights['retrieval']>;
  readonly freshnessHalfLifeDays?: number;
}
