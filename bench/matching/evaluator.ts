import { MatchingEngine, type MatchingEngineOptions, type MatchingWeights } from '@techbridge/matching';
import type { LabeledSet } from './dataset';
import { type DemandMetrics, ndcgAt, recallAt, reciprocalRank } from './metrics';

/**
 * Ranks a labeled set under many weight settings. Engines are cached by what analysis stored
 * (section and expansion weights); scoring-only changes reuse an index via `reconfigure`.
 */
export class Evaluator {
  private readonly engines = new Map<string, MatchingEngine>();
  private readonly cache = new Map<string, ReadonlyMap<string, DemandMetrics>>();

  /** `options` (segmenter, thesaurus …) apply to every engine built; weights come per call. */
  constructor(
    private readonly set: LabeledSet,
    private readonly options: Omit<MatchingEngineOptions, 'weights'> = {},
  ) {}

  /** Per-demand metrics for every labeled demand. */
  evaluate(weights: MatchingWeights): ReadonlyMap<string, DemandMetrics> {
    const key = JSON.stringify({ ...weights, version: '' });
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const engine = this.engineFor(weights);
    const result = new Map<string, DemandMetrics>();
    for (const demand of this.set.demands) {
      const grades = this.set.qrels.get(demand.id);
      if (grades === undefined) continue;
      const ranking = engine.topMatches('demand', demand.id, 50, { explain: false }).map((m) => m.achievementId);
      result.set(demand.id, {
        demandId: demand.id,
        ndcg10: ndcgAt(10, ranking, grades),
        recall20: recallAt(20, ranking, grades),
        mrr: reciprocalRank(ranking, grades),
      });
    }
    this.cache.set(key, result);
    return result;
  }

  private engineFor(weights: MatchingWeights): MatchingEngine {
    const key = JSON.stringify([weights.sections, weights.statements, weights.expansion]);
    let engine = this.engines.get(key);
    if (engine === undefined) {
      engine = new MatchingEngine({ ...this.options, weights });
      for (const a of this.set.achievements) engine.upsertAchievement(a);
      for (const d of this.set.demands) engine.upsertDemand(d);
      this.engines.set(key, engine);
    } else engine.reconfigure(weights);
    return engine;
  }
}
