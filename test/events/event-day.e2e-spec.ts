import request from 'supertest';
import type { Session } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { chinaDay } from '../support/days';
import { moveTimeline, slotUnderway } from '../support/event-day';
import { bookingEvent, type EventCast, eventAction, eventCast } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';
import { matchesReady } from '../support/matching';

const DAY = 86_400_000;

/** The day of a 对接会 keeps to the clock: going live, check-in, held / no-show and feedback. */
describe('the event day', () => {
  let app: TestApp;
  let cast: EventCast;
  beforeAll(async () => {
    app = await startTestApp();
    cast = await eventCast(app);
  });
  afterAll(() => app.close());

  const http = () => request(app.http);
  const place = (eventId: string, requesterId: string, counterpartId: string, slot: number) =>
    http().post(`/api/v1/events/${eventId}/meetings`).set(cast.organizer.auth).send({ requesterId, counterpartId, slot, table: 0 }).expect(201);
  const publish = async (eventId: string) => {
    await app.sql(`UPDATE events SET status = 'scheduled' WHERE id = $1`, [eventId]);
    await eventAction(app, cast.organizer, eventId, 'publish');
  };
  const meetingOf = async (eventId: string, id: string) =>
    ((await http().get(`/api/v1/events/${eventId}/meetings`).set(cast.organizer.auth).expect(200)).body as Array<{ id: string; status: string; version: number }>).find((m) => m.id === id)!;
  const statusOf = async (eventId: string) => (await http().get(`/api/v1/events/${eventId}`).set(cast.organizer.auth).expect(200)).body.status as string;

  it('goes live from the event’s first day (China time) on, even before its first session, and not the day before', async () => {
    const { organizer, e1, u1 } = cast;
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']]);
    await publish(event.id);
    const firstStart = async () => Date.parse((await http().get(`/api/v1/events/${event.id}`).set(organizer.auth).expect(200)).body.sessions[0].startsAt);

    // The first session at 00:00 tomorrow, China time: today is the day before.
    await moveTimeline(app, event.id, Date.parse(`${chinaDay(1)}T00:00:00+08:00`) - (await firstStart()));
    const early = await http().post(`/api/v1/events/${event.id}/actions/start`).set(organizer.auth).send({}).expect(409);
    expect(early.body).toMatchObject({ code: 'before_first_day', details: { firstDay: chinaDay(1), today: chinaDay(0) }, fields: [{ field: 'action', code: 'before_first_day' }] });
    expect(early.body.message).toContain(`on its first day, ${chinaDay(1)} (China time)`);
    expect(await statusOf(event.id)).toBe('published');

    // The first session at 23:59 today: its day has come, whether or not the session has begun.
    await moveTimeline(app, event.id, Date.parse(`${chinaDay(0)}T23:59:00+08:00`) - (await firstStart()));
    await eventAction(app, organizer, event.id, 'start');
    expect(await statusOf(event.id)).toBe('live');
  });

  it('marks a meeting held or no-show only once its slot has started, so its feedback waits too', async () => {
    const { organizer, e1, u1, u2 } = cast;
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
    const [p1, pu1, pu2] = event.participants;
    const morning = (await place(event.id, p1!, pu1!, 1)).body.id as string;
    const afternoon = (await place(event.id, p1!, pu2!, 5)).body.id as string;
    await publish(event.id);
    // Slot 1 started a minute ago; the afternoon (slots 4–7) is hours away.
    await slotUnderway(app, event.id, 1);
    await eventAction(app, organizer, event.id, 'start');
    const mark = (id: string, action: string) => http().post(`/api/v1/events/${event.id}/meetings/${id}/actions/${action}`).set(organizer.auth).send({});
    const before = await meetingOf(event.id, afternoon);

    for (const action of ['held', 'no_show']) {
      const early = await mark(afternoon, action).expect(409);
      expect(early.body).toMatchObject({ code: 'slot_not_started', details: { slot: 5, startsAt: expect.any(String) }, fields: [{ field: 'slot', code: 'slot_not_started' }] });
      expect(early.body.message).toMatch(new RegExp(`^slot 5 starts at .+ \\(China time\\); a meeting is marked ${action} once its slot has started$`));
    }
    const feedback = await http().post(`/api/v1/events/${event.id}/meetings/${afternoon}/feedback`).set(u2.auth).send({ rating: 5, wantsFollowUp: true }).expect(409);
    expect(feedback.body.code).toBe('invalid_transition');
    expect(await meetingOf(event.id, afternoon)).toEqual(before);

    // The morning meeting's slot has started: held, corrected to no-show and back, then rated.
    await mark(morning, 'held').expect(200);
    await mark(morning, 'no_show').expect(200);
    await mark(morning, 'held').expect(200);
    await http().post(`/api/v1/events/${event.id}/meetings/${morning}/feedback`).set(u1.auth).send({ rating: 4, wantsFollowUp: false }).expect(200);

    // The afternoon comes.
    await slotUnderway(app, event.id, 5);
    await mark(afternoon, 'no_show').expect(200);
  });

  it('checks a participant in on each day of a two-day event: the first day’s check-in does not count for the second', async () => {
    const { organizer, e1, u1 } = cast;
    const first = new Date(Date.now() + 4 * DAY).toISOString().slice(0, 10);
    const second = new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10);
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']], {
      title: '鞍山钢铁新材料两日对接会',
      sessions: [
        { key: 'd1', name: '第一天', startsAt: `${first}T09:00:00+08:00`, slotMinutes: 20, slotCount: 4, tables: 2 },
        { key: 'd2', name: '第二天', startsAt: `${second}T09:00:00+08:00`, slotMinutes: 20, slotCount: 4, tables: 2 },
      ],
    });
    const [p1, pu1] = event.participants;
    await place(event.id, p1!, pu1!, 1);
    await publish(event.id);
    const code = (await http().get(`/api/v1/events/${event.id}/participants/${p1}`).set(e1.auth).expect(200)).body.checkInCode as string;
    const checkIn = () => http().post(`/api/v1/events/${event.id}/check-ins`).set(organizer.auth).send({ code });
    const figures = async () => (await http().get(`/api/v1/events/${event.id}/figures`).set(organizer.auth).expect(200)).body.participants;
    const sheet = async () => {
      const res = await http().get(`/api/v1/events/${event.id}/participants/export`).query({ format: 'csv' }).set(organizer.auth).expect(200);
      const [header, ...rows] = res.text.replace(/^\uFEFF/, '').trim().split('\n').map((line) => line.split(','));
      const row = rows.find((r) => r.includes(code))!;
      return { header, checkIns: [row[header!.indexOf(`签到时间（${chinaDay(0)}）`)], row[header!.indexOf(`签到时间（${chinaDay(1)}）`)]] };
    };

    // Four days ahead nobody checks in.
    expect((await checkIn().expect(409)).body).toMatchObject({ code: 'not_event_day', details: { today: chinaDay(0) }, fields: [{ field: 'eventId', code: 'not_event_day' }] });
    expect(await figures()).toMatchObject({ checkedIn: 0 });

    // Day one (its first slot began a minute ago): checked in once, however often the badge is scanned.
    await slotUnderway(app, event.id, 0);
    await eventAction(app, organizer, event.id, 'start');
    const dayOne = (await checkIn().expect(200)).body;
    expect(dayOne).toMatchObject({ id: p1, checkedInAt: expect.any(String) });
    expect((await checkIn().expect(200)).body.checkedInAt).toBe(dayOne.checkedInAt);
    expect(await figures()).toMatchObject({ checkedIn: 1, checkedInByDay: [{ day: chinaDay(0), checkedIn: 1 }, { day: chinaDay(1), checkedIn: 0 }] });
    const { header, checkIns } = await sheet();
    expect(header).toEqual(expect.arrayContaining([`签到时间（${chinaDay(0)}）`, `签到时间（${chinaDay(1)}）`]));
    expect(header).not.toContain('签到时间');
    expect(checkIns).toEqual([expect.stringMatching(/\d{2}:\d{2}/), '']);

    // A day later (everything of the event moves back a day, the recorded check-in too): day two, not checked in yet.
    await moveTimeline(app, event.id, -DAY);
    await app.sql(`UPDATE event_check_ins SET day = day - 1, checked_in_at = checked_in_at - interval '1 day' WHERE event_id = $1`, [event.id]);
    await app.sql(`UPDATE event_participants SET checked_in_at = checked_in_at - interval '1 day' WHERE event_id = $1 AND checked_in_at IS NOT NULL`, [event.id]);
    const yesterday = Date.parse(dayOne.checkedInAt) - DAY;
    expect(await figures()).toMatchObject({ checkedIn: 1, checkedInByDay: [{ day: chinaDay(-1), checkedIn: 1 }, { day: chinaDay(0), checkedIn: 0 }] });

    const dayTwo = (await checkIn().expect(200)).body;
    expect(Date.parse(dayTwo.checkedInAt)).toBeGreaterThan(yesterday + DAY / 2);
    expect(await figures()).toMatchObject({ checkedIn: 1, checkedInByDay: [{ day: chinaDay(-1), checkedIn: 1 }, { day: chinaDay(0), checkedIn: 1 }] });
    const listed = (await http().get(`/api/v1/events/${event.id}/participants/${p1}`).set(organizer.auth).expect(200)).body;
    expect(listed.checkedInAt).toBe(dayTwo.checkedInAt);

    // After the last day, no more check-in.
    await moveTimeline(app, event.id, -DAY);
    expect((await checkIn().expect(409)).body.code).toBe('not_event_day');
  });

  it('checks a participant in after midnight (China time) for the day of the session still running, and not once it ended', async () => {
    const { organizer, e1, u1 } = cast;
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']]);
    await publish(event.id);
    const code = (await http().get(`/api/v1/events/${event.id}/participants/${event.participants[0]}`).set(e1.auth).expect(200)).body.checkInCode as string;
    const checkIn = () => http().post(`/api/v1/events/${event.id}/check-ins`).set(organizer.auth).send({ code });
    // Its only session (夜场) began at 23:59 yesterday, China time, and runs 26 hours: whatever the hour today, it is under way.
    const night = async (slotMinutes: number, slotCount: number) =>
      app.sql(`UPDATE events SET sessions = $2::jsonb WHERE id = $1`, [event.id, JSON.stringify([{ key: 'night', name: '夜场', startsAt: `${chinaDay(-1)}T23:59:00+08:00`, slotMinutes, slotCount, tables: 2 }])]);

    // Had it ended at midnight, today would not be its day.
    await night(1, 1);
    expect((await checkIn().expect(409)).body).toMatchObject({ code: 'not_event_day', details: { days: [chinaDay(-1)], today: chinaDay(0) } });
    await night(120, 13);
    await checkIn().expect(200);
    const figures = (await http().get(`/api/v1/events/${event.id}/figures`).set(organizer.auth).expect(200)).body.participants;
    expect(figures).toMatchObject({ checkedIn: 1, checkedInByDay: [{ day: chinaDay(-1), checkedIn: 1 }] });
  });

  describe('feedback on a meeting that came from a match', () => {
    let enterprise: Session;
    let university: Session;
    let matchId: string;
    beforeAll(async () => {
      ({ e2: enterprise, u3: university } = cast);
      for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
      const achievement = await publishedItem(app, university, 'achievements');
      const demand = await publishedItem(app, enterprise, 'demands');
      await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
      const [match] = await app.sql<{ id: string }>('SELECT id FROM matches WHERE demand_id = $1 AND achievement_id = $2', [demand.id, achievement.id]);
      matchId = match!.id;
    });

    /** The enterprise asked the university to meet about the match, at an event now live; the meeting was held. */
    const heldMeeting = async (): Promise<{ eventId: string; meeting: string }> => {
      const { organizer } = cast;
      const event = await bookingEvent(app, organizer, [[enterprise, 'demand'], [university, 'supply']]);
      const [pe, pu] = event.participants;
      const asked = await http().post(`/api/v1/events/${event.id}/requests`).set(enterprise.auth).send({ matchId }).expect(201);
      expect(asked.body).toMatchObject({ counterpartId: pu, matchId });
      await http().post(`/api/v1/events/${event.id}/requests/${asked.body.id}/actions/accept`).set(university.auth).send({}).expect(200);
      const meeting = (await place(event.id, pe!, pu!, 1)).body.id as string;
      await publish(event.id);
      await slotUnderway(app, event.id, 1);
      await eventAction(app, organizer, event.id, 'start');
      await http().post(`/api/v1/events/${event.id}/meetings/${meeting}/actions/held`).set(organizer.auth).send({}).expect(200);
      return { eventId: event.id, meeting };
    };

    it('moves the match one step per side, however often a side repeats, edits or renews its wish', async () => {
      const { eventId, meeting } = await heldMeeting();
      const feedback = (s: Session, body: Record<string, unknown>) => http().post(`/api/v1/events/${eventId}/meetings/${meeting}/feedback`).set(s.auth).send(body).expect(200);
      const matchState = async () => (await http().get(`/api/v1/matches/${matchId}`).set(enterprise.auth).expect(200)).body.state as string;

      expect((await feedback(enterprise, { rating: 4, wantsFollowUp: true })).body.matchState).toBe('meeting');
      // The same again (a retry), an edited comment, the wish withdrawn and renewed: the match stays where the first put it.
      expect((await feedback(enterprise, { rating: 4, wantsFollowUp: true })).body.matchState).toBe('meeting');
      expect((await feedback(enterprise, { rating: 5, wantsFollowUp: true, comment: '希望安排现场考察' })).body.matchState).toBe('meeting');
      expect((await feedback(enterprise, { rating: 5, wantsFollowUp: false })).body).toMatchObject({ matchState: 'meeting', requesterFeedback: { wantsFollowUp: false } });
      expect((await feedback(enterprise, { rating: 5, wantsFollowUp: true })).body.matchState).toBe('meeting');
      expect(await matchState()).toBe('meeting');

      // The other side's first wish is its own step; its repeats are not.
      expect((await feedback(university, { rating: 4, wantsFollowUp: true })).body.matchState).toBe('negotiating');
      expect((await feedback(university, { rating: 3, wantsFollowUp: true })).body.matchState).toBe('negotiating');
      expect(await matchState()).toBe('negotiating');
    });

    it('moves the match two steps when both sides first wish to follow up at the same moment', async () => {
      const { eventId, meeting } = await heldMeeting();
      const wish = (s: Session) => http().post(`/api/v1/events/${eventId}/meetings/${meeting}/feedback`).set(s.auth).send({ rating: 5, wantsFollowUp: true }).expect(200);

      for (let round = 0; round < 6; round++) {
        // Each round starts afresh: the match contacted, neither side's feedback given.
        await app.sql(`UPDATE matches SET state = 'contacted' WHERE id = $1`, [matchId]);
        await app.sql(`UPDATE meetings SET requester_feedback = NULL, counterpart_feedback = NULL WHERE id = $1`, [meeting]);
        const answers = await Promise.all([wish(enterprise), wish(university)]);
        expect(answers.map((a) => a.body.matchState as string).sort()).toEqual(['meeting', 'negotiating']);
        const [match] = await app.sql<{ state: string }>('SELECT state FROM matches WHERE id = $1', [matchId]);
        expect(match!.state).toBe('negotiating');
      }
    });
  });
});
