import { Segmenter, Thesaurus } from '@techbridge/text';
import { TextAnalyzer } from './analysis/analyzer';
import { buildExplanation } from './explain/build-explanation';
import type { MatchExplanation } from './explain/notes';
import type { TermSpread } from './explain/telling-terms';
import { DocumentIndex, type IndexedItem, type RetrievalCodes, ScoreAccumulator } from './index/document-index';
import { EncodedText } from './index/encoded-text';
import { type AchievementFacts, type DemandFacts, factsOf, type ItemFacts } from './index/facts';
import { QueryBuilder } from './index/query-builder';
import { topK } from './index/top-k';
import { Vocabulary } from './index/vocabulary';
import type { FeedbackPrior } from './scoring/feedback';
import { FieldAffinity } from './scoring/field-affinity';
import { PairScorer, type ScoringSide } from './scoring/pair-scorer';
import { feedbackQuery } from './index/feedback-query';
import { bm25Score, type CorpusStats } from './scoring/text-relevance';
import type { MatchableAchievement, MatchableDemand, ScoreComponents, Side } from './types';
import { scoringVersion } from './scoring-version';
import { DEFAULT_WEIGHTS, type MatchingWeights } from './weights';

/** A scored pair, ready to be stored: ids and versions of both sides, score, components, why. */
export interface Match {
  readonly demandId: string;
  readonly demandVersion: number;
  readonly achievementId: string;
  readonly achievementVersion: number;
  /** 0–100. */
  readonly score: number;
  readonly components: ScoreComponents;
  /** `scoringVersion`: weights version + knowledge digest. */
  readonly weightsVersion: string;
  readonly explanation: MatchExplanation;
}

export interface MatchOptions {
  /** How many matches to return (default 50). */
  readonly limit?: number;
  readonly now?: Date;
  readonly feedback?: FeedbackPrior;
  /** Build explanations (default true); tuning and bulk re-ranking can skip them. */
  readonly explain?: boolean;
}

export interface MatchingEngineOptions {
  readonly weights?: MatchingWeights;
  /** Tokenisation of both sides (default `Segmenter.plain()`, what plain BM25 sees). */
  readonly segmenter?: Segmenter;
  readonly thesaurus?: Thesaurus;
  readonly fieldAffinity?: FieldAffinity;
}

type AnyItem = MatchableDemand | MatchableAchievement;
const other = (side: Side): Side => (side === 'demand' ? 'achievement' : 'demand');

/**
 * The matching engine: two incremental inverted indexes (demands, achievements) over one
 * vocabulary, candidate retrieval by expanded BM25 with field and chain boosts, and a re-ranker
 * that scores at most `weights.retrieval.candidates` pairs per query with every signal.
 */
export class MatchingEngine {
  private currentWeights: MatchingWeights;
  readonly vocabulary = new Vocabulary();
  private readonly indexes: Record<Side, DocumentIndex> = {
    demand: new DocumentIndex('demand'),
    achievement: new DocumentIndex('achievement'),
  };
  private readonly analyzer: TextAnalyzer;
  private scorer: PairScorer;
  private stats: CorpusStats;
  private readonly fieldAffinity: FieldAffinity;
  private readonly averages = {
    demand: (): number => this.indexes.demand.averageLength,
    achievement: (): number => this.indexes.achievement.averageLength,
  };
  private readonly accumulator = new ScoreAccumulator();
  private readonly queries: QueryBuilder;
  /** Pairs scored since construction: retrieval must keep this to candidates, not all pairs. */
  pairsScored = 0;

  constructor(options: MatchingEngineOptions = {}) {
    this.currentWeights = options.weights ?? DEFAULT_WEIGHTS;
    this.fieldAffinity = options.fieldAffinity ?? FieldAffinity.shared();
    this.analyzer = new TextAnalyzer(this.currentWeights, options.segmenter, options.thesaurus, this.fieldAffinity);
    this.stats = { bm25: this.currentWeights.bm25 };
    this.scorer = new PairScorer(this.currentWeights, this.stats, this.averages, this.fieldAffinity);
    this.queries = new QueryBuilder(this.indexes, this.vocabulary, () => this.currentWeights);
  }

  get weights(): MatchingWeights {
    return this.currentWeights;
  }

  /** Recorded on every match: the weights version and the knowledge digest (see scoringVersion). */
  get scoringVersion(): string {
    return scoringVersion(this.currentWeights);
  }

  /**
   * Switches to weights that differ only in how pairs are retrieved and scored, keeping the
   * indexes (what analysis stored: section weights and expansions must be unchanged).
   */
  reconfigure(weights: MatchingWeights): void {
    const analysis = (w: MatchingWeights): string => JSON.stringify([w.sections, w.statements, w.expansion]);
    if (analysis(weights) !== analysis(this.currentWeights)) {
      throw new Error('section or expansion weights changed: build a new engine and re-index');
    }
    this.currentWeights = weights;
    this.stats = { bm25: weights.bm25 };
    this.scorer = new PairScorer(weights, this.stats, this.averages, this.fieldAffinity);
  }

  private readonly spread = (termId: number): TermSpread => ({
    documents: this.indexes.demand.df(termId) + this.indexes.achievement.df(termId),
    corpus: this.indexes.demand.size + this.indexes.achievement.size,
  });

  get size(): Readonly<Record<Side, number>> {
    return { demand: this.indexes.demand.size, achievement: this.indexes.achievement.size };
  }

  upsertDemand(demand: MatchableDemand): void {
    this.upsert('demand', demand);
  }
  upsertAchievement(achievement: MatchableAchievement): void {
    this.upsert('achievement', achievement);
  }
  removeDemand(id: string): boolean {
    this.queries.invalidate();
    return this.indexes.demand.remove(id);
  }
  removeAchievement(id: string): boolean {
    this.queries.invalidate();
    return this.indexes.achievement.remove(id);
  }

  /**
   * The best counterparts of one item (a demand's achievements or an achievement's demands),
   * best first. Pass the item itself to match its current text, or its id to use the index.
   */
  topMatches(side: Side, itemOrId: AnyItem | string, limit = 50, options: Omit<MatchOptions, 'limit'> = {}): Match[] {
    return this.match(side, itemOrId, { ...options, limit });
  }

  matchesForDemand(demand: MatchableDemand | string, options: MatchOptions = {}): Match[] {
    return this.match('demand', demand, options);
  }

  matchesForAchievement(achievement: MatchableAchievement | string, options: MatchOptions = {}): Match[] {
    return this.match('achievement', achievement, options);
  }

  /** Candidate ids retrieval would hand to the scorer (for tests and diagnostics). */
  candidates(side: Side, itemOrId: AnyItem | string): string[] {
    const source = this.source(side, itemOrId);
    return this.retrieve(side, source).map((item) => item.facts.id);
  }

  private match(side: Side, itemOrId: AnyItem | string, options: MatchOptions): Match[] {
    const limit = options.limit ?? 50;
    const source = this.source(side, itemOrId);
    const sourceSide: ScoringSide<ItemFacts> = { ...source, query: this.queries.scoring(side, source.text) };
    const ctx = { nowMs: (options.now ?? new Date()).getTime(), feedback: options.feedback };
    const owner = source.facts.ownerId;
    const counterparts = this.retrieve(side, source).filter((candidate) => owner === undefined || candidate.facts.ownerId !== owner);
    const pairs = counterparts.map((candidate) => {
      const candidateSide: ScoringSide<ItemFacts> = { ...candidate, query: this.queries.scoring(other(side), candidate.text) };
      const [demand, achievement] = (side === 'demand' ? [sourceSide, candidateSide] : [candidateSide, sourceSide]) as [
        ScoringSide<DemandFacts>,
        ScoringSide<AchievementFacts>,
      ];
      return { demand, achievement, candidate: candidateSide };
    });
    let scored = pairs.map((p) => {
      this.pairsScored++;
      return { ...p, result: this.scorer.score(p.demand, p.achievement, ctx) };
    });
    const relevanceFeedback = this.currentWeights.feedbackQuery;
    if (relevanceFeedback.weight > 0 && scored.length > 1) {
      // Second pass: what the best first-pass candidates share, beyond the query's own words.
      const byKey = [...scored].sort((x, y) => y.result.rankKey - x.result.rankKey);
      const top = byKey.slice(0, relevanceFeedback.documents).map((s) => ({ text: s.candidate.text, weight: s.result.rankKey }));
      const query = feedbackQuery(top, sourceSide.query, relevanceFeedback.terms, (id) => this.queries.idf(id));
      if (query.ids.length > 0) {
        const average = this.indexes[other(side)].averageLength;
        const raw = scored.map((s) => bm25Score(query, s.candidate.text, average, this.stats));
        const maxRaw = Math.max(...raw);
        const maxText = Math.max(...scored.map((s) => s.result.text.raw));
        if (maxRaw > 0) {
          scored = scored.map((s, i) => {
            const feedback = (relevanceFeedback.weight * maxText * raw[i]!) / maxRaw;
            return feedback > 0 ? { ...s, result: this.scorer.score(s.demand, s.achievement, ctx, feedback) } : s;
          });
        }
      }
    }
    const counterpartId = (s: (typeof scored)[number]): string => (side === 'demand' ? s.achievement.facts.id : s.demand.facts.id);
    scored.sort((x, y) => y.result.rankKey - x.result.rankKey || (counterpartId(x) < counterpartId(y) ? -1 : 1));
    return scored.slice(0, limit).map(({ demand, achievement, result }) => ({
      demandId: demand.facts.id,
      demandVersion: demand.facts.version,
      achievementId: achievement.facts.id,
      achievementVersion: achievement.facts.version,
      score: result.score,
      components: result.components,
      weightsVersion: this.scoringVersion,
      explanation:
        options.explain === false
          ? { terms: [], notes: result.notes }
          : buildExplanation(demand, achievement, result, this.vocabulary, this.stats, this.averages, this.currentWeights.text.backward > 0, this.spread),
    }));
  }

  private source(side: Side, itemOrId: AnyItem | string): { facts: ItemFacts; text: EncodedText } {
    if (typeof itemOrId !== 'string') {
      return { facts: factsOf(side, itemOrId), text: EncodedText.encode(this.analyzer.analyze(side, itemOrId), this.vocabulary) };
    }
    const indexed = this.indexes[side].get(itemOrId);
    if (indexed === undefined) throw new Error(`${side} ${itemOrId} is not indexed`);
    return indexed;
  }

  /** Top candidates on the other side by expanded BM25, boosted (not filtered) by field and chain. */
  private retrieve(side: Side, source: { facts: ItemFacts; text: EncodedText }): IndexedItem[] {
    const target = this.indexes[other(side)];
    const query = this.queries.retrieval(side, source.text);
    const acc = this.accumulator;
    target.accumulate(query, this.currentWeights.bm25, acc);
    const { sameField, sharedChain, candidates } = this.currentWeights.retrieval;
    const codes = this.codesOf(source.facts);
    const boosted = (slot: number): number => acc.scores[slot]! * target.boost(slot, codes, sameField, sharedChain);
    const best = topK(acc.touched, boosted, acc.touchedCount, candidates);
    acc.reset();
    return best.map((slot) => target.atSlot(slot)!);
  }

  /** Field and chain codes interned next to terms (a control character keeps them apart). */
  private codesOf(facts: ItemFacts): RetrievalCodes {
    let chainMask = 0;
    for (const chain of facts.chainCodes) chainMask |= 1 << this.vocabulary.intern(`\u0002${chain}`) % 32;
    return { fieldId: this.vocabulary.intern(`\u0001${facts.fieldCode}`), chainMask };
  }

  private upsert(side: Side, item: AnyItem): void {
    const text = EncodedText.encode(this.analyzer.analyze(side, item), this.vocabulary);
    const facts = factsOf(side, item);
    this.indexes[side].upsert(facts, text, this.codesOf(facts));
    this.queries.invalidate();
  }
}
