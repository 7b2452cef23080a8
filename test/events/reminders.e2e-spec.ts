import { EventReminders, FEEDBACK_AFTER_HOURS, FEEDBACK_ASKED_DAYS, REMINDER_HOURS } from '@techbridge/events';
import request from 'supertest';
import type { Session } from '../support/accounts';
import { verifyOrganization } from '../support/catalog';
import { slotUnderway } from '../support/event-day';
import { acceptedRequest, bookingEvent, eventAction, type EventCast, eventCast, scheduled } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';

const HOUR = 3_600_000;

/** 对接会 reminders: the day before, and feedback after the day. */
describe('event reminders', () => {
  let app: TestApp;
  let cast: EventCast;
  beforeAll(async () => {
    app = await startTestApp();
    cast = await eventCast(app);
    for (const s of [cast.e1, cast.u1, cast.u2]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const notices = async (s: Session, kind: string, eventId: string) =>
    ((await request(app.http).get('/api/v1/notifications').query({ kind }).set(s.auth).expect(200)).body.items as Array<{ title: string; body: string; subject: { eventId: string; participantId?: string } }>).filter(
      (n) => n.subject.eventId === eventId,
    );
  const remind = (at: number) => app.worker!.get(EventReminders).remind(new Date(at));

  it('the day before, each party hears when, where and its first meeting; the organizers how many; once', async () => {
    const { organizer, e1, u1, u2 } = cast;
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']], { title: '沈阳新材料专场对接会' });
    const [, u1P] = event.participants;
    await acceptedRequest(app, event.id, e1, u1, u1P!);
    await scheduled(app, organizer, event.id);
    const published = await eventAction(app, organizer, event.id, 'publish');
    const starts = Math.min(...(published.sessions as Array<{ startsAt: string }>).map((s) => Date.parse(s.startsAt)));

    // Two days ahead nobody is reminded yet.
    expect(await remind(starts - 2 * REMINDER_HOURS * HOUR)).toMatchObject({ upcoming: 0 });
    expect(await remind(starts - 12 * HOUR)).toMatchObject({ upcoming: 4 });
    const [mine, ...more] = await notices(e1, 'event.reminder', event.id);
    expect(more).toEqual([]);
    expect(mine!.title).toMatch(/^沈阳新材料专场对接会：对接会将于 .+ 开始$/);
    // Tables are numbered from 1 where people read them (0 in the API).
    const [{ table_no: table }] = await app.sql<{ table_no: number }>(`SELECT table_no FROM meetings WHERE event_id = $1`, [event.id]);
    expect(mine!.body).toMatch(new RegExp(`^地点：大连国际会议中心 3 层。贵单位共有 1 场一对一洽谈，第一场 .+ 在第 ${table + 1} 桌。`));
    expect((await notices(u2, 'event.reminder', event.id))[0]!.body).toContain('贵单位暂无排定的一对一洽谈');
    expect((await notices(organizer, 'event.reminder', event.id))[0]!.body).toContain('已审核参会单位 3 家，排定一对一洽谈 1 场');

    expect(await remind(starts - 6 * HOUR)).toMatchObject({ upcoming: 0 });
    expect(await notices(e1, 'event.reminder', event.id)).toHaveLength(1);
  });

  it('after the day, a party with held meetings it has not rated is asked for feedback, once, and not after two weeks', async () => {
    const { organizer, e1, u1, u2 } = cast;
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']], { title: '营口海洋装备专场对接会' });
    const [, u1P, u2P] = event.participants;
    await acceptedRequest(app, event.id, e1, u1, u1P!);
    await acceptedRequest(app, event.id, e1, u2, u2P!);
    await scheduled(app, organizer, event.id);
    await eventAction(app, organizer, event.id, 'publish');
    const meetings = (await request(app.http).get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; counterpartId: string; slot: number }>;
    // The day: both meetings' slots have started.
    await slotUnderway(app, event.id, Math.max(...meetings.map((m) => m.slot)));
    const live = await eventAction(app, organizer, event.id, 'start');
    for (const m of meetings) await request(app.http).post(`/api/v1/events/${event.id}/meetings/${m.id}/actions/held`).set(organizer.auth).send({}).expect(200);
    // u1 rated its meeting on the day; u2 did not, nor did e1 (for either).
    const withU1 = meetings.find((m) => m.counterpartId === u1P)!;
    await request(app.http).post(`/api/v1/events/${event.id}/meetings/${withU1.id}/feedback`).set(u1.auth).send({ rating: 4, wantsFollowUp: true }).expect(200);
    const sessions = live.sessions as Array<{ startsAt: string; slotMinutes: number; slotCount: number }>;
    const ends = Math.max(...sessions.map((s) => Date.parse(s.startsAt) + s.slotMinutes * s.slotCount * 60_000));

    expect(await remind(ends + (FEEDBACK_ASKED_DAYS * 24 + 1) * HOUR)).toMatchObject({ feedbackDue: 0 });
    expect(await remind(ends + (FEEDBACK_AFTER_HOURS + 1) * HOUR)).toMatchObject({ feedbackDue: 2 });
    expect((await notices(e1, 'event.feedback_due', event.id))[0]!.body).toContain('有 2 场已举行的洽谈尚未反馈');
    expect((await notices(u2, 'event.feedback_due', event.id))[0]!.body).toContain('有 1 场已举行的洽谈尚未反馈');
    expect(await notices(u1, 'event.feedback_due', event.id)).toEqual([]);
    expect(await remind(ends + (FEEDBACK_AFTER_HOURS + 5) * HOUR)).toMatchObject({ feedbackDue: 0 });
  });
});
