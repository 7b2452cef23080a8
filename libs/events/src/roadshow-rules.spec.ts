import { clashOf, pitchStartProblems, slotsDuring, strandedPitches, withStageTime } from './roadshow-rules';

describe('roadshow rules', () => {
  const sessions = [{ startsAt: '2026-12-01T09:00:00+08:00' }, { startsAt: '2026-12-01T14:00:00+08:00' }, { startsAt: '2026-12-02T01:00:00Z' }];
  const pitch = (id: string, startsAt: string, minutes: number) => ({ id, title: id, startsAt: new Date(startsAt), minutes });

  it('a pitch starts on one of those days, with an offset', () => {
    expect(pitchStartProblems(sessions, '2026-12-01T08:30:00+08:00')).toEqual([]);
    // 2026-12-01T20:00Z is 04:00 on 2 December in China.
    expect(pitchStartProblems(sessions, '2026-12-01T20:00:00Z')).toEqual([]);
    expect(pitchStartProblems(sessions, '2026-12-03T09:00:00+08:00')).toEqual([expect.objectContaining({ field: 'startsAt', code: 'eventDay', message: expect.stringContaining('2026-12-01, 2026-12-02') })]);
    expect(pitchStartProblems(sessions, '2026-12-01T09:00:00')).toEqual([expect.objectContaining({ field: 'startsAt', code: 'isIso8601' })]);
  });

  it('one stage: a pitch may start as another ends, never before', () => {
    const programme = [pitch('a', '2026-12-01T08:00:00+08:00', 15), pitch('b', '2026-12-01T08:30:00+08:00', 10)];
    expect(clashOf(programme, { startsAt: new Date('2026-12-01T08:15:00+08:00'), minutes: 15 })).toBeUndefined();
    expect(clashOf(programme, { startsAt: new Date('2026-12-01T08:15:00+08:00'), minutes: 16 })?.id).toBe('b');
    expect(clashOf(programme, { startsAt: new Date('2026-12-01T07:50:00+08:00'), minutes: 11 })?.id).toBe('a');
    expect(clashOf(programme, { startsAt: new Date('2026-12-01T08:05:00+08:00'), minutes: 5 })?.id).toBe('a');
    // A pitch moved within its own time does not clash with itself.
    expect(clashOf(programme, { startsAt: new Date('2026-12-01T08:05:00+08:00'), minutes: 5 }, 'a')).toBeUndefined();
  });

  it('a presenter is on the stage, not at a table, in every slot its pitch overlaps', () => {
    const day = [
      { key: 'am', name: '上午场', startsAt: '2026-12-01T09:00:00+08:00', slotMinutes: 20, slotCount: 4, tables: 2 },
      { key: 'pm', name: '下午场', startsAt: '2026-12-01T14:00:00+08:00', slotMinutes: 20, slotCount: 4, tables: 2 },
    ];
    const at = (hhmm: string, minutes: number) => ({ startsAt: new Date(`2026-12-01T${hhmm}:00+08:00`), minutes });
    expect(slotsDuring(day, at('08:30', 30))).toEqual([]);
    expect(slotsDuring(day, at('08:30', 31))).toEqual([0]);
    expect(slotsDuring(day, at('09:20', 20))).toEqual([1]);
    expect(slotsDuring(day, at('10:10', 15))).toEqual([3]);
    expect(slotsDuring(day, at('13:50', 40))).toEqual([4, 5]);

    const participants = [{ id: 'p', unavailableSlots: [5, 1] }, { id: 'q', unavailableSlots: [2] }];
    const seen = withStageTime(day, participants, [{ participantId: 'p', ...at('09:10', 20) }, { participantId: 'p', ...at('14:00', 20) }]);
    expect(seen).toEqual([{ id: 'p', unavailableSlots: [0, 1, 4, 5] }, { id: 'q', unavailableSlots: [2] }]);
    // The participants themselves are left as they were.
    expect(participants[0]!.unavailableSlots).toEqual([5, 1]);
  });

  it('a change of sessions may not leave a pitch on a day without the event', () => {
    const pitches = [pitch('a', '2026-12-01T08:00:00+08:00', 10), pitch('b', '2026-12-02T08:00:00+08:00', 10)];
    expect(strandedPitches(sessions, pitches)).toEqual([]);
    expect(strandedPitches([{ startsAt: '2026-12-02T09:00:00+08:00' }], pitches)).toEqual([expect.objectContaining({ field: 'sessions', code: 'pitchOffDay', message: expect.stringContaining('pitch a') })]);
  });
});
