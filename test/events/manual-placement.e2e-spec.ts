import request from 'supertest';
import type { Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';
import { slotUnderway } from '../support/event-day';
import { acceptedRequest, approvedParticipant, bookingEvent, createEvent, eventAction, eventCast, scheduled } from '../support/events';

/**
 * An organizer placing or moving a meeting by hand is held to what the scheduler is held to: the
 * event's caps (overall, per side, per session), availability, sessions, booths, observers and, on
 * the day, the slots that have started. The event
 * of `eventBody()` has slots 0–3 in the morning (am) and 4–7 in the afternoon (pm), two tables each.
 */
describe('对接会 meetings placed by hand', () => {
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

  const place = (eventId: string, requesterId: string, counterpartId: string, slot: number, table = 0) =>
    http().post(`/api/v1/events/${eventId}/meetings`).set(organizer.auth).send({ requesterId, counterpartId, slot, table });
  const meetingsOf = async (eventId: string) =>
    (await http().get(`/api/v1/events/${eventId}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; slot: number; table: number; status: string; version: number; counterpartId: string }>;
  const requestsOf = async (eventId: string) => (await http().get(`/api/v1/events/${eventId}/requests`).set(organizer.auth).expect(200)).body as unknown[];
  const move = (eventId: string, meeting: { id: string; version: number }, slot: number, table: number) =>
    http().patch(`/api/v1/events/${eventId}/meetings/${meeting.id}`).set(organizer.auth).send({ slot, table, version: meeting.version });
  const booth = (eventId: string, participantId: string, fixedTable: number) =>
    http().patch(`/api/v1/events/${eventId}/participants/${participantId}`).set(organizer.auth).send({ fixedTable }).expect(200);

  it('refuses a meeting beyond a participant’s overall cap with a 409 naming it, and writes nothing', async () => {
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply'], [u3, 'supply']], { caps: { perParticipant: 2 } });
    const [p1, pu1, pu2, pu3] = event.participants;
    await place(event.id, p1, pu1, 0).expect(201);
    await place(event.id, p1, pu2, 5).expect(201);
    const third = await place(event.id, p1, pu3, 2).expect(409);
    expect(third.body).toMatchObject({ code: 'cap_reached', fields: [{ field: 'requesterId', code: 'cap_reached' }] });
    expect(third.body.fields[0].message).toContain('caps.perParticipant');
    // The refused placement left neither a meeting nor an accepted request behind.
    expect((await meetingsOf(event.id)).map((m) => m.counterpartId).sort()).toEqual([pu1, pu2].sort());
    expect(await requestsOf(event.id)).toHaveLength(2);
    // Cancelling one of its meetings makes room again.
    const [first] = await meetingsOf(event.id);
    await http().post(`/api/v1/events/${event.id}/meetings/${first.id}/actions/cancel`).set(organizer.auth).send({}).expect(200);
    await place(event.id, p1, pu3, 2).expect(201);
  });

  it('holds each side to its own cap (caps.bySide), naming the participant that reached it', async () => {
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [e2, 'demand'], [u1, 'supply']], { caps: { perParticipant: 6, bySide: { supply: 1 } } });
    const [p1, p2, pu1] = event.participants;
    await place(event.id, p1, pu1, 0).expect(201);
    const res = await place(event.id, p2, pu1, 1).expect(409);
    expect(res.body).toMatchObject({ code: 'cap_reached', fields: [{ field: 'counterpartId', code: 'cap_reached' }] });
    expect(res.body.fields[0].message).toContain('caps.bySide.supply');
    expect(await meetingsOf(event.id)).toHaveLength(1);
  });

  it('holds placements and moves to the per-session cap, not counting the meeting being moved', async () => {
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']], { caps: { perParticipant: 6, perSession: 1 } });
    const [p1, pu1, pu2] = event.participants;
    await place(event.id, p1, pu1, 0).expect(201);
    const sameSession = await place(event.id, p1, pu2, 2).expect(409);
    expect(sameSession.body).toMatchObject({ code: 'cap_reached', fields: [{ field: 'slot', code: 'session_cap_reached' }] });
    expect(sameSession.body.fields[0].message).toMatch(/session am/);
    const afternoon = await place(event.id, p1, pu2, 4).expect(201);
    // Into the morning, where p1 already meets u1: refused, and the meeting stays where it was.
    const intoMorning = await http().patch(`/api/v1/events/${event.id}/meetings/${afternoon.body.id}`).set(organizer.auth).send({ slot: 3, table: 1, version: afternoon.body.version }).expect(409);
    expect(intoMorning.body.fields[0]).toMatchObject({ field: 'slot', code: 'session_cap_reached' });
    expect((await meetingsOf(event.id)).find((m) => m.id === afternoon.body.id)).toMatchObject({ slot: 4, table: 0 });
    // Within the afternoon it is its own meeting that counts there: allowed.
    await http().patch(`/api/v1/events/${event.id}/meetings/${afternoon.body.id}`).set(organizer.auth).send({ slot: 6, table: 1, version: afternoon.body.version }).expect(200);
  });

  it('lets only one of two concurrent placements take a participant’s last allowed meeting', async () => {
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']], { caps: { perParticipant: 1 } });
    const [p1, pu1, pu2] = event.participants;
    const results = await Promise.all([place(event.id, p1, pu1, 0), place(event.id, p1, pu2, 5, 1)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.fields[0]).toMatchObject({ field: 'requesterId', code: 'cap_reached' });
    expect(await meetingsOf(event.id)).toHaveLength(1);
  });

  it('keeps to the sessions a participant attends, a request’s session, and never seats an observer', async () => {
    const { id } = await createEvent(app, organizer, { caps: { perParticipant: 6 } });
    await eventAction(app, organizer, id, 'open_registration');
    const p1 = await approvedParticipant(app, organizer, id, e1, 'demand');
    const pu1 = await approvedParticipant(app, organizer, id, u1, 'supply', { sessionKeys: ['pm'] });
    const pu2 = await approvedParticipant(app, organizer, id, u2, 'supply');
    const observer = await approvedParticipant(app, organizer, id, u3, 'observer');
    await eventAction(app, organizer, id, 'open_booking');

    const morning = await place(id, p1, pu1, 1).expect(409);
    expect(morning.body).toMatchObject({ code: 'unavailable', fields: [{ field: 'slot', code: 'unavailable' }] });
    // A pending request limited to the afternoon: placing it in the morning is refused, in the afternoon accepted.
    await http().post(`/api/v1/events/${id}/requests`).set(e1.auth).send({ counterpartId: pu2, sessionKey: 'pm' }).expect(201);
    const outside = await place(id, p1, pu2, 0).expect(400);
    expect(outside.body.fields[0]).toMatchObject({ field: 'slot', code: 'session' });
    await place(id, p1, pu2, 4).expect(201);
    const watching = await place(id, p1, observer, 6).expect(400);
    expect(watching.body.fields[0]).toMatchObject({ field: 'counterpartId', code: 'observer' });
    const bulk = await http().post(`/api/v1/events/${id}/meetings/bulk`).set(organizer.auth).send({ meetings: [{ requester: p1, counterpart: observer }, { requester: p1, counterpart: pu1, sessionKey: 'am' }] }).expect(400);
    expect(bulk.body.fields).toEqual([
      expect.objectContaining({ field: 'meetings.0.counterpart', code: 'observer' }),
      expect.objectContaining({ field: 'meetings.1.sessionKey', code: 'not_attended' }),
    ]);
    expect(await meetingsOf(id)).toHaveLength(1);
  });

  it('completes a run when a locked meeting became impossible, reporting it and what its place blocks instead of writing over it', async () => {
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [e2, 'demand'], [u1, 'supply'], [u2, 'supply']]);
    const [p1, p2, pu1, pu2] = event.participants;
    const locked = await place(event.id, p1, pu1, 0).expect(201);
    // Since then u1 blocked that slot. e2 can only make slot 0, and meets u2 at its booth: table 0, the locked meeting's.
    // (The scheduler knows e1 and u1 are in slot 0 all the same; not which table the meeting takes there.)
    await http().patch(`/api/v1/events/${event.id}/participants/${pu1}`).set(u1.auth).send({ unavailableSlots: [0] }).expect(200);
    await http().patch(`/api/v1/events/${event.id}/participants/${p2}`).set(e2.auth).send({ unavailableSlots: [1, 2, 3, 4, 5, 6, 7] }).expect(200);
    await booth(event.id, pu2, 0);
    const other = await acceptedRequest(app, event.id, e2, u2, pu2);
    const run = await scheduled(app, organizer, event.id);
    expect(run.report).toMatchObject({ requests: 2, scheduled: 0 });
    const reasons = Object.fromEntries(run.report.unscheduled.map((u) => [u.requestId, u.reason]));
    expect(reasons).toEqual({ [locked.body.requestId]: 'lock_infeasible', [other]: 'conflict' });
    // The organizer's meeting is where it was, alone in its slot.
    expect(await meetingsOf(event.id)).toEqual([expect.objectContaining({ id: locked.body.id, slot: 0, table: 0, status: 'scheduled' })]);
  });
  it('on the day, places and moves nothing into a slot that has started nor out of one, naming the slot; held / no-show still recorded there', async () => {
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [e2, 'demand'], [u1, 'supply'], [u2, 'supply']]);
    const [p1, p2, pu1, pu2] = event.participants;
    const morning = (await place(event.id, p1, pu1, 1).expect(201)).body as { id: string; version: number };
    const afternoon = (await place(event.id, p2, pu2, 5).expect(201)).body as { id: string; version: number };
    await app.sql(`UPDATE events SET status = 'scheduled' WHERE id = $1`, [event.id]);
    await eventAction(app, organizer, event.id, 'publish');
    // The morning (slots 0–3) started two hours ago, the afternoon (4–7) starts in two.
    const [{ sessions }] = await app.sql<{ sessions: Array<{ key: string; startsAt: string }> }>('SELECT sessions FROM events WHERE id = $1', [event.id]);
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    await app.sql('UPDATE events SET sessions = $2::jsonb WHERE id = $1', [event.id, JSON.stringify(sessions.map((s) => ({ ...s, startsAt: hours(s.key === 'am' ? -2 : 2) })))]);
    await eventAction(app, organizer, event.id, 'start');
    const before = await meetingsOf(event.id);

    const late = await place(event.id, p1, pu2, 2).expect(409);
    expect(late.body).toMatchObject({ code: 'slot_started', fields: [{ field: 'slot', code: 'slot_started' }] });
    expect(late.body.fields[0].message).toMatch(/^slot 2 started at/);
    const into = await move(event.id, afternoon, 3, 0).expect(409);
    expect(into.body.fields[0]).toMatchObject({ field: 'slot', code: 'slot_started', message: expect.stringMatching(/^slot 3 started at/) });
    const outOf = await move(event.id, morning, 6, 0).expect(409);
    expect(outOf.body.fields[0]).toMatchObject({ field: 'slot', code: 'slot_started', message: expect.stringMatching(/in slot 1 started at .*held or no_show/) });
    // Not even to another table of its own slot: where it took place is check-in's to record, not placement's.
    await move(event.id, morning, 1, 1).expect(409);
    // Nothing was written: no meeting moved or added, no request created for the refused pair.
    expect(await meetingsOf(event.id)).toEqual(before);
    expect(await requestsOf(event.id)).toHaveLength(2);

    // Slots still to come take placements and moves as before; the started meeting is recorded as held.
    await place(event.id, p1, pu2, 6).expect(201);
    await move(event.id, afternoon, 7, 1).expect(200);
    await http().post(`/api/v1/events/${event.id}/meetings/${morning.id}/actions/held`).set(organizer.auth).send({}).expect(200);
  });

  it('holds a meeting between two booths to the requester’s booth, by hand as the scheduler does', async () => {
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']]);
    const [p1, pu1] = event.participants;
    await booth(event.id, p1, 0);
    await booth(event.id, pu1, 1);
    // u1 asked e1: whichever way round the organizer names them, the meeting is at u1's booth.
    await http().post(`/api/v1/events/${event.id}/requests`).set(u1.auth).send({ counterpartId: p1 }).expect(201);
    const atE1 = await place(event.id, p1, pu1, 2, 0).expect(409);
    expect(atE1.body).toMatchObject({ code: 'fixed_table', fields: [{ field: 'table', code: 'fixed_table' }] });
    expect(atE1.body.fields[0].message).toMatch(/table 1, the requester’s booth/);
    const byHand = await place(event.id, p1, pu1, 2, 1).expect(201);
    expect(byHand.body).toMatchObject({ requesterId: pu1, table: 1 });

    // Given back to the scheduler, it keeps to the same table; moved by hand, so does the move.
    await http().post(`/api/v1/events/${event.id}/meetings/${byHand.body.id}/actions/unlock`).set(organizer.auth).send({}).expect(200);
    await scheduled(app, organizer, event.id);
    const [planned] = await meetingsOf(event.id);
    expect(planned).toMatchObject({ id: byHand.body.id, table: 1 });
    const elsewhere = planned.slot === 6 ? 7 : 6;
    expect((await move(event.id, planned, elsewhere, 0).expect(409)).body.fields[0]).toMatchObject({ field: 'table', code: 'fixed_table' });
    await move(event.id, planned, elsewhere, 1).expect(200);
  });

  it('locks a meeting moved by hand, so a re-run after publishing keeps it where the agendas now show it', async () => {
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']]);
    const [p1, pu1] = event.participants;
    await acceptedRequest(app, event.id, e1, u1, pu1);
    await scheduled(app, organizer, event.id);
    await eventAction(app, organizer, event.id, 'publish');
    const [published] = await meetingsOf(event.id);
    const to = published.slot === 6 ? 7 : 6;

    const moved = await move(event.id, published, to, 0).expect(200);
    expect(moved.body).toMatchObject({ slot: to, locked: true, publishedSlot: published.slot });
    // The participants see the move at once, against the place they were notified of.
    const agenda = async () => (await http().get(`/api/v1/events/${event.id}/participants/${p1}/agenda`).set(e1.auth).expect(200)).body.items;
    expect(await agenda()).toEqual([expect.objectContaining({ slot: to, movedFrom: { slot: published.slot, table: published.table } })]);

    // A re-run (which would rather have it back at its published place) leaves it there.
    const run = await scheduled(app, organizer, event.id);
    expect(run.report).toMatchObject({ scheduled: 1, moved: 0, dropped: 0 });
    expect(await meetingsOf(event.id)).toEqual([expect.objectContaining({ id: published.id, slot: to, table: 0, status: 'scheduled' })]);
    // Publishing again tells the participants; the new place is then the published one.
    await eventAction(app, organizer, event.id, 'publish');
    expect(await agenda()).toEqual([expect.objectContaining({ slot: to, movedFrom: null })]);
  });

  describe('on a published agenda', () => {
    const publish = async (eventId: string) => {
      await app.sql(`UPDATE events SET status = 'scheduled' WHERE id = $1`, [eventId]);
      await eventAction(app, organizer, eventId, 'publish');
    };
    const act = (eventId: string, meetingId: string, action: string) => http().post(`/api/v1/events/${eventId}/meetings/${meetingId}/actions/${action}`).set(organizer.auth).send({});
    const noticesOf = async (reader: Session, eventId: string, kind: string) =>
      ((await http().get('/api/v1/notifications').query({ kind, pageSize: 100 }).set(reader.auth).expect(200)).body.items as Array<{ body: string; subject: Record<string, string> }>).filter((n) => n.subject.eventId === eventId);

    it('tells both sides of a meeting moved by hand its new time and table once the agenda is published, before the day and on it, but nobody of a draft’s move', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']]);
      const [p1, pu1] = event.participants;
      const placed = (await place(event.id, p1, pu1, 4).expect(201)).body as { id: string; version: number };
      const current = async () => (await meetingsOf(event.id)).find((m) => m.id === placed.id)!;
      // Not published yet: the participants do not see the schedule, nobody is told.
      await move(event.id, await current(), 5, 0).expect(200);
      await publish(event.id);
      for (const side of [e1, u1]) expect(await noticesOf(side, event.id, 'event.meeting_moved')).toEqual([]);

      // Published, days before the event: both sides learn where the meeting went (slots and tables read from 1).
      await move(event.id, await current(), 6, 1).expect(200);
      for (const side of [e1, u1]) {
        const [told] = await noticesOf(side, event.id, 'event.meeting_moved');
        expect(told).toMatchObject({ subject: { eventId: event.id, meetingId: placed.id } });
        expect(told!.body).toMatch(/由 .*（第 6 时段）第 1 桌 改为 .*（第 7 时段）第 2 桌/);
      }
      expect(await noticesOf(organizer, event.id, 'event.meeting_moved')).toEqual([]);

      // On the day, the same.
      await slotUnderway(app, event.id, 1);
      await eventAction(app, organizer, event.id, 'start');
      await move(event.id, await current(), 7, 0).expect(200);
      for (const side of [e1, u1]) expect((await noticesOf(side, event.id, 'event.meeting_moved')).map((n) => n.body)).toEqual([expect.stringContaining('（第 8 时段）第 1 桌'), expect.any(String)]);
    });

    it('books a pair whose meeting was missed (no-show) again into a slot still to come, never a pair that met, and a re-run keeps both where they are', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, pu1, pu2] = event.participants;
      // e1 asked u1 for a morning meeting.
      const asked = await acceptedRequest(app, event.id, e1, u1, pu1, { sessionKey: 'am' });
      const missed = (await place(event.id, p1, pu1, 1).expect(201)).body as { id: string; requestId: string };
      const met = (await place(event.id, p1, pu2, 2).expect(201)).body as { id: string };
      expect(missed.requestId).toBe(asked);
      await publish(event.id);
      await slotUnderway(app, event.id, 2);
      await eventAction(app, organizer, event.id, 'start');
      await act(event.id, missed.id, 'no_show').expect(200);
      await act(event.id, met.id, 'held').expect(200);

      // u1 did not come in the morning: the organizer books the two again in the afternoon, under a request of its own
      // (and, that one called off, once more: still as e1's request).
      const first = (await place(event.id, pu1, p1, 4).expect(201)).body as { id: string };
      await act(event.id, first.id, 'cancel').expect(200);
      const again = await place(event.id, pu1, p1, 5).expect(201);
      expect(again.body).toMatchObject({ requesterId: p1, counterpartId: pu1, slot: 5, status: 'scheduled' });
      expect(again.body.requestId).not.toBe(asked);
      const requests = (await http().get(`/api/v1/events/${event.id}/requests`).set(organizer.auth).expect(200)).body as Array<{ id: string; status: string; sessionKey: string | null; source: string }>;
      expect(requests.find((r) => r.id === asked)).toMatchObject({ status: 'rebooked' });
      expect(requests.find((r) => r.id === again.body.requestId)).toMatchObject({ status: 'accepted', sessionKey: null, source: 'organizer' });
      for (const side of [e1, u1]) expect(await noticesOf(side, event.id, 'event.meeting_added')).toContainEqual(expect.objectContaining({ subject: { eventId: event.id, meetingId: again.body.id } }));

      // Never twice: not the pair again while it is booked, not a pair that met, and the missed one stays missed.
      expect((await place(event.id, p1, pu1, 6).expect(409)).body.fields[0]).toMatchObject({ field: 'requestId', code: 'taken' });
      expect((await place(event.id, p1, pu2, 6).expect(409)).body).toMatchObject({ code: 'already_met', fields: [{ field: 'counterpartId', code: 'already_met' }] });
      expect((await act(event.id, missed.id, 'held').expect(409)).body).toMatchObject({ code: 'rebooked', fields: [{ field: 'action', code: 'rebooked' }] });

      // The scheduler, run twice, keeps the no-show, the held meeting and the rebooking where they are.
      const before = await meetingsOf(event.id);
      for (let run = 0; run < 2; run++) {
        expect((await scheduled(app, organizer, event.id)).report).toMatchObject({ requests: 3, scheduled: 3, unscheduled: [] });
        expect(await meetingsOf(event.id)).toEqual(before);
      }
      // The afternoon comes: the rebooked meeting is held, and the figures count one no-show, two held.
      await slotUnderway(app, event.id, 5);
      await act(event.id, again.body.id, 'held').expect(200);
      const figures = (await http().get(`/api/v1/events/${event.id}/figures`).set(organizer.auth).expect(200)).body;
      expect(figures).toMatchObject({ requests: { total: 4, accepted: 2, rebooked: 1, cancelled: 1 }, meetings: { held: 2, noShow: 1, cancelled: 1 } });
    });
  });
});
