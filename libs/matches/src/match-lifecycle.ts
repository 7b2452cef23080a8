import { ConflictError, type MatchState } from '@techbridge/domain';

/**
 * How people move a match forward (either side may), or dismiss it with a reason. No step leads to
 * `deal`: a match gets there when a deal is recorded on it (closeWithDeal), so the state, the
 * funnel and the turnover all rest on a deal record both parties are told of.
 */
export const MATCH_TRANSITIONS = {
  contact: { from: ['suggested'], to: 'contacted' },
  meet: { from: ['suggested', 'contacted'], to: 'meeting' },
  negotiate: { from: ['contacted', 'meeting'], to: 'negotiating' },
  dismiss: { from: ['suggested', 'contacted', 'meeting', 'negotiating'], to: 'dismissed' },
  restore: { from: ['dismissed'], to: 'suggested' },
} as const satisfies Record<string, { from: readonly MatchState[]; to: MatchState }>;
export type MatchAction = keyof typeof MATCH_TRANSITIONS;
/** The former bare step to `deal`: still routed, so that a client sending it learns to record the deal (409 `deal_not_recorded`). */
export const RECORD_DEAL_INSTEAD = 'deal';
export type MatchActionRequest = MatchAction | typeof RECORD_DEAL_INSTEAD;
export const MATCH_ACTIONS = [...Object.keys(MATCH_TRANSITIONS), RECORD_DEAL_INSTEAD] as MatchActionRequest[];

/** Why a bare `deal` is refused, in the shape of a refused transition (details name the match's state). */
export function dealNotRecorded(from: MatchState): ConflictError {
  const message =
    from === 'dismissed' ? 'a match reaches deal when a deal is recorded on it; this one was dismissed: restore it, then record the deal (POST /api/v1/deals with its matchId)'
    : from === 'deal' ? 'this match is already at deal; a further deal on it is recorded with POST /api/v1/deals and its matchId'
    : 'a match reaches deal when a deal is recorded on it: record the deal (POST /api/v1/deals with its matchId), which moves the match to deal and tells the other party';
  const error = new ConflictError('deal_not_recorded', message, [{ field: 'action', code: 'deal_not_recorded', message }]);
  error.details = { from, action: RECORD_DEAL_INSTEAD, to: 'deal' };
  return error;
}

/** Matching state of a catalogue item, so a client can wait for its matches. */
export interface MatchingStatus {
  /**
   * none: not published (no matches are computed); pending: a computation is due; ready: stored
   * matches belong to the current version; failed: the computation of the current version was
   * given up on (see failureReason) until the item is edited or a rebuild runs.
   */
  state: 'none' | 'pending' | 'ready' | 'failed';
  /** The item version the stored matches were computed on. */
  version: number | null;
  computedAt: Date | null;
  weightsVersion: string | null;
  /** Why matching gave up (state failed only). */
  failureReason: string | null;
}

export function matchingStatusOf(item: {
  status: string;
  archivedAt: Date | null;
  version: number;
  matchedVersion: number | null;
  matchedAt: Date | null;
  matchedWeights: string | null;
  matchingRetryVersion: number | null;
  matchingFailure: string | null;
}): MatchingStatus {
  const matchable = item.status === 'published' && item.archivedAt === null;
  const failed = item.matchingFailure !== null && item.matchingRetryVersion === item.version;
  const state = !matchable ? 'none' : item.matchedVersion === item.version ? 'ready' : failed ? 'failed' : 'pending';
  return { state, version: item.matchedVersion, computedAt: item.matchedAt, weightsVersion: item.matchedWeights, failureReason: state === 'failed' ? item.matchingFailure : null };
}
