import { compactAgendas } from './compact';
import { SearchContext } from './context';
import { EventInstance } from './model';
import { compileProblem } from './problem';
import { Rng } from './rng';
import { lateBoothMeeting, participant, request } from './testing/fixtures';

/** A meets s0 (free only in slot 0) and s2 (free only in slot 2): both meetings mean one break. */
function gapEvent(): EventInstance {
  return {
    sessions: [{ id: 'day', slots: [0, 1, 2], tables: 2 }],
    participants: [participant('A'), participant('s0', { unavailableSlots: [1, 2] }), participant('s2', { unavailableSlots: [0, 1] })],
    requests: [request('A-s0', 'A', 's0'), request('A-s2', 'A', 's2')],
    maxBreaksPerParticipant: 0,
  };
}

describe('compactAgendas', () => {
  it('within the break caps, leaves out an open request that would give a party a break over its cap', () => {
    const problem = compileProblem(gapEvent());
    const A = problem.participantIndex.get('A')!;
    for (let seed = 1; seed <= 5; seed++) {
      const ctx = new SearchContext(problem, new Rng(seed));
      ctx.state.place(problem.requestIndex.get('A-s0')!, 0);
      ctx.state.commit();
      compactAgendas(ctx, 10_000, { withinBreakCaps: true });
      expect(ctx.state.slotOf[problem.requestIndex.get('A-s2')!]).toBe(-1);
      expect(ctx.breaksOf(A)).toBe(0);
    }
  });

  it('within the break caps, still places an open request where it adds no break', () => {
    const instance = gapEvent();
    instance.participants[2] = participant('s2'); // now free in slot 1 too
    const problem = compileProblem(instance);
    const ctx = new SearchContext(problem, new Rng(1));
    ctx.state.place(problem.requestIndex.get('A-s0')!, 0);
    ctx.state.commit();
    compactAgendas(ctx, 10_000, { withinBreakCaps: true });
    expect(ctx.state.slotOf[problem.requestIndex.get('A-s2')!]).toBe(1);
  });

  it('takes a break rather than let a booth meeting push a published meeting off its table', () => {
    const problem = compileProblem(lateBoothMeeting());
    const id = (r: string) => problem.requestIndex.get(r)!;
    for (let seed = 1; seed <= 5; seed++) {
      const ctx = new SearchContext(problem, new Rng(seed));
      ctx.state.place(id('AB'), 0);
      ctx.state.place(id('XF'), 1);
      ctx.state.place(id('XC'), 0); // no break for X, but X's booth takes A–B's table
      ctx.state.commit();
      compactAgendas(ctx, 10_000);
      expect([ctx.state.slotOf[id('AB')], ctx.state.slotOf[id('XF')], ctx.state.slotOf[id('XC')]]).toEqual([0, 1, 3]);
    }
  });
});
