import { scheduleEvent, validateSchedule } from '@techbridge/scheduling';
import { compileInstance, type EventSnapshot } from './compile-instance';

/** Before the day: the clock plays no part. */
const now = new Date('2026-11-20T10:00:00+08:00');

const snapshot = (): EventSnapshot => ({
  event: {
    status: 'scheduled',
    sessions: [
      { key: 'pm', name: '下午场', startsAt: '2026-12-01T14:00:00+08:00', slotMinutes: 20, slotCount: 2, tables: 1 },
      { key: 'am', name: '上午场', startsAt: '2026-12-01T09:00:00+08:00', slotMinutes: 20, slotCount: 3, tables: 2 },
    ],
    caps: { perParticipant: 3, perSession: null, bySide: { supply: 2 }, breaksPerParticipant: null },
  },
  participants: [
    { id: 'e1', side: 'demand', sessionKeys: [], unavailableSlots: [0], fixedTable: null },
    { id: 'u1', side: 'supply', sessionKeys: ['am'], unavailableSlots: [], fixedTable: 1 },
    { id: 'u2', side: 'supply', sessionKeys: [], unavailableSlots: [], fixedTable: null },
  ],
  requests: [
    { id: 'r1', requesterId: 'e1', counterpartId: 'u1', priority: 2, sessionKey: null },
    { id: 'r2', requesterId: 'e1', counterpartId: 'u2', priority: 1, sessionKey: 'pm' },
    { id: 'r3', requesterId: 'e1', counterpartId: 'gone', priority: 1, sessionKey: null },
  ],
  meetings: [{ requestId: 'r2', requesterId: 'e1', counterpartId: 'u2', slot: 3, tableNo: 0, locked: false, status: 'scheduled', publishedSlot: 4, publishedTable: 0 }],
});

describe('compiling an event for the scheduler', () => {
  it('maps sessions to global slots in time order, participants with their sessions, blocks and booths, and the caps', () => {
    const { instance } = compileInstance(snapshot(), now);
    expect(instance.sessions).toEqual([{ id: 'am', tables: 2, slots: [0, 1, 2] }, { id: 'pm', tables: 1, slots: [3, 4] }]);
    expect(instance.participants[0]).toEqual({ id: 'e1', kind: 'demand', unavailableSlots: [0] });
    expect(instance.participants[1]).toEqual({ id: 'u1', kind: 'supply', sessionIds: ['am'], fixedTable: 1 });
    expect(instance).toMatchObject({ maxMeetingsPerParticipant: 3, maxMeetingsByKind: { supply: 2 } });
    expect(instance).not.toHaveProperty('maxBreaksPerParticipant');
  });

  it('leaves out observers and any request involving one', () => {
    const withObserver = snapshot();
    withObserver.participants[2] = { ...withObserver.participants[2], side: 'observer' };
    const { instance } = compileInstance(withObserver, now);
    expect(instance.participants.map((p) => p.id)).toEqual(['e1', 'u1']);
    expect(instance.requests.map((r) => r.id)).toEqual(['r1']);
  });

  it('leaves out requests of participants no longer approved, and hands published places over as what to keep', () => {
    const { instance, published } = compileInstance(snapshot(), now);
    expect(instance.requests.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(instance.requests[1]).toMatchObject({ sessionId: 'pm', priority: 1 });
    expect(published).toEqual([{ requestId: 'r2', slot: 4, table: 0 }]);
  });

  it('once the agenda is visible, hands over the current place of an announced meeting: every change since publishing was told', () => {
    const s = snapshot();
    s.event.status = 'published';
    const { published } = compileInstance(s, now);
    expect(published).toEqual([{ requestId: 'r2', slot: 3, table: 0 }]);
  });

  it('counts a meeting that stays but that the scheduler cannot count against its participants’ caps, and blocks its slot', () => {
    const s = snapshot();
    // r1 is locked into slot 0, which e1 blocked: reported lock_infeasible, yet it stays. u9 left after a held meeting with u2.
    s.meetings = [
      { requestId: 'r1', requesterId: 'e1', counterpartId: 'u1', slot: 0, tableNo: 1, locked: true, status: 'scheduled', publishedSlot: null, publishedTable: null },
      { requestId: 'gone', requesterId: 'u9', counterpartId: 'u2', slot: 1, tableNo: 0, locked: false, status: 'held', publishedSlot: 1, publishedTable: 0 },
    ];
    const { instance } = compileInstance(s, now);
    const byId = Object.fromEntries(instance.participants.map((p) => [p.id, p]));
    expect(byId.e1).toMatchObject({ maxMeetings: 2, unavailableSlots: [0] });
    expect(byId.u1).toMatchObject({ maxMeetings: 1, unavailableSlots: [0] });
    expect(byId.u2).toMatchObject({ maxMeetings: 1, unavailableSlots: [1] });
    // A lock the scheduler honours counts for it already.
    s.participants[0].unavailableSlots = [];
    expect(compileInstance(s, now).instance.participants[0]).not.toHaveProperty('maxMeetings');
  });

  it('locks meetings that are locked, held or missed exactly where they are', () => {
    const s = snapshot();
    s.meetings = [{ requestId: 'r1', requesterId: 'e1', counterpartId: 'u1', slot: 2, tableNo: 1, locked: false, status: 'held', publishedSlot: 2, publishedTable: 1 }];
    const { instance, published } = compileInstance(s, now);
    expect(instance.requests[0].lock).toEqual({ slot: 2, table: 1 });
    expect(published).toEqual([]);
  });

  it('produces instances the scheduler solves within every hard constraint', async () => {
    const { instance } = compileInstance(snapshot(), now);
    const result = await scheduleEvent(instance, { exactTimeLimitSeconds: 2 });
    expect(validateSchedule(instance, result)).toEqual([]);
    expect(result.metrics.scheduled).toBe(2);
    expect(result.placements.find((p) => p.requestId === 'r1')!.table).toBe(1);
  });

  it('handles an event with no accepted requests yet', async () => {
    const s = snapshot();
    s.requests = [];
    s.meetings = [];
    const result = await scheduleEvent(compileInstance(s, now).instance);
    expect(result).toMatchObject({ placements: [], unscheduled: [], metrics: { scheduled: 0, gapPercent: 0 } });
  });

  describe('on the day (event live)', () => {
    // 09:30 Beijing time: slots 0 (09:00) and 1 (09:20) have started, slot 2 (09:40) has not.
    const duringSlotOne = new Date('2026-12-01T01:30:00Z');
    const live = (): EventSnapshot => {
      const s = snapshot();
      s.event.status = 'live';
      s.participants[0].unavailableSlots = [];
      s.requests[1] = { ...s.requests[1], sessionKey: null };
      // r1 was placed in slot 1 and is not marked held yet; r2 is a late request.
      s.meetings = [{ requestId: 'r1', requesterId: 'e1', counterpartId: 'u1', slot: 1, tableNo: 1, locked: false, status: 'scheduled', publishedSlot: 1, publishedTable: 1 }];
      return s;
    };

    it('keeps a meeting of a started slot where it is, and makes every started slot unavailable to whoever has no meeting there', () => {
      const { instance, published } = compileInstance(live(), duringSlotOne);
      expect(instance.requests.find((r) => r.id === 'r1')!.lock).toEqual({ slot: 1, table: 1 });
      expect(published).toEqual([]);
      const unavailable = Object.fromEntries(instance.participants.map((p) => [p.id, p.unavailableSlots ?? []]));
      expect(unavailable).toEqual({ e1: [0], u1: [0], u2: [0, 1] });
    });

    it('gives a late request a slot still to come, and keeps what has started', async () => {
      const { instance } = compileInstance(live(), duringSlotOne);
      const result = await scheduleEvent(instance, { exactTimeLimitSeconds: 2 });
      expect(validateSchedule(instance, result)).toEqual([]);
      expect(result.placements.find((p) => p.requestId === 'r1')).toEqual({ requestId: 'r1', slot: 1, table: 1 });
      expect(result.placements.find((p) => p.requestId === 'r2')!.slot).toBeGreaterThanOrEqual(2);
    });

    it('leaves out a late request whose only common slots have started, rather than put it in the past', async () => {
      const s = live();
      s.requests[1] = { ...s.requests[1], sessionKey: 'am' };
      s.participants[2].unavailableSlots = [2];
      const { instance } = compileInstance(s, duringSlotOne);
      const result = await scheduleEvent(instance, { exactTimeLimitSeconds: 2 });
      expect(result.placements.map((p) => p.requestId)).toEqual(['r1']);
      expect(result.unscheduled).toEqual([expect.objectContaining({ requestId: 'r2', reason: 'no_common_slot' })]);
    });

    it('does not move a meeting of a started slot, even where moving it would make room for one more', async () => {
      // With no breaks allowed, r2 (afternoon) fits only if r1 moves up to slot 2, next to it.
      const s = live();
      s.event.caps = { ...s.event.caps, breaksPerParticipant: 0 };
      s.requests[1] = { ...s.requests[1], sessionKey: 'pm' };
      const { instance } = compileInstance(s, duringSlotOne);
      const result = await scheduleEvent(instance, { exactTimeLimitSeconds: 2 });
      expect(validateSchedule(instance, result)).toEqual([]);
      expect(result.placements).toEqual([{ requestId: 'r1', slot: 1, table: 1 }]);
      expect(result.unscheduled).toEqual([expect.objectContaining({ requestId: 'r2', reason: 'break_cap' })]);
    });

    it('reads the clock only on a live event', () => {
      const before = live();
      before.event.status = 'published';
      const { instance, published } = compileInstance(before, duringSlotOne);
      expect(instance.requests.find((r) => r.id === 'r1')).not.toHaveProperty('lock');
      expect(published).toEqual([{ requestId: 'r1', slot: 1, table: 1 }]);
      expect(instance.participants.every((p) => !p.unavailableSlots)).toBe(true);
    });
  });
});
