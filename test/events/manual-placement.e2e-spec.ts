import request from 'supertest';
import type { Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';
import { acceptedRequest, approvedParticipant, bookingEvent, createEvent, eventAction, eventCast, scheduled } from '../support/events';

/**
 * An organizer placing or moving a meeting by hand is held to what the scheduler is held to: the
 * event's caps (overall, per side, per session), availability, sessions and observers. The event
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
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
    const [p1, pu1, pu2] = event.participants;
    const locked = await place(event.id, p1, pu1, 0).expect(201);
    // Since then u1 blocked that slot, and e1 can only make slot 0.
    await http().patch(`/api/v1/events/${event.id}/participants/${pu1}`).set(u1.auth).send({ unavailableSlots: [0] }).expect(200);
    await http().patch(`/api/v1/events/${event.id}/participants/${p1}`).set(e1.auth).send({ unavailableSlots: [1, 2, 3, 4, 5, 6, 7] }).expect(200);
    const other = await acceptedRequest(app, event.id, e1, u2, pu2);
    const run = await scheduled(app, organizer, event.id);
    expect(run.report).toMatchObject({ requests: 2, scheduled: 0 });
    const reasons = Object.fromEntries(run.report.unscheduled.map((u) => [u.requestId, u.reason]));
    expect(reasons).toEqual({ [locked.body.requestId]: 'lock_infeasible', [other]: 'conflict' });
    // The organizer's meeting is where it was, alone in its slot.
    expect(await meetingsOf(event.id)).toEqual([expect.objectContaining({ id: locked.body.id, slot: 0, table: 0, status: 'scheduled' })]);
  });
});
