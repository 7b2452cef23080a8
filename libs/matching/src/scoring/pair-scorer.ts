import type { ExplanationNote } from '../explain/notes';
import type { EncodedText } from '../index/encoded-text';
import type { AchievementFacts, DemandFacts } from '../index/facts';
import type { QueryVector } from '../index/query-vector';
import { COMPONENT_NAMES, type ScoreComponents } from '../types';
import type { MatchingWeights } from '../weights';
import { budgetFit, fieldFit, freshness, maturityFit, modesFit, regionFit } from './components';
import { type FeedbackPrior, feedbackComponent } from './feedback';
import type { FieldAffinity } from './field-affinity';
import { combineText, type CorpusStats, directedRelevance, ngramOverlap, type TextRelevance } from './text-relevance';

/** One side of a pair as the scorer needs it: facts, stored text and its query vector. */
export interface ScoringSide<F> {
  readonly facts: F;
  readonly text: EncodedText;
  readonly query: QueryVector;
}

export interface ScoringContext {
  readonly nowMs: number;
  readonly feedback?: FeedbackPrior;
}

export interface PairScore {
  /** 0–100, rounded to two decimals for storage and display. */
  readonly score: number;
  /** The unrounded score, for ranking (rounding must not turn close scores into ties). */
  readonly exactScore: number;
  readonly components: ScoreComponents;
  readonly text: TextRelevance;
  readonly notes: readonly ExplanationNote[];
  readonly weightsVersion: string;
}

/** Scores one demand–achievement pair with every signal. Symmetric: either side may be the query. */
export class PairScorer {
  constructor(
    readonly weights: MatchingWeights,
    private readonly stats: CorpusStats,
    private readonly averageLength: { demand(): number; achievement(): number },
    private readonly affinity: FieldAffinity,
  ) {}

  score(demand: ScoringSide<DemandFacts>, achievement: ScoringSide<AchievementFacts>, ctx: ScoringContext): PairScore {
    const w = this.weights;
    const text = combineText(
      directedRelevance(demand.query, achievement.text, this.averageLength.achievement(), this.stats),
      directedRelevance(achievement.query, demand.text, this.averageLength.demand(), this.stats),
      ngramOverlap(demand.text, achievement.text),
      w.text,
    );
    const d = demand.facts;
    const a = achievement.facts;
    const field = fieldFit(d, a, this.affinity);
    const maturity = maturityFit(d, a);
    const modes = modesFit(d, a);
    const budget = budgetFit(d, a);
    const region = regionFit(d, a);
    const components: ScoreComponents = {
      text: text.value,
      field: field.value,
      maturity: maturity.value,
      modes: modes.value,
      budget: budget.value,
      region: region.value,
      freshness: freshness(d, a, ctx.nowMs, w.freshnessHalfLifeDays),
      feedback: feedbackComponent(ctx.feedback, d.id, a.id),
    };
    // Relevance gates, fit scales: a pair that shares no meaning scores 0 however well its
    // budget, region or stage fit; `components.text` is the share of the score fit cannot take.
    let fit = w.components.text;
    let total = w.components.text;
    for (const name of COMPONENT_NAMES) {
      if (name === 'text') continue;
      fit += w.components[name] * components[name];
      total += w.components[name];
    }
    const exactScore = total > 0 ? (100 * text.value * fit) / total : 0;
    return {
      score: Math.round(100 * exactScore) / 100,
      exactScore,
      components,
      text,
      notes: [...field.notes, ...region.notes, ...maturity.notes, ...budget.notes, ...modes.notes],
      weightsVersion: w.version,
    };
  }
}
