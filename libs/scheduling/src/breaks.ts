import { EventInstance, Placement } from './model';
import { compileProblem, Problem } from './problem';

/**
 * Breaks are counted on each participant's own timeline: the slots they attend and have not
 * blocked, in time order. A break is a run of idle slots on that timeline with a meeting before
 * and after it, whatever its length.
 *
 * Consequences, chosen on purpose:
 * - lunch is not a slot, so meetings in the last morning slot and the first afternoon slot have
 *   no break between them; idle slots at the end of the morning and at the start of the
 *   afternoon, between two meetings, form ONE run (one wait that spans lunch);
 * - slots a participant declared unavailable, or sessions they do not attend, are their own time,
 *   not waiting, so they neither count nor split a run.
 */
export function participantBreaks(problem: Problem, occupant: Int32Array, p: number): number {
  const T = problem.slotCount;
  const base = p * T;
  let breaks = 0;
  let seenMeeting = false;
  let idle = false;
  for (let t = 0; t < T; t++) {
    if (!problem.available[base + t]) continue;
    if (occupant[base + t] >= 0) {
      if (idle) breaks++;
      seenMeeting = true;
      idle = false;
    } else if (seenMeeting) {
      idle = true;
    }
  }
  return breaks;
}

export interface BreakCount {
  total: number;
  max: number;
  byParticipant: Record<string, number>;
}

/** Breaks of every participant for a set of placements (placements of unknown requests are ignored). */
export function countBreaks(instance: EventInstance, placements: readonly Placement[]): BreakCount {
  const problem = compileProblem(instance);
  return countBreaksOf(problem, occupancyOf(problem, placements));
}

export function countBreaksOf(problem: Problem, occupant: Int32Array): BreakCount {
  const byParticipant: Record<string, number> = {};
  let total = 0;
  let max = 0;
  problem.instance.participants.forEach((participant, p) => {
    const breaks = participantBreaks(problem, occupant, p);
    byParticipant[participant.id] = breaks;
    total += breaks;
    max = Math.max(max, breaks);
  });
  return { total, max, byParticipant };
}

/**
 * Participant × slot grid of request indices (-1 idle). A meeting is written at its slot even when
 * a party is unavailable there, so a broken schedule still counts the time as busy.
 */
export function occupancyOf(problem: Problem, placements: readonly Placement[]): Int32Array {
  const T = problem.slotCount;
  const occupant = new Int32Array(problem.participantCount * T).fill(-1);
  for (const placement of placements) {
    const r = problem.requestIndex.get(placement.requestId);
    const t = problem.slotIndex.get(placement.slot);
    if (r === undefined || t === undefined) continue;
    occupant[problem.partyA[r] * T + t] = r;
    occupant[problem.partyB[r] * T + t] = r;
  }
  return occupant;
}
