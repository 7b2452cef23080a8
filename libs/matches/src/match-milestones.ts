import type { MatchState } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';

/** The pipeline's steps in order, each with the property and column recording when a pair first reached it. */
export const MATCH_MILESTONES = [
  ['contacted', 'contactedAt', 'contacted_at'],
  ['meeting', 'metAt', 'met_at'],
  ['negotiating', 'negotiatedAt', 'negotiated_at'],
  ['deal', 'dealtAt', 'dealt_at'],
] as const satisfies ReadonlyArray<readonly [MatchState, string, string]>;
export type MatchMilestone = (typeof MATCH_MILESTONES)[number][1];

const stepsUpTo = (state: MatchState) => MATCH_MILESTONES.slice(0, MATCH_MILESTONES.findIndex(([step]) => step === state) + 1);

/**
 * Stamps `at` on every step up to `state` the pair had not reached yet: a step skipped (meeting
 * straight from a suggestion) counts as reached with the later one, so the funnel never narrows
 * upwards. Dismissing or restoring a pair reaches nothing and erases nothing: what happened, happened.
 */
export function reachMilestones(match: Record<MatchMilestone, Date | null>, state: MatchState, at: Date): void {
  for (const [, property] of stepsUpTo(state)) match[property] ??= at;
}

/**
 * The same for a pair people acted on outside its pipeline, at a 对接会: asking to meet over a
 * match follows it up, a held meeting meets. Its state is the parties' to move, so only the
 * milestones change (inside the caller's transaction).
 */
export async function markMatchReached(manager: EntityManager, matchId: string, state: 'contacted' | 'meeting', at: Date): Promise<void> {
  const sets = stepsUpTo(state).map(([, , column]) => `${column} = coalesce(${column}, $2)`);
  await manager.query(`UPDATE matches SET ${sets.join(', ')} WHERE id = $1`, [matchId, at]);
}
