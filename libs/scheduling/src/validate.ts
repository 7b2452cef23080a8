import { occupancyOf, participantBreaks } from './breaks';
import { EventInstance, Placement, UnscheduledRequest } from './model';
import { compileProblem, Problem } from './problem';

export type ViolationKind =
  | 'unknown_request'
  | 'placed_twice'
  | 'unknown_slot'
  | 'unknown_table'
  | 'unavailable'
  | 'outside_session'
  | 'double_booked'
  | 'table_taken'
  | 'over_cap'
  | 'over_session_cap'
  | 'lock_moved'
  | 'fixed_table'
  | 'over_break_cap';

export interface Violation {
  kind: ViolationKind;
  message: string;
  requestId?: string;
  participantId?: string;
  slot?: number;
}

/**
 * Checks every hard constraint of a schedule against its event and returns what is broken (empty
 * when the schedule is valid). Independent of the solver: it reads only the instance and the
 * placements, so it can judge any schedule, including one edited by hand.
 */
export function validateSchedule(instance: EventInstance, result: ScheduleToCheck): Violation[] {
  return violationsOf(compileProblem(instance), result);
}

export interface ScheduleToCheck {
  placements: readonly Placement[];
  unscheduled?: readonly UnscheduledRequest[];
}

/** validateSchedule on an event already compiled. */
export function violationsOf(problem: Problem, result: ScheduleToCheck): Violation[] {
  const { instance, slotCount: T, slotSession } = problem;
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const valid: Placement[] = [];
  const sessionIds = instance.sessions.map((s) => s.id);

  for (const placement of result.placements) {
    const { requestId, slot, table } = placement;
    const r = problem.requestIndex.get(requestId);
    if (r === undefined) {
      violations.push({ kind: 'unknown_request', requestId, message: `no request ${requestId}` });
      continue;
    }
    if (seen.has(requestId)) {
      violations.push({ kind: 'placed_twice', requestId, message: `request ${requestId} is placed twice` });
      continue;
    }
    seen.add(requestId);
    const t = problem.slotIndex.get(slot);
    if (t === undefined) {
      violations.push({ kind: 'unknown_slot', requestId, slot, message: `slot ${slot} does not exist` });
      continue;
    }
    const request = instance.requests[r];
    const tables = problem.sessionTables[slotSession[t]];
    if (!Number.isInteger(table) || table < 0 || table >= tables) {
      violations.push({ kind: 'unknown_table', requestId, slot, message: `table ${table} does not exist in slot ${slot}` });
    }
    for (const party of [problem.partyA[r], problem.partyB[r]]) {
      if (!problem.available[party * T + t]) {
        const participantId = instance.participants[party].id;
        violations.push({ kind: 'unavailable', requestId, participantId, slot, message: `${participantId} is not available in slot ${slot}` });
      }
    }
    if (request.sessionId !== undefined && sessionIds[slotSession[t]] !== request.sessionId) {
      violations.push({ kind: 'outside_session', requestId, slot, message: `request ${requestId} is restricted to session ${request.sessionId}` });
    }
    if (request.lock && (request.lock.slot !== slot || request.lock.table !== table)) {
      violations.push({ kind: 'lock_moved', requestId, slot, message: `request ${requestId} is locked to slot ${request.lock.slot} table ${request.lock.table}` });
    }
    const required = problem.requiredTable[r];
    if (!request.lock && required >= 0 && required !== table) {
      violations.push({ kind: 'fixed_table', requestId, slot, message: `request ${requestId} must be held at table ${required}` });
    }
    valid.push(placement);
  }

  checkOccupancy(valid);
  checkCaps(valid);
  checkUnplacedLocks();
  return violations;

  function checkOccupancy(placements: Placement[]): void {
    const busy = new Map<string, string>();
    const tableUse = new Map<string, string>();
    for (const { requestId, slot, table } of placements) {
      const r = problem.requestIndex.get(requestId)!;
      for (const party of [problem.partyA[r], problem.partyB[r]]) {
        const participantId = instance.participants[party].id;
        const key = `${participantId}\u0000${slot}`;
        const other = busy.get(key);
        if (other !== undefined) {
          violations.push({ kind: 'double_booked', requestId, participantId, slot, message: `${participantId} meets in ${other} and ${requestId} in slot ${slot}` });
        } else busy.set(key, requestId);
      }
      const tableKey = `${slot}\u0000${table}`;
      const holder = tableUse.get(tableKey);
      if (holder !== undefined) {
        violations.push({ kind: 'table_taken', requestId, slot, message: `table ${table} in slot ${slot} holds ${holder} and ${requestId}` });
      } else tableUse.set(tableKey, requestId);
    }
  }

  function checkCaps(placements: Placement[]): void {
    const meetings = new Int32Array(problem.participantCount);
    const perSession = new Int32Array(problem.participantCount * problem.sessionCount);
    for (const { requestId, slot } of placements) {
      const r = problem.requestIndex.get(requestId)!;
      const s = slotSession[problem.slotIndex.get(slot)!];
      for (const party of [problem.partyA[r], problem.partyB[r]]) {
        meetings[party]++;
        perSession[party * problem.sessionCount + s]++;
      }
    }
    const occupant = occupancyOf(problem, placements);
    instance.participants.forEach((participant, p) => {
      const participantId = participant.id;
      if (meetings[p] > problem.maxMeetings[p]) {
        violations.push({ kind: 'over_cap', participantId, message: `${participantId} has ${meetings[p]} meetings, cap ${problem.maxMeetings[p]}` });
      }
      for (let s = 0; s < problem.sessionCount; s++) {
        const n = perSession[p * problem.sessionCount + s];
        if (n > problem.maxPerSession[p]) {
          violations.push({ kind: 'over_session_cap', participantId, message: `${participantId} has ${n} meetings in session ${sessionIds[s]}, cap ${problem.maxPerSession[p]}` });
        }
      }
      const breaks = participantBreaks(problem, occupant, p);
      if (breaks > problem.maxBreaks[p]) {
        violations.push({ kind: 'over_break_cap', participantId, message: `${participantId} has ${breaks} breaks, cap ${problem.maxBreaks[p]}` });
      }
    });
  }

  /** A lock is honoured exactly or reported infeasible; silently leaving it out is a violation. */
  function checkUnplacedLocks(): void {
    const reported = new Map((result.unscheduled ?? []).map((u) => [u.requestId, u.reason]));
    for (const request of instance.requests) {
      if (!request.lock || seen.has(request.id) || reported.get(request.id) === 'lock_infeasible') continue;
      violations.push({ kind: 'lock_moved', requestId: request.id, message: `locked request ${request.id} is neither placed nor reported infeasible` });
    }
  }
}
