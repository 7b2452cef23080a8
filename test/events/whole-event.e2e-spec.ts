import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { matchesReady } from '../support/matching';
import { approvedParticipant, createEvent, eventAction, scheduled } from '../support/events';
import { slotUnderway } from '../support/event-day';

describe('a whole 对接会 over HTTP: set-up, booking from a match, scheduling in the worker, agendas, the day', () => {
  let app: TestApp;
  let organizer: Session;
  let enterprise: Session;
  let university: Session;
  let demand: { id: string; version: number };

  beforeAll(async () => {
    app = await startTestApp();
    organizer = await userWithRole(app, 'organizer', 'government');
    enterprise = await registerOrganization(app, 'enterprise', { name: '大连重工轴承有限公司' });
    university = await registerOrganization(app, 'university', { name: '大连理工大学' });
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    await publishedItem(app, university, 'achievements');
    demand = await publishedItem(app, enterprise, 'demands');
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
  });
  afterAll(() => app.close());

  it('runs from creation to feedback, and the feedback moves the match forward', async () => {
    const http = () => request(app.http);
    // 1. The organizer sets the event up and opens registration.
    const { id } = await createEvent(app, organizer);
    const draft = await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200);
    expect(draft.body).toMatchObject({ status: 'draft', statusLabel: '草稿', slots: expect.any(Array) });
    expect(draft.body.slots).toHaveLength(8);
    await eventAction(app, organizer, id, 'open_registration');

    // 2. Both organisations register; the organizer approves them; booking opens.
    const enterpriseP = await approvedParticipant(app, organizer, id, enterprise, 'demand');
    const universityP = await approvedParticipant(app, organizer, id, university, 'supply', { unavailableSlots: [0] });
    await eventAction(app, organizer, id, 'open_booking');
    // The organizers were told of each registration, each registrant of its approval.
    const registrations = await http().get('/api/v1/notifications?kind=event.registration').set(organizer.auth).expect(200);
    expect(registrations.body.items.map((n: { subject: { participantId: string } }) => n.subject.participantId).sort()).toEqual([enterpriseP, universityP].sort());
    const approved = await http().get('/api/v1/notifications?kind=event.participant_approved').set(enterprise.auth).expect(200);
    expect(approved.body.items).toEqual([expect.objectContaining({ subject: { eventId: id, participantId: enterpriseP } })]);

    // 3. The enterprise's recommendations rank the university by their match; it requests from that match.
    const recs = await http().get(`/api/v1/events/${id}/participants/${enterpriseP}/recommendations`).set(enterprise.auth).expect(200);
    expect(recs.body[0]).toMatchObject({ participantId: universityP, organizationName: '大连理工大学', side: 'supply', yourItem: { id: demand.id, kind: 'demand' } });
    expect(recs.body[0].score).toBeGreaterThan(0);
    const matchId = recs.body[0].matchId as string;
    // In the morning: on the day below, the clock moves to the meeting's slot, and the afternoon is still to come that day.
    const asked = await http().post(`/api/v1/events/${id}/requests`).set(enterprise.auth).send({ matchId, priority: 3, sessionKey: 'am' }).expect(201);
    expect(asked.body).toMatchObject({ requesterId: enterpriseP, counterpartId: universityP, matchId, status: 'pending', priority: 3, sessionKey: 'am' });
    expect(asked.body.message).toMatch(/对接洽谈/);

    // 4. The university is told of the request, sees it and accepts it; the enterprise is told.
    const invited = await http().get('/api/v1/notifications?kind=event.request').set(university.auth).expect(200);
    expect(invited.body.items).toEqual([expect.objectContaining({ title: expect.stringContaining('收到洽谈邀约'), body: expect.stringContaining(asked.body.message), subject: { eventId: id, requestId: asked.body.id } })]);
    const incoming = await http().get(`/api/v1/events/${id}/requests`).set(university.auth).expect(200);
    expect(incoming.body.map((r: { id: string }) => r.id)).toEqual([asked.body.id]);
    await http().post(`/api/v1/events/${id}/requests/${asked.body.id}/actions/accept`).set(university.auth).send({}).expect(200);
    const answered = await http().get('/api/v1/notifications?kind=event.request_accepted').set(enterprise.auth).expect(200);
    expect(answered.body.items).toEqual([expect.objectContaining({ body: expect.stringContaining('大连理工大学 接受了') })]);
    await http().post('/api/v1/notifications/read').set(university.auth).send({}).expect(200);

    // 5. The worker schedules it (not in slot 0: the university is away), and the report says so.
    const run = await scheduled(app, organizer, id);
    // The bound is in priority weight: one meeting of priority 3.
    expect(run.report).toMatchObject({ requests: 1, scheduled: 1, scheduledWeight: 3, upperBound: 3, gapPercent: 0, unscheduled: [] });
    expect((await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body.status).toBe('scheduled');
    const grid = await http().get(`/api/v1/events/${id}/grid`).set(organizer.auth).expect(200);
    const placed = grid.body.rows.flatMap((r: { slot: number; tables: Array<{ meeting: unknown }> }) => r.tables.filter((t) => t.meeting).map(() => r.slot));
    expect(placed).toHaveLength(1);
    expect(placed[0]).not.toBe(0);

    // 6. Publishing: agendas for both sides, an in-app notification.
    await eventAction(app, organizer, id, 'publish');
    const agenda = await http().get(`/api/v1/events/${id}/participants/${enterpriseP}/agenda`).set(enterprise.auth).expect(200);
    expect(agenda.body.items).toHaveLength(1);
    const item = agenda.body.items[0];
    expect(item).toMatchObject({ slot: placed[0], status: 'scheduled', counterpart: { participantId: universityP, organizationName: '大连理工大学' } });
    const notices = await http().get('/api/v1/notifications').set(university.auth).expect(200);
    expect(notices.body.items[0]).toMatchObject({ kind: 'event.agenda_published', subject: { eventId: id, participantId: universityP }, readAt: null });
    await http().post(`/api/v1/notifications/${notices.body.items[0].id}/read`).set(university.auth).send({}).expect(200);
    expect((await http().get('/api/v1/notifications?unread=true').set(university.auth).expect(200)).body.items).toEqual([]);
    await http().post(`/api/v1/notifications/${notices.body.items[0].id}/read`).set(enterprise.auth).send({}).expect(404);

    // 7. The .ics feed: one VEVENT with a UID that stays the same on the next fetch.
    const ics = await http().get(`/api/v1/events/${id}/participants/${universityP}/agenda.ics`).set(university.auth).expect(200);
    expect(ics.headers['content-type']).toMatch(/text\/calendar/);
    expect(ics.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics.text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    const uid = /UID:(.+)\r\n/.exec(ics.text)![1];
    expect(uid).toBe(`meeting-${item.meetingId}@techbridge`);
    const again = await http().get(`/api/v1/events/${id}/participants/${universityP}/agenda.ics`).set(university.auth).expect(200);
    expect(/UID:(.+)\r\n/.exec(again.text)![1]).toBe(uid);
    // Calendar apps subscribe to the secret address in the agenda, without signing in; a forged one is a 404.
    const uniAgenda = await http().get(`/api/v1/events/${id}/participants/${universityP}/agenda`).set(university.auth).expect(200);
    const feed = await http().get(uniAgenda.body.calendarPath).expect(200);
    expect(/UID:(.+)\r\n/.exec(feed.text)![1]).toBe(uid);
    await http().get(uniAgenda.body.calendarPath.replace(/\.[^.]{6}/, '.AAAAAA')).expect(404);
    // A link shared too widely is reset: the old address stops working, the new one serves the same feed.
    await http().post(`/api/v1/events/${id}/participants/${universityP}/calendar-link`).set(enterprise.auth).send({}).expect(403);
    const reset = await http().post(`/api/v1/events/${id}/participants/${universityP}/calendar-link`).set(university.auth).send({}).expect(200);
    expect(reset.body.calendarPath).not.toBe(uniAgenda.body.calendarPath);
    await http().get(uniAgenda.body.calendarPath).expect(404);
    expect(/UID:(.+)\r\n/.exec((await http().get(reset.body.calendarPath).expect(200)).text)![1]).toBe(uid);
    expect((await http().get(`/api/v1/events/${id}/participants/${universityP}/agenda`).set(university.auth).expect(200)).body.calendarPath).toBe(reset.body.calendarPath);

    // 8. Four days ahead, the day's business waits: the event does not go live, nobody checks in.
    const early = await http().post(`/api/v1/events/${id}/actions/start`).set(organizer.auth).send({}).expect(409);
    expect(early.body).toMatchObject({ code: 'before_first_day', details: { firstDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
    const tooEarly = await http().post(`/api/v1/events/${id}/check-ins`).set(organizer.auth).send({ code: agenda.body.checkInCode }).expect(409);
    expect(tooEarly.body.code).toBe('not_event_day');

    // The day: the meeting's slot started a minute ago. Check-in by badge code, the meeting held, feedback from both sides.
    await slotUnderway(app, id, item.slot);
    await eventAction(app, organizer, id, 'start');
    const checkedIn = await http().post(`/api/v1/events/${id}/check-ins`).set(organizer.auth).send({ code: agenda.body.checkInCode }).expect(200);
    expect(checkedIn.body).toMatchObject({ id: enterpriseP, checkedInAt: expect.any(String) });
    await http().post(`/api/v1/events/${id}/meetings/${item.meetingId}/actions/held`).set(organizer.auth).send({}).expect(200);
    const fb = await http().post(`/api/v1/events/${id}/meetings/${item.meetingId}/feedback`).set(enterprise.auth).send({ rating: 5, wantsFollowUp: true, comment: '希望安排现场考察' }).expect(200);
    expect(fb.body).toMatchObject({ status: 'held', requesterFeedback: { rating: 5, wantsFollowUp: true }, matchState: 'meeting' });
    const match = await http().get(`/api/v1/matches/${matchId}`).set(university.auth).expect(200);
    expect(match.body.state).toBe('meeting');
    await http().post(`/api/v1/events/${id}/meetings/${item.meetingId}/feedback`).set(university.auth).send({ rating: 4, wantsFollowUp: true }).expect(200);
    expect((await http().get(`/api/v1/matches/${matchId}`).set(university.auth).expect(200)).body.state).toBe('negotiating');
    // Each side reads its own feedback only; the organizers read both.
    const [seenByEnterprise] = (await http().get(`/api/v1/events/${id}/meetings`).set(enterprise.auth).expect(200)).body;
    expect(seenByEnterprise).toMatchObject({ requesterFeedback: { rating: 5, comment: '希望安排现场考察' }, counterpartFeedback: null });
    const [seenByOrganizer] = (await http().get(`/api/v1/events/${id}/meetings`).set(organizer.auth).expect(200)).body;
    expect(seenByOrganizer).toMatchObject({ requesterFeedback: { rating: 5 }, counterpartFeedback: { rating: 4 } });

    // 9. The organizer's figures.
    const figures = await http().get(`/api/v1/events/${id}/figures`).set(organizer.auth).expect(200);
    expect(figures.body).toMatchObject({
      participants: { registered: 2, approved: 2, checkedIn: 1 },
      requests: { total: 1, accepted: 1 },
      meetings: { scheduled: 1, held: 1, noShow: 0 },
      noShowRate: 0,
      followUps: 1,
      feedbacks: 2,
      averageRating: 4.5,
    });
    await eventAction(app, organizer, id, 'close');
  });
});
