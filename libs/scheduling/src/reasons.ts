import { SearchContext } from './context';
import { UnscheduledRequest } from './model';

/**
 * Why each request has no place in the final schedule. Static reasons come from compiling the
 * event; otherwise each common slot is examined and the reason is what blocks every one of them.
 * A request that fits somewhere but was left out (which the searches avoid) is `not_placed`.
 */
export function explainUnscheduled(ctx: SearchContext): UnscheduledRequest[] {
  const { problem, state, lockFailure } = ctx;
  const out: UnscheduledRequest[] = [];
  const { instance } = problem;
  const name = (p: number) => instance.participants[p].id;

  for (let r = 0; r < problem.requestCount; r++) {
    if (state.isPlaced(r)) continue;
    const requestId = instance.requests[r].id;
    const fixed = problem.staticReason[r];
    if (fixed) {
      out.push({ requestId, reason: fixed, detail: problem.staticDetail[r] ?? fixed });
      continue;
    }
    const lock = lockFailure.get(r);
    if (lock !== undefined) {
      out.push({ requestId, reason: 'lock_infeasible', detail: lock });
      continue;
    }
    const a = problem.partyA[r];
    const b = problem.partyB[r];
    const capped = [a, b].find((p) => state.meetings[p] >= problem.maxMeetings[p]);
    if (capped !== undefined) {
      out.push({ requestId, reason: 'cap_reached', detail: `${name(capped)} has reached its cap of ${problem.maxMeetings[capped]} meetings` });
      continue;
    }
    let busy = 0;
    let full = 0;
    let sessionCap = 0;
    let overBreakCap = 0;
    let fits = 0;
    for (const t of problem.domain[r]) {
      // A session cap closes the whole session, so it is the reason before anything in the slot.
      if (!state.hasCapRoom(a, t) || !state.hasCapRoom(b, t)) sessionCap++;
      else if (!state.isFree(a, t) || !state.isFree(b, t)) busy++;
      else if (state.capacityLeft(t) <= 0 || !state.tableFree(t, problem.requiredTable[r])) full++;
      else if (ctx.breaksIf(a, t, -1) > problem.maxBreaks[a] || ctx.breaksIf(b, t, -1) > problem.maxBreaks[b]) overBreakCap++;
      else fits++;
    }
    const slots = problem.domain[r].length;
    if (fits > 0) {
      out.push({ requestId, reason: 'not_placed', detail: `fits in ${fits} of ${slots} common slots but was not placed` });
    } else if (overBreakCap > 0) {
      out.push({ requestId, reason: 'break_cap', detail: `in ${overBreakCap} of ${slots} common slots it would exceed a participant's cap on breaks` });
    } else if (busy === slots) {
      out.push({ requestId, reason: 'conflict', detail: `in all ${slots} common slots ${name(a)} or ${name(b)} is in another meeting` });
    } else if (full === slots) {
      out.push({ requestId, reason: 'capacity', detail: `all ${slots} common slots have no table left${problem.requiredTable[r] >= 0 ? ` (table ${problem.requiredTable[r]})` : ''}` });
    } else if (sessionCap === slots) {
      out.push({ requestId, reason: 'cap_reached', detail: 'a party has reached its per-session cap in every common session' });
    } else {
      const reason = busy >= full + sessionCap ? 'conflict' : 'capacity';
      const detail = `of ${slots} common slots: ${busy} with a party in another meeting, ${full} without a table, ${sessionCap} over a session cap`;
      out.push({ requestId, reason, detail });
    }
  }
  return out;
}
