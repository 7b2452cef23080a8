import { SearchContext } from './context';
import { EventInstance, MeetingRequest, Participant } from './model';
import { compileProblem } from './problem';
import { Rng } from './rng';
import { scheduleEvent } from './schedule';
import { tabuSearch } from './tabu';
import { participant, request } from './testing/fixtures';
import { validateSchedule } from './validate';

/**
 * P may have two meetings, one per session. It meets X in s1 (priority 1) and Y in s2 (priority 5);
 * Z (priority 3) is restricted to s2 too, so Z fits only instead of Y — dropping X frees P's
 * overall cap but not its s2 cap. Three triangles in the one-slot session s3 leave open requests,
 * so the search has work to do.
 */
function sessionCapEvent(): EventInstance {
  const participants: Participant[] = [participant('P', { maxMeetings: 2, maxMeetingsPerSession: 1 }), participant('X'), participant('Y'), participant('Z')];
  const requests: MeetingRequest[] = [
    request('P-X', 'P', 'X', { priority: 1, sessionId: 's1' }),
    request('P-Y', 'P', 'Y', { priority: 5, sessionId: 's2' }),
    request('P-Z', 'P', 'Z', { priority: 3, sessionId: 's2' }),
  ];
  for (let k = 0; k < 3; k++) {
    const [a, b, c] = [`a${k}`, `b${k}`, `c${k}`];
    participants.push(participant(a), participant(b), participant(c));
    for (const [u, v] of [[a, b], [b, c], [c, a]]) requests.push(request(`${u}-${v}`, u, v, { sessionId: 's3' }));
  }
  return {
    sessions: [
      { id: 's1', slots: [0, 1], tables: 5 },
      { id: 's2', slots: [2, 3], tables: 5 },
      { id: 's3', slots: [4], tables: 5 },
    ],
    participants,
    requests,
  };
}

describe('tabuSearch', () => {
  it('never takes a participant over its per-session cap by giving up a meeting of another session', () => {
    const problem = compileProblem(sessionCapEvent());
    const id = (requestId: string) => problem.requestIndex.get(requestId)!;
    for (let seed = 1; seed <= 20; seed++) {
      const ctx = new SearchContext(problem, new Rng(seed));
      ctx.state.place(id('P-X'), 0);
      ctx.state.place(id('P-Y'), 2);
      ctx.state.commit();
      tabuSearch(ctx, 200_000, Infinity);
      const P = problem.participantIndex.get('P')!;
      const s2 = 1;
      expect(ctx.state.sessionMeetings[P * problem.sessionCount + s2]).toBeLessThanOrEqual(1);
      expect(ctx.state.slotOf[id('P-Z')]).toBe(-1);
      expect(ctx.state.slotOf[id('P-Y')]).toBeGreaterThanOrEqual(2);
    }
  });

  it.each(['heuristic', 'exact'] as const)('keeps the per-session cap through the whole %s run', async (mode) => {
    const instance = sessionCapEvent();
    const result = await scheduleEvent(instance, { mode });
    expect(validateSchedule(instance, result)).toEqual([]);
    const ofP = result.placements.filter((p) => p.requestId.startsWith('P-')).map((p) => p.requestId).sort();
    expect(ofP).toEqual(['P-X', 'P-Y']);
    expect(result.metrics.scheduledWeight).toBeLessThanOrEqual(result.metrics.bound.weight);
  });
});
