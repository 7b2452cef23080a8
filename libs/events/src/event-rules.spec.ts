import type { EventSession } from '@techbridge/domain';
import { assertMayGoLive, assertSlotBegun, checkInDay, eventDays, mayBook, setupProblems, timeline } from './event-rules';

const am: EventSession = { key: 'am', name: '上午场', startsAt: '2026-12-01T09:00:00+08:00', slotMinutes: 20, slotCount: 3, tables: 4 };
const pm: EventSession = { key: 'pm', name: '下午场', startsAt: '2026-12-01T14:00:00+08:00', slotMinutes: 30, slotCount: 2, tables: 2 };
const setup = (overrides = {}) => ({
  title: 't', registrationOpensAt: null, registrationClosesAt: new Date('2026-11-25T00:00:00Z'), bookingOpensAt: null, bookingClosesAt: new Date('2026-11-28T00:00:00Z'),
  venue: '大连', onlineUrl: null, sessions: [pm, am], caps: { perParticipant: null, perSession: null, bySide: {}, breaksPerParticipant: null }, ...overrides,
});

describe('event rules', () => {
  it('an event takes place on the China days of its sessions', () => {
    const sessions = [{ startsAt: '2026-12-01T09:00:00+08:00' }, { startsAt: '2026-12-01T14:00:00+08:00' }, { startsAt: '2026-12-02T01:00:00Z' }];
    expect(eventDays(sessions)).toEqual(['2026-12-01', '2026-12-02']);
  });

  it('goes live from the first day in China, even when that is still the day before in UTC', () => {
    const early = [{ startsAt: '2026-12-01T00:30:00+08:00' }, { startsAt: '2026-12-02T09:00:00+08:00' }];
    expect(() => assertMayGoLive(early, new Date('2026-11-30T15:59:59Z'))).toThrow(
      expect.objectContaining({ code: 'before_first_day', details: { firstDay: '2026-12-01', today: '2026-11-30' }, fields: [expect.objectContaining({ field: 'action', code: 'before_first_day' })] }),
    );
    expect(() => assertMayGoLive(early, new Date('2026-11-30T16:00:00Z'))).not.toThrow();
    expect(() => assertMayGoLive(early, new Date('2026-12-05T00:00:00Z'))).not.toThrow();
  });

  it('checks in on each of the event’s China days, and on no day between or around them', () => {
    const days = [{ startsAt: '2026-12-01T09:00:00+08:00', slotMinutes: 20, slotCount: 4 }, { startsAt: '2026-12-03T09:00:00+08:00', slotMinutes: 20, slotCount: 4 }];
    expect(checkInDay(days, new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
    expect(checkInDay(days, new Date('2026-12-03T15:59:59Z'))).toBe('2026-12-03');
    for (const at of ['2026-11-30T15:59:59Z', '2026-12-02T04:00:00Z', '2026-12-03T16:00:00Z']) {
      expect(() => checkInDay(days, new Date(at))).toThrow(
        expect.objectContaining({ code: 'not_event_day', message: expect.stringContaining('2026-12-01, 2026-12-03'), fields: [expect.objectContaining({ field: 'eventId', code: 'not_event_day' })] }),
      );
    }
  });

  it('counts a check-in after midnight for the day of the session still running, and nothing once it ended', () => {
    // 夜场: 22:00 on 1 December to 01:00 on the 2nd (China time); the event's next session is on the 2nd at 09:00.
    const night = [{ startsAt: '2026-12-01T22:00:00+08:00', slotMinutes: 30, slotCount: 6 }];
    expect(checkInDay(night, new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-01'); // 00:30 on the 2nd
    expect(() => checkInDay(night, new Date('2026-12-01T17:00:00Z'))).toThrow(expect.objectContaining({ code: 'not_event_day' })); // 01:00: it ended
    const twoDays = [...night, { startsAt: '2026-12-02T09:00:00+08:00', slotMinutes: 20, slotCount: 4 }];
    expect(checkInDay(twoDays, new Date('2026-12-01T16:59:59Z'))).toBe('2026-12-01');
    // After the night session, the 2nd's own check-in, before its session begins.
    expect(checkInDay(twoDays, new Date('2026-12-01T17:00:00Z'))).toBe('2026-12-02');
  });

  it('marks a meeting held or no-show from the start of its slot on, naming the start in China time', () => {
    // Slot 1 is am's second: 09:20 on 1 December, China time.
    expect(() => assertSlotBegun([pm, am], 1, 'held', new Date('2026-12-01T01:19:59Z'))).toThrow(
      expect.objectContaining({ code: 'slot_not_started', message: 'slot 1 starts at 12/1 09:20 (China time); a meeting is marked held once its slot has started', details: { slot: 1, startsAt: '2026-12-01T01:20:00.000Z' }, fields: [expect.objectContaining({ field: 'slot', code: 'slot_not_started' })] }),
    );
    expect(() => assertSlotBegun([pm, am], 1, 'no_show', new Date('2026-12-01T01:20:00Z'))).not.toThrow();
  });

  it('numbers the slots of all sessions in time order, whatever order the sessions were given in', () => {
    const slots = timeline([pm, am]);
    expect(slots.map((s) => [s.slot, s.sessionKey, s.tables])).toEqual([[0, 'am', 4], [1, 'am', 4], [2, 'am', 4], [3, 'pm', 2], [4, 'pm', 2]]);
    expect(slots[1].startsAt.toISOString()).toBe('2026-12-01T01:20:00.000Z');
    expect(slots[4].endsAt.toISOString()).toBe('2026-12-01T07:00:00.000Z');
  });

  it('accepts a sound set-up and names the field of each problem', () => {
    expect(setupProblems(setup())).toEqual([]);
    const overlap = setupProblems(setup({ sessions: [am, { ...pm, startsAt: '2026-12-01T09:40:00+08:00' }] }));
    expect(overlap).toEqual([expect.objectContaining({ field: 'sessions.1.startsAt', code: 'overlap' })]);
    expect(setupProblems(setup({ venue: null })).map((p) => p.field)).toEqual(['venue']);
    expect(setupProblems(setup({ bookingClosesAt: new Date('2026-12-01T02:00:00Z') })).map((p) => p.field)).toEqual(['bookingClosesAt']);
    expect(setupProblems(setup({ sessions: [am, { ...pm, key: 'am' }] })).map((p) => p.code)).toEqual(['unique']);
    expect(setupProblems(setup({ caps: { perParticipant: 2, perSession: 3, bySide: {}, breaksPerParticipant: null } })).map((p) => p.field)).toEqual(['caps.perSession']);
  });

  it('lets sides book each other by the event rule, and never observers', () => {
    expect(mayBook('demand_to_supply', 'demand', 'supply')).toBe(true);
    expect(mayBook('demand_to_supply', 'supply', 'demand')).toBe(false);
    expect(mayBook('cross', 'supply', 'demand')).toBe(true);
    expect(mayBook('cross', 'demand', 'demand')).toBe(false);
    expect(mayBook('any', 'demand', 'demand')).toBe(true);
    expect(mayBook('any', 'observer', 'demand')).toBe(false);
  });
});
