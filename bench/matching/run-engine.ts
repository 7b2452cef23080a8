import { MatchingEngine, type MatchingWeights } from '@techbridge/matching';
import type { LabeledSet } from './dataset';
import type { Rankings } from './metrics';

/** Indexes a labeled set and ranks each demand's top 50 with the engine. */
export function rankWithEngine(set: LabeledSet, weights?: MatchingWeights, engine?: MatchingEngine): Rankings {
  const e = engine ?? indexSet(set, weights);
  const rankings = new Map<string, string[]>();
  for (const demand of set.demands) {
    rankings.set(
      demand.id,
      e.topMatches('demand', demand.id, 50).map((m) => m.achievementId),
    );
  }
  return rankings;
}

export function indexSet(set: LabeledSet, weights?: MatchingWeights): MatchingEngine {
  const engine = new MatchingEngine({ weights });
  for (const a of set.achievements) engine.upsertAchievement(a);
  for (const d of set.demands) engine.upsertDemand(d);
  return engine;
}
