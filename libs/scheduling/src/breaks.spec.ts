import fc from 'fast-check';
import { countBreaks } from './breaks';
import { maskBreaks, maskIdle } from './state';
import { EventInstance, Placement } from './model';
import { participant, request, sessions } from './testing/fixtures';

/** Participant A meets B1…B6 (one request each); the placements decide A's agenda. */
function agendaOfA(placedSlots: number[], extraA: { unavailableSlots?: number[] } = {}) {
  const instance: EventInstance = {
    sessions: sessions(4, 4, 6),
    participants: [participant('A', extraA), ...placedSlots.map((_, i) => participant(`s${i}`))],
    requests: placedSlots.map((_, i) => request(`r${i}`, 'A', `s${i}`)),
  };
  const placements: Placement[] = placedSlots.map((slot, i) => ({ requestId: `r${i}`, slot, table: i }));
  return countBreaks(instance, placements).byParticipant['A'];
}

describe('countBreaks', () => {
  it('counts nothing for consecutive meetings or a single one', () => {
    expect(agendaOfA([1, 2, 3])).toBe(0);
    expect(agendaOfA([5])).toBe(0);
    expect(agendaOfA([])).toBe(0);
  });

  it('counts one break per idle run between meetings, whatever its length', () => {
    expect(agendaOfA([0, 2])).toBe(1);
    expect(agendaOfA([0, 3])).toBe(1);
    expect(agendaOfA([0, 2, 4, 6])).toBe(3);
  });

  it('ignores idle slots before the first and after the last meeting', () => {
    expect(agendaOfA([2, 3])).toBe(0);
  });

  it('does not count the lunch boundary itself: last morning slot then first afternoon slot', () => {
    expect(agendaOfA([3, 4])).toBe(0);
  });

  it('counts idle slots on both sides of lunch as one wait', () => {
    expect(agendaOfA([2, 5])).toBe(1);
  });

  it('treats blocked slots as the participant’s own time: they neither count nor split a wait', () => {
    expect(agendaOfA([1, 3], { unavailableSlots: [2] })).toBe(0);
    expect(agendaOfA([0, 3], { unavailableSlots: [1] })).toBe(1);
    expect(agendaOfA([0, 3, 5], { unavailableSlots: [1, 2] })).toBe(1);
  });

  it('totals over participants and reports the largest', () => {
    const instance: EventInstance = {
      sessions: sessions(4, 4, 4),
      participants: [participant('A'), participant('B'), participant('s1'), participant('s2')],
      requests: [request('a1', 'A', 's1'), request('a2', 'A', 's2'), request('b1', 'B', 's1'), request('b2', 'B', 's2')],
    };
    const result = countBreaks(instance, [
      { requestId: 'a1', slot: 0, table: 0 },
      { requestId: 'a2', slot: 2, table: 0 },
      { requestId: 'b1', slot: 2, table: 1 },
      { requestId: 'b2', slot: 6, table: 1 },
    ]);
    // A: 0,2 → 1; B: 2,6 → 1; s1: 0,2 → 1; s2: 2,6 → 1.
    expect(result).toEqual({ total: 4, max: 1, byParticipant: { A: 1, B: 1, s1: 1, s2: 1 } });
  });

  it('counts the same with the 30-bit timeline masks as by walking the timeline', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: (1 << 30) - 1 }), (mask) => {
        let breaks = 0;
        let idleInside = 0;
        let seen = false;
        let idle = 0;
        for (let i = 0; i < 30; i++) {
          if (mask & (1 << i)) {
            if (idle > 0) breaks++;
            if (idle > 0) idleInside += idle;
            seen = true;
            idle = 0;
          } else if (seen) idle++;
        }
        expect([maskBreaks(mask), maskIdle(mask)]).toEqual([breaks, idleInside]);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
