import type { Side } from '../types';

/**
 * Learned adjustments from how people acted on earlier matches, each in [−1, 1] (0 = nothing
 * known). The catalogue builds one from stored match states; the engine only reads it.
 */
export interface FeedbackPrior {
  pair(demandId: string, achievementId: string): number | undefined;
  item(side: Side, id: string): number | undefined;
}

export type FeedbackOutcome = 'dismissed' | 'contacted' | 'meeting' | 'negotiating' | 'deal';

export interface FeedbackEvent {
  readonly demandId: string;
  readonly achievementId: string;
  readonly outcome: FeedbackOutcome;
  /** Meeting rating 1–5, if one was given. */
  readonly rating?: number;
}

const OUTCOME_VALUE: Readonly<Record<FeedbackOutcome, number>> = {
  dismissed: -1,
  contacted: 0.3,
  meeting: 0.6,
  negotiating: 0.8,
  deal: 1,
};

/** Item-level evidence is shrunk towards 0 as if this many neutral events had been seen. */
const ITEM_PRIOR_EVENTS = 5;

const eventValue = (e: FeedbackEvent): number => {
  const value = OUTCOME_VALUE[e.outcome];
  return e.rating === undefined ? value : (value + (e.rating - 3) / 2) / 2;
};

/** Averages events per pair, and per item with shrinkage (one dismissal says little). */
export function learnFeedbackPrior(events: readonly FeedbackEvent[]): FeedbackPrior {
  const pairs = new Map<string, { sum: number; n: number }>();
  const items = new Map<string, { sum: number; n: number }>();
  const add = (map: Map<string, { sum: number; n: number }>, key: string, value: number): void => {
    const entry = map.get(key) ?? { sum: 0, n: 0 };
    entry.sum += value;
    entry.n++;
    map.set(key, entry);
  };
  for (const e of events) {
    const value = eventValue(e);
    add(pairs, `${e.demandId}\u0000${e.achievementId}`, value);
    add(items, `demand\u0000${e.demandId}`, value);
    add(items, `achievement\u0000${e.achievementId}`, value);
  }
  return {
    pair: (d, a) => {
      const entry = pairs.get(`${d}\u0000${a}`);
      return entry === undefined ? undefined : entry.sum / entry.n;
    },
    item: (side, id) => {
      const entry = items.get(`${side}\u0000${id}`);
      return entry === undefined ? undefined : entry.sum / (entry.n + ITEM_PRIOR_EVENTS);
    },
  };
}

/** The feedback component: 0.5 neutral, the pair's own history first, else the items'. */
export function feedbackComponent(prior: FeedbackPrior | undefined, demandId: string, achievementId: string): number {
  if (prior === undefined) return 0.5;
  const pair = prior.pair(demandId, achievementId);
  const adjustment =
    pair ?? ((prior.item('demand', demandId) ?? 0) + (prior.item('achievement', achievementId) ?? 0)) / 2;
  return 0.5 + 0.5 * Math.max(-1, Math.min(1, adjustment));
}
