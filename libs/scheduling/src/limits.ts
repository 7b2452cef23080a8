import { Problem } from './problem';

/**
 * At most how many meetings p can have: a maximum matching of its requests into distinct slots
 * (Kuhn's augmenting paths, on a graph of a few dozen nodes), its cap, and the sum over sessions of
 * min(per-session cap, slots of that session it could use). Each is a relaxation, so their
 * minimum never cuts off a feasible schedule.
 */
export function meetingLimit(problem: Problem, p: number, requests: readonly number[]): number {
  const T = problem.slotCount;
  const slotOwner = new Int32Array(T).fill(-1);
  const usable = new Uint8Array(T);
  let matched = 0;
  for (const r of requests) {
    for (const t of problem.domain[r]) usable[t] = 1;
    if (matched < problem.maxMeetings[p] && augment(r, new Uint8Array(T))) matched++;
  }
  const perSession = new Int32Array(problem.sessionCount);
  for (let t = 0; t < T; t++) if (usable[t]) perSession[problem.slotSession[t]]++;
  let bySession = 0;
  for (const n of perSession) bySession += Math.min(n, problem.maxPerSession[p]);
  return Math.min(matched, problem.maxMeetings[p], bySession);

  function augment(r: number, seen: Uint8Array): boolean {
    for (const t of problem.domain[r]) {
      if (seen[t]) continue;
      seen[t] = 1;
      if (slotOwner[t] < 0 || augment(slotOwner[t], seen)) {
        slotOwner[t] = r;
        return true;
      }
    }
    return false;
  }
}
