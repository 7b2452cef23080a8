import { EventInstance, Placement, ScheduleResult } from './model';
import { withPublishedSchedule } from './reschedule';
import { scheduleEvent } from './schedule';
import { lateBoothMeeting, participant, request } from './testing/fixtures';
import { validateSchedule } from './validate';

/** Four pairs, each meeting in its own slot of a four-slot morning, as published. */
const base: EventInstance = {
  sessions: [{ id: 'am', slots: [0, 1, 2, 3], tables: 4 }],
  participants: ['A', 'B', 'C', 'E', 's1', 's2', 's3', 's4'].map((id) => participant(id)),
  requests: [request('A-s1', 'A', 's1'), request('B-s2', 'B', 's2'), request('C-s3', 'C', 's3'), request('E-s4', 'E', 's4')],
};
const published: Placement[] = [
  { requestId: 'A-s1', slot: 0, table: 0 },
  { requestId: 'B-s2', slot: 1, table: 1 },
  { requestId: 'C-s3', slot: 2, table: 2 },
  { requestId: 'E-s4', slot: 3, table: 3 },
];

function unchanged(result: ScheduleResult, except: string[]): Placement[] {
  return published.filter((p) => !except.includes(p.requestId)).filter((p) => !result.placements.some((q) => q.requestId === p.requestId && q.slot === p.slot && q.table === p.table));
}

describe.each(['heuristic', 'exact'] as const)('re-scheduling a published event (%s)', (mode) => {
  const options = { mode, effort: 0.2, exactTimeLimitSeconds: 5 };

  it('moves only the one meeting in the way of a late request that fits nowhere else', async () => {
    // D is only free in slot 0, where s1 already meets A.
    const instance = withPublishedSchedule(
      {
        ...base,
        participants: [...base.participants, participant('D', { unavailableSlots: [1, 2, 3] })],
        requests: [...base.requests, request('D-s1', 'D', 's1')],
      },
      published,
    );
    const result = await scheduleEvent(instance, options);
    expect(result.metrics.scheduled).toBe(5);
    expect(result.placements.find((p) => p.requestId === 'D-s1')?.slot).toBe(0);
    expect(result.metrics.moved).toBe(1);
    expect(result.metrics.dropped).toBe(0);
    expect(unchanged(result, ['A-s1'])).toEqual([]);
    expect(validateSchedule(instance, result)).toEqual([]);
  });

  it('moves nothing for a late request that fits as things are', async () => {
    const instance = withPublishedSchedule(
      { ...base, participants: [...base.participants, participant('D')], requests: [...base.requests, request('D-s1', 'D', 's1')] },
      published,
    );
    const result = await scheduleEvent(instance, options);
    expect(result.metrics.scheduled).toBe(5);
    expect(result.metrics.moved).toBe(0);
  });

  it('keeps a published meeting at its table: a late booth meeting goes where it pushes nobody off theirs', async () => {
    const instance = lateBoothMeeting();
    const result = await scheduleEvent(instance, options);
    expect(result.placements).toEqual([
      { requestId: 'AB', slot: 0, table: 1 },
      { requestId: 'XF', slot: 1, table: 1 },
      { requestId: 'XC', slot: 3, table: 1 },
    ]);
    expect(result.metrics.moved).toBe(0);
    expect(result.metrics.totalBreaks).toBe(1);
    expect(validateSchedule(instance, result)).toEqual([]);
  });

  it('counts a meeting pushed to another table as moved', async () => {
    // C and A are free only in slot 0 now: X's booth takes table 1 from A–B, which must stay in slot 0.
    const instance = lateBoothMeeting();
    instance.participants[4] = participant('C', { unavailableSlots: [1, 2, 3] });
    instance.participants[2] = participant('A', { unavailableSlots: [1, 2, 3] });
    const result = await scheduleEvent(instance, options);
    expect(result.placements).toEqual([
      { requestId: 'AB', slot: 0, table: 0 },
      { requestId: 'XF', slot: 1, table: 1 },
      { requestId: 'XC', slot: 0, table: 1 },
    ]);
    expect(result.metrics.moved).toBe(1);
  });

  it('moves nothing after a cancellation, and only the meeting whose slot a party blocked', async () => {
    const cancelled = withPublishedSchedule({ ...base, requests: base.requests.filter((r) => r.id !== 'B-s2') }, published);
    const afterCancel = await scheduleEvent(cancelled, options);
    expect(afterCancel.metrics.moved).toBe(0);
    expect(unchanged(afterCancel, ['B-s2'])).toEqual([]);

    const blocked = withPublishedSchedule(
      { ...base, participants: base.participants.map((p) => (p.id === 'C' ? { ...p, unavailableSlots: [2] } : p)) },
      published,
    );
    const afterBlock = await scheduleEvent(blocked, options);
    expect(afterBlock.metrics.scheduled).toBe(4);
    expect(afterBlock.metrics.moved).toBe(1);
    expect(afterBlock.placements.find((p) => p.requestId === 'C-s3')?.slot).not.toBe(2);
    expect(unchanged(afterBlock, ['C-s3'])).toEqual([]);
  });
});
