import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifiedOrganization } from '../support/catalog';
import { acceptedRequest, approvedParticipant, bookingEvent, createEvent, eventAction } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';
import { whileCommitting } from '../support/races';

/**
 * A change that meets another in flight: another transaction holds the registration (or the pitch)
 * with its change not yet committed, the request waits for it, and what the request then writes
 * must not undo what committed meanwhile.
 */
describe('registrations, requests and pitches changed at the same time', () => {
  let app: TestApp;
  let organizer: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
  });
  afterAll(() => app.close());

  const http = () => request(app.http);

  const registration = async (): Promise<{ eventId: string; participantId: string; member: Session }> => {
    const { id: eventId } = await createEvent(app, organizer);
    await eventAction(app, organizer, eventId, 'open_registration');
    const member = await registerOrganization(app, 'enterprise');
    const participantId = await approvedParticipant(app, organizer, eventId, member, 'demand');
    return { eventId, participantId, member };
  };
  const statusOf = async (participantId: string) => (await app.sql<{ status: string }>('SELECT status FROM event_participants WHERE id = $1', [participantId]))[0]!.status;

  it('a change of sessions waiting on a rejection does not write the registration back to approved', async () => {
    const { eventId, participantId, member } = await registration();
    const res = await whileCommitting(
      app,
      (db) => db.query(`UPDATE event_participants SET status = 'rejected', version = version + 1 WHERE id = $1`, [participantId]),
      () => http().patch(`/api/v1/events/${eventId}/participants/${participantId}`).set(member.auth).send({ sessionKeys: ['am'] }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', sessionKeys: ['am'] });
    expect(await statusOf(participantId)).toBe('rejected');
  });

  it('a rejection waiting on a withdrawal finds it withdrawn: a 409, and the withdrawal stands', async () => {
    const { eventId, participantId } = await registration();
    const res = await whileCommitting(
      app,
      (db) => db.query(`UPDATE event_participants SET status = 'withdrawn', version = version + 1 WHERE id = $1`, [participantId]),
      () => http().post(`/api/v1/events/${eventId}/participants/${participantId}/actions/reject`).set(organizer.auth).send({}),
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'invalid_transition', details: { from: 'withdrawn', action: 'reject' } });
    expect(await statusOf(participantId)).toBe('withdrawn');
  });

  it('cancelling a request while its meeting is marked held finds it held: a 409, and the meeting stands', async () => {
    const [enterprise, university] = await Promise.all([registerOrganization(app, 'enterprise'), registerOrganization(app, 'university')]);
    const event = await bookingEvent(app, organizer, [[enterprise, 'demand'], [university, 'supply']]);
    const requestId = await acceptedRequest(app, event.id, enterprise, university, event.participants[1]!);
    const { body: meeting } = await http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: event.participants[0], counterpartId: event.participants[1], slot: 0, table: 0 }).expect(201);
    const res = await whileCommitting(
      app,
      (db) => db.query(`UPDATE meetings SET status = 'held', version = version + 1 WHERE id = $1`, [meeting.id]),
      () => http().post(`/api/v1/events/${event.id}/requests/${requestId}/actions/cancel`).set(enterprise.auth).send({}),
    );
    expect(res.status).toBe(409);
    expect(res.body.details).toMatchObject({ from: 'held', action: 'cancel' });
    expect(await app.sql('SELECT r.status AS request, m.status AS meeting FROM meeting_requests r JOIN meetings m ON m.request_id = r.id WHERE r.id = $1', [requestId])).toEqual([{ request: 'accepted', meeting: 'held' }]);
  });

  it('moving a pitch while its presenter withdraws finds it gone: a 404, and it stays off the programme', async () => {
    const { eventId, participantId: audience } = await registration();
    const university = await verifiedOrganization(app, 'university');
    const presenter = await approvedParticipant(app, organizer, eventId, university, 'supply');
    const achievement = await publishedItem(app, university, 'achievements');
    const day = ((await http().get(`/api/v1/events/${eventId}`).set(organizer.auth).expect(200)).body.sessions[0].startsAt as string).slice(0, 10);
    const base = `/api/v1/events/${eventId}/roadshow`;
    const { body: pitch } = await http().post(base).set(organizer.auth).send({ participantId: presenter, achievementId: achievement.id, startsAt: `${day}T08:20:00+08:00`, minutes: 15 }).expect(201);
    expect(audience).not.toBe(presenter);

    // The withdrawal as it commits: the presenter's registration changes and its pitches go.
    const res = await whileCommitting(
      app,
      async (db) => {
        await db.query(`UPDATE event_participants SET status = 'withdrawn', version = version + 1 WHERE id = $1`, [presenter]);
        await db.query('DELETE FROM roadshow_pitches WHERE participant_id = $1', [presenter]);
      },
      () => http().patch(`${base}/${pitch.id}`).set(organizer.auth).send({ version: pitch.version, startsAt: `${day}T08:40:00+08:00` }),
    );
    expect(res.status).toBe(404);
    expect(await app.sql('SELECT 1 FROM roadshow_pitches WHERE event_id = $1', [eventId])).toEqual([]);
  });

  it('a request made while its counterpart withdraws waits for the withdrawal and is refused: nothing is left pending for it', async () => {
    const [enterprise, university] = await Promise.all([registerOrganization(app, 'enterprise'), registerOrganization(app, 'university')]);
    const event = await bookingEvent(app, organizer, [[enterprise, 'demand'], [university, 'supply']]);
    const counterpartId = event.participants[1]!;
    // The withdrawal as it commits (its cancelling of open requests finds none yet).
    const res = await whileCommitting(
      app,
      (db) => db.query(`UPDATE event_participants SET status = 'withdrawn', version = version + 1 WHERE id = $1`, [counterpartId]),
      () => http().post(`/api/v1/events/${event.id}/requests`).set(enterprise.auth).send({ counterpartId }),
    );
    expect(res.status).toBe(400);
    expect(res.body.fields[0]).toMatchObject({ field: 'counterpartId', code: 'not_participant' });
    expect(await app.sql('SELECT status FROM meeting_requests WHERE event_id = $1', [event.id])).toEqual([]);
  });

  it('a request whose requester has left is not accepted: a 409 naming it, and the request stays unanswered', async () => {
    const [enterprise, university] = await Promise.all([registerOrganization(app, 'enterprise'), registerOrganization(app, 'university')]);
    const event = await bookingEvent(app, organizer, [[enterprise, 'demand'], [university, 'supply']]);
    const { body: asked } = await http().post(`/api/v1/events/${event.id}/requests`).set(enterprise.auth).send({ counterpartId: event.participants[1] }).expect(201);
    // What a request that slipped in beside a withdrawal left behind: pending, its requester gone.
    await app.sql(`UPDATE event_participants SET status = 'withdrawn', version = version + 1 WHERE id = $1`, [event.participants[0]]);
    const res = await http().post(`/api/v1/events/${event.id}/requests/${asked.id}/actions/accept`).set(university.auth).send({}).expect(409);
    expect(res.body).toMatchObject({ code: 'participant_not_approved', fields: [expect.objectContaining({ field: 'requesterId', code: 'not_approved' })] });
    expect(await app.sql('SELECT status FROM meeting_requests WHERE id = $1', [asked.id])).toEqual([{ status: 'pending' }]);
    // Calling it off is still possible.
    await http().post(`/api/v1/events/${event.id}/requests/${asked.id}/actions/decline`).set(university.auth).send({}).expect(200);
  });
});
