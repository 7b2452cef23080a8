import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
import { chinaDay } from '../support/days';
import { approvedParticipant, createEvent, eventAction } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';

/** 常态化: organizers run an event again on another day from a copy of its set-up. */
describe('copying an event', () => {
  let app: TestApp;
  let organizer: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
  });
  afterAll(() => app.close());

  const http = () => request(app.http);
  const dayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

  it('makes a draft of the same set-up on the new day, every date moved alike, without the participants', async () => {
    const { id } = await createEvent(app, organizer, { maxParticipants: 30, caps: { perParticipant: 5, bySide: { demand: 3 } }, bookingRule: 'demand_to_supply' });
    await eventAction(app, organizer, id, 'open_registration');
    await approvedParticipant(app, organizer, id, await registerOrganization(app, 'university'), 'supply');
    const source = (await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body;

    const startsOn = chinaDay(40);
    const copy = (await http().post(`/api/v1/events/${id}/copies`).set(organizer.auth).send({ startsOn, title: '2027 大连装备制造专场（第二期）' }).expect(201)).body;
    expect(copy).toMatchObject({ status: 'draft', title: '2027 大连装备制造专场（第二期）', venue: source.venue, themeFieldCode: source.themeFieldCode, maxParticipants: 30, bookingRule: 'demand_to_supply', caps: source.caps });
    expect(copy.id).not.toBe(id);
    const shift = Date.parse(`${startsOn}T00:00:00Z`) - Date.parse(`${dayOf(source.sessions[0].startsAt)}T00:00:00Z`);
    expect(copy.sessions.map((s: { startsAt: string }) => Date.parse(s.startsAt))).toEqual(source.sessions.map((s: { startsAt: string }) => Date.parse(s.startsAt) + shift));
    expect(dayOf(copy.sessions[0].startsAt)).toBe(startsOn);
    for (const window of ['registrationClosesAt', 'bookingClosesAt']) expect(Date.parse(copy[window]) - Date.parse(source[window])).toBe(shift);
    expect((await http().get(`/api/v1/events/${copy.id}/participants`).set(organizer.auth).expect(200)).body).toEqual([]);
    // The source is untouched.
    expect((await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body).toMatchObject({ status: 'registration', version: source.version, approvedParticipants: 1 });
  });

  it('is for the event’s organizers, to a day after today', async () => {
    const { id } = await createEvent(app, organizer);
    const copy = (body: Record<string, unknown>, who: Session = organizer) => http().post(`/api/v1/events/${id}/copies`).set(who.auth).send(body);
    const fieldOf = (res: request.Response) => [res.status, res.body.fields?.[0]?.field, res.body.fields?.[0]?.code];
    expect(fieldOf(await copy({ startsOn: chinaDay(0) }))).toEqual([400, 'startsOn', 'future']);
    expect(fieldOf(await copy({ startsOn: '2027-02-30' }))).toEqual([400, 'startsOn', 'isDate']);
    expect(fieldOf(await copy({ startsOn: '明年春天' }))).toEqual([400, 'startsOn', 'matches']);
    // Another organizer does not know a draft exists; once advertised it sees the event but may not copy it.
    const other = await userWithRole(app, 'organizer', 'government');
    await copy({ startsOn: chinaDay(30) }, other).expect(404);
    await eventAction(app, organizer, id, 'open_registration');
    expect((await copy({ startsOn: chinaDay(30) }, other).expect(403)).body.code).toBe('not_organizer');
    await copy({ startsOn: chinaDay(30) }, await registerOrganization(app, 'enterprise')).expect(403);
    // Nothing refused was made: the only events are the two sources and the first test's copy.
    expect(await app.sql(`SELECT 1 FROM events`)).toHaveLength(3);
  });
});
