import request from 'supertest';
import type { Session } from '../support/accounts';
import { slotUnderway } from '../support/event-day';
import { acceptedRequest, bookingEvent, createEvent, eventAction, eventCast, scheduled } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';

/**
 * What the organizers change after the fact — re-runs, hand edits, calling the event off — keeps to the
 * caps and tells whom it concerns. The event of `eventBody()` has slots 0–3 in the morning (am) and 4–7
 * in the afternoon (pm), two tables each.
 */
describe('对接会 changes by the organizers', () => {
  let app: TestApp;
  let organizer: Session;
  let e1: Session;
  let e2: Session;
  let u1: Session;
  let u2: Session;
  let u3: Session;
  const http = () => request(app.http);

  beforeAll(async () => {
    app = await startTestApp();
    ({ organizer, e1, e2, u1, u2, u3 } = await eventCast(app));
  });
  afterAll(() => app.close());

  interface MeetingBody {
    id: string;
    requestId: string;
    requesterId: string;
    counterpartId: string;
    slot: number;
    table: number;
    status: string;
    version: number;
    publishedSlot: number | null;
  }
  const place = (eventId: string, requesterId: string, counterpartId: string, slot: number, extra: Record<string, unknown> = {}) =>
    http().post(`/api/v1/events/${eventId}/meetings`).set(organizer.auth).send({ requesterId, counterpartId, slot, table: 0, ...extra });
  const meetingsOf = async (eventId: string) => (await http().get(`/api/v1/events/${eventId}/meetings`).set(organizer.auth).expect(200)).body as MeetingBody[];
  const activeOf = async (eventId: string, participantId: string) =>
    (await meetingsOf(eventId)).filter((m) => m.status !== 'cancelled' && [m.requesterId, m.counterpartId].includes(participantId)).length;
  const block = (eventId: string, participantId: string, session: Session, unavailableSlots: number[]) =>
    http().patch(`/api/v1/events/${eventId}/participants/${participantId}`).set(session.auth).send({ unavailableSlots }).expect(200);
  const noticesOf = async (session: Session, eventId: string) =>
    ((await http().get('/api/v1/notifications?kind=event&pageSize=100').set(session.auth).expect(200)).body.items as Array<{ kind: string; body: string; subject: Record<string, string> }>).filter(
      (n) => n.subject.eventId === eventId,
    );

  describe('caps', () => {
    it('a locked meeting the scheduler can no longer keep still counts: a re-run books no participant past its cap', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply'], [u3, 'supply']], { caps: { perParticipant: 2 } });
      const [p1, pu1, pu2, pu3] = event.participants;
      await acceptedRequest(app, event.id, e1, u2, pu2);
      await acceptedRequest(app, event.id, e1, u3, pu3);
      await place(event.id, p1, pu1, 0).expect(201);
      // e1 blocks the slot of its locked meeting: the run reports the lock infeasible, and the meeting stays.
      await block(event.id, p1, e1, [0]);
      const run = await scheduled(app, organizer, event.id);
      expect(await activeOf(event.id, p1)).toBe(2);
      expect(run.report.scheduled).toBe(1);
      expect(run.report.unscheduled.map((u) => u.reason).sort()).toEqual(['cap_reached', 'lock_infeasible']);
    });

    it('checks the caps again before storing, per session too, counting what stays put', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']], { caps: { perParticipant: 6, perSession: 1 } });
      const [p1, pu1, pu2] = event.participants;
      const late = await acceptedRequest(app, event.id, e1, u2, pu2, { sessionKey: 'am' });
      await place(event.id, p1, pu1, 0).expect(201);
      await block(event.id, p1, e1, [0]);
      const run = await scheduled(app, organizer, event.id);
      // The scheduler cannot be told of a meeting that stays in one session only: the store refuses the one past the cap.
      expect(run.report.unscheduled).toContainEqual(expect.objectContaining({ requestId: late, reason: 'cap_reached', detail: expect.stringContaining('session am') }));
      expect(await activeOf(event.id, p1)).toBe(1);
    });

    it('a held meeting keeps counting after its counterpart left: its request stays, a re-run keeps the cap, the pair is not booked again', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply'], [u3, 'supply']], { caps: { perParticipant: 2 } });
      const [p1, pu1, pu2, pu3] = event.participants;
      const held = (await place(event.id, p1, pu1, 0).expect(201)).body as MeetingBody;
      await scheduled(app, organizer, event.id);
      await eventAction(app, organizer, event.id, 'publish');
      await slotUnderway(app, event.id, 0);
      await eventAction(app, organizer, event.id, 'start');
      await http().post(`/api/v1/events/${event.id}/meetings/${held.id}/actions/held`).set(organizer.auth).send({}).expect(200);
      await http().post(`/api/v1/events/${event.id}/participants/${pu1}/actions/withdraw`).set(u1.auth).send({}).expect(200);
      expect((await http().get(`/api/v1/events/${event.id}/figures`).set(organizer.auth).expect(200)).body).toMatchObject({ requests: { accepted: 1, cancelled: 0 }, meetings: { held: 1 } });

      const bulk = (meetings: Array<Record<string, string>>) => http().post(`/api/v1/events/${event.id}/meetings/bulk`).set(organizer.auth).send({ meetings });
      await bulk([{ requester: p1, counterpart: pu2 }, { requester: p1, counterpart: pu3 }]).expect(200);
      const run = await scheduled(app, organizer, event.id);
      expect(await activeOf(event.id, p1)).toBe(2);
      expect(run.report.unscheduled).toEqual([expect.objectContaining({ reason: 'cap_reached' })]);

      // As a withdrawal used to leave it (the held meeting's request cancelled), with u1 back: the two met, so no new booking.
      await app.sql(`UPDATE meeting_requests SET status = 'cancelled' WHERE id = $1`, [held.requestId]);
      await http().post(`/api/v1/events/${event.id}/participants/${pu1}/actions/approve`).set(organizer.auth).send({}).expect(200);
      const again = await bulk([{ requester: p1, counterpart: pu1 }]).expect(400);
      expect(again.body.fields).toEqual([expect.objectContaining({ field: 'meetings.0.counterpart', code: 'already_met' })]);
    });
  });

  describe('on an agenda the participants see', () => {
    it('a re-run on the day tells both sides of each meeting it moves, adds or drops', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [e2, 'demand'], [u1, 'supply'], [u2, 'supply'], [u3, 'supply']]);
      const [p1, p2, pu1, pu2, pu3] = event.participants;
      const movedOne = (await place(event.id, p1, pu1, 2).expect(201)).body as MeetingBody;
      const droppedOne = (await place(event.id, p2, pu3, 3).expect(201)).body as MeetingBody;
      await scheduled(app, organizer, event.id);
      await eventAction(app, organizer, event.id, 'publish');
      for (const m of [movedOne, droppedOne]) await http().post(`/api/v1/events/${event.id}/meetings/${m.id}/actions/unlock`).set(organizer.auth).send({}).expect(200);
      await slotUnderway(app, event.id, 0);
      await eventAction(app, organizer, event.id, 'start');
      // u1 cannot make slot 2 any more, u3 no slot still to come; a late meeting e1–u2.
      await block(event.id, pu1, u1, [2]);
      await block(event.id, pu3, u3, [1, 2, 3, 4, 5, 6, 7]);
      await http().post(`/api/v1/events/${event.id}/meetings/bulk`).set(organizer.auth).send({ meetings: [{ requester: p1, counterpart: pu2 }] }).expect(200);
      const run = await scheduled(app, organizer, event.id);
      expect(run.report).toMatchObject({ moved: 1, dropped: 1 });

      const after = await meetingsOf(event.id);
      const added = after.find((m) => m.id !== movedOne.id && m.id !== droppedOne.id)!;
      // Told at once, so announced: its published place is where it is.
      expect(added).toMatchObject({ status: 'scheduled', publishedSlot: added.slot });
      for (const session of [e1, u1]) expect(await noticesOf(session, event.id)).toContainEqual(expect.objectContaining({ kind: 'event.meeting_moved', subject: { eventId: event.id, meetingId: movedOne.id } }));
      for (const session of [e1, u2]) expect(await noticesOf(session, event.id)).toContainEqual(expect.objectContaining({ kind: 'event.meeting_added', subject: { eventId: event.id, meetingId: added.id } }));
      for (const session of [e2, u3]) expect(await noticesOf(session, event.id)).toContainEqual(expect.objectContaining({ kind: 'event.meeting_cancelled', subject: { eventId: event.id, requestId: droppedOne.requestId } }));
    });

    it('an organizer cancelling a published meeting tells both sides', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']]);
      const [p1, pu1] = event.participants;
      const meeting = (await place(event.id, p1, pu1, 2).expect(201)).body as MeetingBody;
      await scheduled(app, organizer, event.id);
      await eventAction(app, organizer, event.id, 'publish');
      await http().post(`/api/v1/events/${event.id}/meetings/${meeting.id}/actions/cancel`).set(organizer.auth).send({}).expect(200);
      for (const session of [e1, u1]) expect(await noticesOf(session, event.id)).toContainEqual(expect.objectContaining({ kind: 'event.meeting_cancelled', subject: { eventId: event.id, requestId: meeting.requestId } }));
      expect((await noticesOf(organizer, event.id)).map((n) => n.kind)).not.toContain('event.meeting_cancelled');
    });

    it('a meeting moved by hand after publishing stays where its participants were told once unlocked; one added by hand is announced', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, pu1, pu2] = event.participants;
      await place(event.id, p1, pu1, 2).expect(201);
      await scheduled(app, organizer, event.id);
      await eventAction(app, organizer, event.id, 'publish');
      const [published] = await meetingsOf(event.id);
      await http().patch(`/api/v1/events/${event.id}/meetings/${published.id}`).set(organizer.auth).send({ slot: 5, table: 1, version: published.version }).expect(200);
      await http().post(`/api/v1/events/${event.id}/meetings/${published.id}/actions/unlock`).set(organizer.auth).send({}).expect(200);
      const run = await scheduled(app, organizer, event.id);
      expect(run.report).toMatchObject({ moved: 0, dropped: 0 });
      expect(await meetingsOf(event.id)).toEqual([expect.objectContaining({ id: published.id, slot: 5, table: 1, status: 'scheduled' })]);

      const added = await place(event.id, p1, pu2, 6, { locked: false }).expect(201);
      expect(added.body).toMatchObject({ slot: 6, publishedSlot: 6 });
    });
  });

  describe('calling an event off', () => {
    it('before its day: close is refused, cancel needs a reason, cancels the meetings, tells the participants and the feeds say CANCELLED', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']]);
      const [p1, pu1] = event.participants;
      const meeting = (await place(event.id, p1, pu1, 1).expect(201)).body as MeetingBody;
      await scheduled(app, organizer, event.id);
      const published = await eventAction(app, organizer, event.id, 'publish');
      const { calendarPath } = (await http().get(`/api/v1/events/${event.id}/participants/${pu1}/agenda`).set(u1.auth).expect(200)).body as { calendarPath: string };
      const sequence = (ics: string) => Number(/SEQUENCE:(\d+)/.exec(ics)![1]);
      const before = (await http().get(calendarPath).expect(200)).text;
      expect(before).toMatch(/STATUS:CONFIRMED/);

      const close = await http().post(`/api/v1/events/${event.id}/actions/close`).set(organizer.auth).send({}).expect(409);
      expect(close.body).toMatchObject({ code: 'event_not_started', fields: [expect.objectContaining({ field: 'action', code: 'event_not_started' })] });
      expect(close.body.message).toMatch(/cancel/);
      const noReason = await http().post(`/api/v1/events/${event.id}/actions/cancel`).set(organizer.auth).send({ reason: '  ' }).expect(400);
      expect(noReason.body.fields).toEqual([expect.objectContaining({ field: 'reason', code: 'required' })]);

      const reason = '受台风影响，本次对接会取消';
      const cancelled = (await http().post(`/api/v1/events/${event.id}/actions/cancel`).set(organizer.auth).send({ reason }).expect(200)).body;
      expect(cancelled).toMatchObject({ status: 'cancelled', statusLabel: '已取消', cancellationReason: reason, agendaVersion: (published.agendaVersion as number) + 1 });
      expect(await meetingsOf(event.id)).toEqual([expect.objectContaining({ id: meeting.id, status: 'cancelled' })]);
      for (const session of [e1, u1]) expect(await noticesOf(session, event.id)).toContainEqual(expect.objectContaining({ kind: 'event.cancelled', body: expect.stringContaining(reason) }));
      const after = (await http().get(calendarPath).expect(200)).text;
      expect(after).toMatch(/STATUS:CANCELLED/);
      expect(sequence(after)).toBeGreaterThan(sequence(before));
      // Still advertised as called off, but no longer upcoming; nothing more happens to it.
      expect((await http().get(`/api/v1/events/${event.id}`).expect(200)).body).toMatchObject({ status: 'cancelled', cancellationReason: reason });
      const upcoming = (await http().get('/api/v1/events').query({ upcoming: 'true', pageSize: '100' }).expect(200)).body.items as Array<{ id: string }>;
      expect(upcoming.map((e) => e.id)).not.toContain(event.id);
      expect((await http().post(`/api/v1/events/${event.id}/actions/close`).set(organizer.auth).send({}).expect(409)).body.details).toMatchObject({ from: 'cancelled' });
    });

    it('once a slot started the event took place: cancel is refused and close allowed', async () => {
      const { id } = await createEvent(app, organizer);
      await eventAction(app, organizer, id, 'open_registration');
      await slotUnderway(app, id, 0);
      const refused = await http().post(`/api/v1/events/${id}/actions/cancel`).set(organizer.auth).send({ reason: '改期' }).expect(409);
      expect(refused.body).toMatchObject({ code: 'event_started', fields: [expect.objectContaining({ field: 'action' })] });
      await eventAction(app, organizer, id, 'close');
    });

    it('a draft is discarded, never advertised: close refuses it, and one closed as a draft before stays private', async () => {
      const draft = await createEvent(app, organizer, { title: '未公布的内部草稿对接会' });
      expect((await http().post(`/api/v1/events/${draft.id}/actions/close`).set(organizer.auth).send({}).expect(409)).body).toMatchObject({ code: 'invalid_transition', details: { from: 'draft', action: 'close' } });
      await eventAction(app, organizer, draft.id, 'cancel', { reason: '不再举办' });
      // As `close` used to leave a draft: closed, registration never opened.
      const legacy = await createEvent(app, organizer, { title: '曾被直接关闭的草稿对接会' });
      await app.sql(`UPDATE events SET status = 'closed' WHERE id = $1`, [legacy.id]);

      const listed = async (session?: Session) => {
        const req = http().get('/api/v1/events').query({ pageSize: '100' });
        return ((await (session ? req.set(session.auth) : req).expect(200)).body.items as Array<{ id: string }>).map((e) => e.id);
      };
      for (const { id } of [draft, legacy]) {
        await http().get(`/api/v1/events/${id}`).expect(404);
        await http().get(`/api/v1/events/${id}`).set(e1.auth).expect(404);
        expect(await listed()).not.toContain(id);
        expect(await listed(e1)).not.toContain(id);
        expect(await listed(organizer)).toContain(id);
      }
      expect((await http().get(`/api/v1/events/${draft.id}`).set(organizer.auth).expect(200)).body.status).toBe('cancelled');
    });
  });
});
