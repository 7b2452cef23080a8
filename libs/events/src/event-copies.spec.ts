import type { MatchmakingEvent } from '@techbridge/domain';
import { copiedSetup } from './event-copies';

describe('copying an event', () => {
  const event = {
    title: '2026 大连装备制造专场技术对接会', description: '上午、下午两场', themeFieldCode: 'equipment', themeChainCode: null, venue: '大连国际会议中心', onlineUrl: null,
    registrationOpensAt: null, registrationClosesAt: new Date('2026-11-24T10:00:00Z'), bookingOpensAt: new Date('2026-11-25T00:00:00Z'), bookingClosesAt: new Date('2026-11-28T09:30:00Z'),
    sessions: [
      { key: 'pm', name: '下午场', startsAt: '2026-12-01T14:00:00+08:00', slotMinutes: 20, slotCount: 4, tables: 2 },
      { key: 'am', name: '上午场', startsAt: '2026-12-01T09:00:00+08:00', slotMinutes: 20, slotCount: 4, tables: 2 },
      { key: 'late', name: '晚场', startsAt: '2026-12-01T20:00:00Z', slotMinutes: 30, slotCount: 2, tables: 1 },
    ],
    caps: { perParticipant: 6, perSession: null, bySide: { demand: 4 }, breaksPerParticipant: null }, bookingRule: 'demand_to_supply', maxParticipants: 40, registrationApproval: 'automatic',
  } as unknown as MatchmakingEvent;

  it('moves every date by the days between the first day and startsOn, keeping times of day, offsets and the rest of the set-up', () => {
    const copy = copiedSetup(event, '2027-01-10');
    const days = 40 * 86_400_000;
    expect(copy.sessions.map((s) => s.startsAt)).toEqual(['2027-01-10T14:00:00+08:00', '2027-01-10T09:00:00+08:00', '2027-01-10T20:00:00Z']);
    expect(copy.registrationOpensAt).toBeNull();
    expect(copy.registrationClosesAt.getTime() - event.registrationClosesAt.getTime()).toBe(days);
    expect(copy.bookingOpensAt!.getTime() - event.bookingOpensAt!.getTime()).toBe(days);
    expect(copy.bookingClosesAt.getTime() - event.bookingClosesAt.getTime()).toBe(days);
    expect(copy).toMatchObject({ title: event.title, venue: event.venue, caps: event.caps, bookingRule: 'demand_to_supply', maxParticipants: 40, registrationApproval: 'automatic', themeFieldCode: 'equipment' });
    expect(copiedSetup(event, '2027-01-10', '2027 春季装备制造专场').title).toBe('2027 春季装备制造专场');
  });

  it('moves backwards as well as forwards, across month and year ends', () => {
    expect(copiedSetup(event, '2026-11-30').sessions.map((s) => s.startsAt.slice(0, 10))).toEqual(['2026-11-30', '2026-11-30', '2026-11-30']);
    expect(copiedSetup(event, '2028-02-29').sessions[0]!.startsAt).toBe('2028-02-29T14:00:00+08:00');
  });
});
