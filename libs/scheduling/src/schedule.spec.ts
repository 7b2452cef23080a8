import { SearchContext } from './context';
import { EventInstance, InvalidEventError, ScheduleResult } from './model';
import { compileProblem } from './problem';
import { Rng } from './rng';
import { compare, scheduleEvent } from './schedule';
import { lateBoothMeeting, participant, request, sessions } from './testing/fixtures';
import { validateSchedule } from './validate';

const heuristic = { mode: 'heuristic' as const, effort: 0.2 };

function placementOf(result: ScheduleResult, requestId: string) {
  return result.placements.find((p) => p.requestId === requestId);
}

function reasonOf(result: ScheduleResult, requestId: string) {
  return result.unscheduled.find((u) => u.requestId === requestId)?.reason;
}

/** Every demand participant d0…d2 meets every supply participant s0…s2 in three slots. */
function completeThreeByThree(): EventInstance {
  const requests = [];
  for (let d = 0; d < 3; d++) for (let s = 0; s < 3; s++) requests.push(request(`d${d}-s${s}`, `d${d}`, `s${s}`));
  return {
    sessions: [{ id: 'am', slots: [0, 1, 2], tables: 3 }],
    participants: ['d0', 'd1', 'd2', 's0', 's1', 's2'].map((id) => participant(id)),
    requests,
  };
}

/** First-fit in request order, earliest free slot: the baseline a search must beat. */
function firstFitPlaces(instance: EventInstance): number {
  const busy = new Set<string>();
  let placed = 0;
  for (const r of instance.requests) {
    const slot = instance.sessions[0].slots.find((t) => !busy.has(`${r.requesterId}@${t}`) && !busy.has(`${r.counterpartId}@${t}`));
    if (slot === undefined) continue;
    busy.add(`${r.requesterId}@${slot}`).add(`${r.counterpartId}@${slot}`);
    placed++;
  }
  return placed;
}

describe('scheduleEvent', () => {
  it('places all nine meetings of a complete 3×3 event in three slots, where first-fit leaves some out', async () => {
    const instance = completeThreeByThree();
    expect(firstFitPlaces(instance)).toBeLessThan(9);
    const result = await scheduleEvent(instance, heuristic);
    expect(result.metrics.scheduled).toBe(9);
    expect(result.metrics.bound.weight).toBe(9);
    expect(result.metrics.gapPercent).toBe(0);
    expect(validateSchedule(instance, result)).toEqual([]);
  });

  it('honours a lock exactly and reports a clashing lock as infeasible', async () => {
    const instance: EventInstance = {
      sessions: sessions(2, 2, 3),
      participants: ['A', 'B', 's1', 's2'].map((id) => participant(id)),
      requests: [
        request('A-s1', 'A', 's1', { lock: { slot: 3, table: 2 } }),
        request('B-s1', 'B', 's1', { lock: { slot: 3, table: 0 } }),
        request('A-s2', 'A', 's2'),
      ],
    };
    const result = await scheduleEvent(instance, heuristic);
    expect(placementOf(result, 'A-s1')).toEqual({ requestId: 'A-s1', slot: 3, table: 2 });
    expect(reasonOf(result, 'B-s1')).toBe('lock_infeasible');
    expect(placementOf(result, 'A-s2')?.slot).toBe(2); // next to A's locked meeting
  });

  it('holds every meeting of a booth at its table, the requester’s booth first', async () => {
    const instance: EventInstance = {
      sessions: sessions(3, 0, 4),
      participants: [participant('A', { fixedTable: 1 }), participant('B'), participant('s1', { fixedTable: 3 }), participant('s2')],
      requests: [request('A-s1', 'A', 's1'), request('A-s2', 'A', 's2'), request('B-s1', 'B', 's1'), request('B-s2', 'B', 's2')],
    };
    const result = await scheduleEvent(instance, heuristic);
    expect(result.metrics.scheduled).toBe(4);
    expect(placementOf(result, 'A-s1')?.table).toBe(1);
    expect(placementOf(result, 'A-s2')?.table).toBe(1);
    expect(placementOf(result, 'B-s1')?.table).toBe(3);
  });

  it('keeps a request inside its session and reports a pair with no common slot', async () => {
    const instance: EventInstance = {
      sessions: sessions(2, 2, 2),
      participants: [participant('A'), participant('s1'), participant('s2', { sessionIds: ['am'] })],
      requests: [request('A-s1', 'A', 's1', { sessionId: 'pm' }), request('A-s2', 'A', 's2', { sessionId: 'pm' })],
    };
    const result = await scheduleEvent(instance, heuristic);
    expect([2, 3]).toContain(placementOf(result, 'A-s1')?.slot);
    expect(reasonOf(result, 'A-s2')).toBe('no_common_slot');
  });

  it('respects caps, keeping the higher priorities, and says which cap was reached', async () => {
    const instance: EventInstance = {
      sessions: sessions(4, 4, 4),
      participants: [participant('A', { maxMeetings: 2 }), participant('B', { maxMeetingsPerSession: 1, sessionIds: ['am'] }), ...['s1', 's2', 's3', 's4'].map((id) => participant(id))],
      requests: [
        request('A-s1', 'A', 's1', { priority: 1 }),
        request('A-s2', 'A', 's2', { priority: 3 }),
        request('A-s3', 'A', 's3', { priority: 2 }),
        request('B-s1', 'B', 's1'),
        request('B-s4', 'B', 's4'),
      ],
    };
    const result = await scheduleEvent(instance, heuristic);
    expect(result.placements.map((p) => p.requestId).sort()).toEqual(['A-s2', 'A-s3', expect.stringMatching(/^B-/)].sort());
    expect(reasonOf(result, 'A-s1')).toBe('cap_reached');
    expect(result.unscheduled.filter((u) => u.requestId.startsWith('B-')).map((u) => u.reason)).toEqual(['cap_reached']);
    expect(result.metrics.scheduledWeight).toBe(6);
  });

  it('reports a request blocked only by full slots as capacity', async () => {
    const instance: EventInstance = {
      sessions: [{ id: 'am', slots: [0, 1], tables: 1 }],
      participants: ['A', 'B', 'C', 's1', 's2', 's3'].map((id) => participant(id)),
      requests: [request('A-s1', 'A', 's1'), request('B-s2', 'B', 's2'), request('C-s3', 'C', 's3')],
    };
    const result = await scheduleEvent(instance, heuristic);
    expect(result.metrics.scheduled).toBe(2);
    expect(result.metrics.bound.weight).toBe(2);
    expect(result.unscheduled.map((u) => u.reason)).toEqual(['capacity']);
  });

  it('gives up a meeting rather than exceed a fairness cap on breaks', async () => {
    // X's counterparts are each free in one slot only: 0, 2 and 4. All three meetings mean two breaks.
    const instance: EventInstance = {
      sessions: [{ id: 'day', slots: [0, 1, 2, 3, 4], tables: 3 }],
      participants: [
        participant('X', { maxBreaks: 1 }),
        participant('s0', { unavailableSlots: [1, 2, 3, 4] }),
        participant('s2', { unavailableSlots: [0, 1, 3, 4] }),
        participant('s4', { unavailableSlots: [0, 1, 2, 3] }),
      ],
      requests: [request('X-s0', 'X', 's0'), request('X-s2', 'X', 's2', { priority: 2 }), request('X-s4', 'X', 's4')],
    };
    const result = await scheduleEvent(instance, heuristic);
    expect(result.metrics.scheduled).toBe(2);
    expect(result.metrics.maxBreaks).toBe(1);
    expect(placementOf(result, 'X-s2')?.slot).toBe(2);
    expect(result.unscheduled.map((u) => u.reason)).toEqual(['break_cap']);
    expect(validateSchedule(instance, result)).toEqual([]);
  });

  it('compacts agendas: a participant with three meetings and free counterparts gets no break', async () => {
    const instance: EventInstance = {
      sessions: sessions(4, 4, 3),
      participants: ['A', 's1', 's2', 's3'].map((id) => participant(id)),
      requests: ['s1', 's2', 's3'].map((s) => request(`A-${s}`, 'A', s)),
    };
    const result = await scheduleEvent(instance, heuristic);
    expect(result.metrics.totalBreaks).toBe(0);
    const slots = result.placements.map((p) => p.slot).sort((x, y) => x - y);
    expect(slots[2] - slots[0]).toBe(2);
  });

  it('counts breaks the same way on days longer than the 30-slot fast path', async () => {
    // Two 20-slot sessions; s2 is free only at 5 and 30, s1 and s3 everywhere.
    const instance: EventInstance = {
      sessions: sessions(20, 20, 2),
      participants: [participant('A'), participant('s1'), participant('s2', { unavailableSlots: [...Array(40).keys()].filter((t) => t !== 5 && t !== 30) }), participant('s3')],
      requests: [request('A-s1', 'A', 's1'), request('A-s2', 'A', 's2'), request('A-s3', 'A', 's3')],
    };
    const result = await scheduleEvent(instance, heuristic);
    expect(result.metrics.scheduled).toBe(3);
    expect(result.metrics.totalBreaks).toBe(0);
    const slots = result.placements.map((p) => p.slot).sort((x, y) => x - y);
    expect(slots[2] - slots[0]).toBe(2);
    expect(validateSchedule(instance, result)).toEqual([]);
  });

  it('rejects a malformed event, naming the field at fault', async () => {
    const instance = completeThreeByThree();
    const unknown = { ...instance, requests: [...instance.requests, request('x', 'd0', 'nobody')] };
    await expect(scheduleEvent(unknown, heuristic)).rejects.toMatchObject({ name: 'InvalidEventError', field: 'requests[9].counterpartId' });
    const overlapping = { ...instance, sessions: [...instance.sessions, { id: 'pm', slots: [2, 3], tables: 1 }] };
    await expect(scheduleEvent(overlapping, heuristic)).rejects.toBeInstanceOf(InvalidEventError);
  });

  it('gives the same schedule for the same input and seed', async () => {
    const instance = completeThreeByThree();
    const first = await scheduleEvent(instance, { ...heuristic, seed: 5 });
    const second = await scheduleEvent(instance, { ...heuristic, seed: 5 });
    expect(second.placements).toEqual(first.placements);
  });
});

describe('compare (the exact mode picking between the MIP and the heuristic)', () => {
  it('ranks a published meeting pushed off its table as a move, above a break', () => {
    const problem = compileProblem(lateBoothMeeting());
    const ctx = new SearchContext(problem, new Rng(1));
    // AB, XF, XC: X–C in slot 3 costs X a break; in slot 0 X's booth takes A–B's table.
    const keepsTables = Int32Array.from([0, 1, 3]);
    const pushesOff = Int32Array.from([0, 1, 0]);
    expect(compare(problem, ctx, keepsTables, pushesOff)).toBeLessThan(0);
    expect(compare(problem, ctx, pushesOff, keepsTables)).toBeGreaterThan(0);
  });
});
