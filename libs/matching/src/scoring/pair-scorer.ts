import type { ExplanationNote } from '../explain/notes';
import type { EncodedText } from '../index/encoded-text';
import type { AchievementFacts, DemandFacts } from '../index/facts';
import type { QueryVector } from '../index/query-vector';
import { COMPONENT_NAMES, type ScoreComponents } from '../types';
import type { MatchingWeights } from '../weights';
import { budgetFit, fieldFit, freshness, maturityFit, modesFit, regionFit, taskFit } from './components';
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

/** Components that scale text relevance as a gate rather than join the weighted fit. */
const NOT_FIT: ReadonlySet<string> = new Set(['text', 'task']);

export interface PairScore {
  /** 0–100, rounded to two decimals for storage and display. */
  readonly score: number;
  /** The unrounded score (rounding must not turn close scores into ties). */
  readonly exactScore: number;
  /** What ranking sorts by: raw text × fit × task factor (exactScore is a monotone map of it). */
  readonly rankKey: number;
  readonly components: ScoreComponents;
  readonly text: TextRelevance;
  readonly notes: readonly ExplanationNote[];
}

/** Scores one demand–achievement pair with every signal. Symmetric: either side may be the query. */
export class PairScorer {
  constructor(
    readonly weights: MatchingWeights,
    private readonly stats: CorpusStats,
    private readonly averageLength: { demand(): number; achievement(): number },
    private readonly affinity: FieldAffinity,
  ) {}

  /**
   * `feedback` is the asking side's pseudo-relevance feedback score for this pair (already
   * weighted), 0 when feedback is off: it is the only part of a score that depends on who asked.
   */
  score(demand: ScoringSide<DemandFacts>, achievement: ScoringSide<AchievementFacts>, ctx: ScoringContext, feedback = 0): PairScore {
    const w = this.weights;
    const text = combineText(
      directedRelevance(demand.query, achievement.text, this.averageLength.achievement(), this.stats),
      w.text.backward > 0 ? directedRelevance(achievement.query, demand.text, this.averageLength.demand(), this.stats) : NO_SCORE,
      w.text.ngram > 0 ? ngramOverlap(demand.text, achievement.text) : 0,
      w.text,
      feedback,
    );
    const d = demand.facts;
    const a = achievement.facts;
    const task = taskFit(d, a);
    const field = fieldFit(d, a, this.affinity);
    const maturity = maturityFit(d, a);
    const modes = modesFit(d, a);
    const budget = budgetFit(d, a);
    const region = regionFit(d, a);
    const components: ScoreComponents = {
      text: text.value,
      task: task.value,
      field: field.value,
      maturity: maturity.value,
      modes: modes.value,
      budget: budget.value,
      region: region.value,
      freshness: freshness(d, a, ctx.nowMs, w.freshnessHalfLifeDays),
      feedback: feedbackComponent(ctx.feedback, d.id, a.id),
    };
    // Relevance gates, fit scales: a pair that shares no meaning scores 0 however well its
    // budget, region or stage fit; `components.text` is the share of the score fit cannot take,
    // so fit re-orders near ties and cannot override strong text evidence.
    let fit = w.components.text;
    let total = w.components.text;
    for (const name of COMPONENT_NAMES) {
      if (NOT_FIT.has(name)) continue;
      fit += w.components[name] * components[name];
      total += w.components[name];
    }
    const taskFactor = 1 - Math.min(1, w.components.task) * (1 - task.value);
    const rankKey = total > 0 ? (text.raw * fit * taskFactor) / total : 0;
    const exactScore = 100 * (1 - Math.exp(-rankKey / w.text.saturation));
    return {
      score: Math.round(100 * exactScore) / 100,
      exactScore,
      rankKey,
      components,
      text,
      notes: [...task.notes, ...field.notes, ...region.notes, ...maturity.notes, ...budget.notes, ...modes.notes],
    };
  }
}

const NO_SCORE = { own: 0, expanded: 0 } as const;
