import type { EventSession } from '@techbridge/domain';
import { eventDays, mayBook, setupProblems, timeline } from './event-rules';

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
