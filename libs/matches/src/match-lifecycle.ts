import type { MatchState } from '@techbridge/domain';

/** How people move a match forward (either side may), or dismiss it with a reason. */
export const MATCH_TRANSITIONS = {
  contact: { from: ['suggested'], to: 'contacted' },
  meet: { from: ['suggested', 'contacted'], to: 'meeting' },
  negotiate: { from: ['contacted', 'meeting'], to: 'negotiating' },
  deal: { from: ['negotiating'], to: 'deal' },
  dismiss: { from: ['suggested', 'contacted', 'meeting', 'negotiating'], to: 'dismissed' },
  restore: { from: ['dismissed'], to: 'suggested' },
} as const satisfies Record<string, { from: readonly MatchState[]; to: MatchState }>;
export type MatchAction = keyof typeof MATCH_TRANSITIONS;
export const MATCH_ACTIONS = Object.keys(MATCH_TRANSITIONS) as MatchAction[];

/** Matching state of a catalogue item, so a client can wait for its matches. */
export interface MatchingStatus {
  /** none: not published (no matches are computed); pending: a computation is due; ready: stored matches belong to the current version. */
  state: 'none' | 'pending' | 'ready';
  /** The item version the stored matches were computed on. */
  version: number | null;
  computedAt: Date | null;
  weightsVersion: string | null;
}

export function matchingStatusOf(item: {
  status: string;
  archivedAt: Date | null;
  version: number;
  matchedVersion: number | null;
  matchedAt: Date | null;
  matchedWeights: string | null;
}): MatchingStatus {
  const matchable = item.status === 'published' && item.archivedAt === null;
  const state = !matchable ? 'none' : item.matchedVersion === item.version ? 'ready' : 'pending';
  return { state, version: item.matchedVersion, computedAt: item.matchedAt, weightsVersion: item.matchedWeights };
}
