import request from 'supertest';
import { creditCode, PASSWORD, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';
import { createEvent, eventAction } from '../support/events';

/**
 * An invitation by e-mail approves an organisation at once, past the deadline too: it is claimed with
 * the code mailed to the invited address, never by signing up with that address (which proves nothing).
 */
describe('event invitations by e-mail', () => {
  let app: TestApp;
  let organizer: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
  });
  afterAll(() => app.close());

  const http = () => request(app.http);
  let serial = 0;
  const address = () => `zhang-${Date.now().toString(36)}-${serial++}@partner.test`;

  /** An event in registration that invited `email` as supply for the afternoon; resolves with the event id and the invitation's code. */
  const invited = async (email: string): Promise<{ eventId: string; token: string }> => {
    const { id: eventId } = await createEvent(app, organizer);
    await eventAction(app, organizer, eventId, 'open_registration');
    await http().post(`/api/v1/events/${eventId}/participants/bulk`).set(organizer.auth).send({ participants: [{ email, side: 'supply', sessionKeys: ['pm'] }] }).expect(200);
    const [invitation] = (await http().get(`/api/v1/events/${eventId}/invitations`).set(organizer.auth).expect(200)).body as Array<{ invitationToken: string }>;
    return { eventId, token: invitation!.invitationToken };
  };
  /** Someone signs up with `email` and a new organisation of their own. */
  const signUp = async (email: string): Promise<Session['auth']> => {
    const organization = { type: 'enterprise', name: `冒名企业${serial++}`, creditCode: creditCode(), regionCode: '210211' };
    const res = await http().post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '张工', organization }).expect(201);
    return { Authorization: `Bearer ${res.body.tokens.accessToken}` };
  };
  const closeRegistration = (eventId: string) => app.sql(`UPDATE events SET registration_closes_at = now() - interval '1 minute' WHERE id = $1`, [eventId]);
  const invitationOf = async (eventId: string) => ((await http().get(`/api/v1/events/${eventId}/invitations`).set(organizer.auth).expect(200)).body as Array<{ participantId: string | null; invitationToken: string | null }>)[0]!;

  it('an account with the invited address claims nothing: its registration waits for approval on the side it chose', async () => {
    const email = address();
    const { eventId } = await invited(email);
    const outsider = await signUp(email);
    const res = await http().post(`/api/v1/events/${eventId}/participants`).set(outsider).send({ side: 'demand' }).expect(201);
    expect(res.body).toMatchObject({ status: 'pending', side: 'demand', sessionKeys: [] });
    expect(await invitationOf(eventId)).toMatchObject({ participantId: null, invitationToken: expect.any(String) });
  });

  it('past the registration deadline, an account with the invited address is refused like anyone else', async () => {
    const email = address();
    const { eventId } = await invited(email);
    const outsider = await signUp(email);
    await closeRegistration(eventId);
    const res = await http().post(`/api/v1/events/${eventId}/participants`).set(outsider).send({ side: 'supply' }).expect(409);
    expect(res.body.code).toBe('registration_closed');
    expect(await app.sql('SELECT 1 FROM event_participants WHERE event_id = $1', [eventId])).toHaveLength(0);
  });

  it('the invitation’s code approves its holder’s organisation once, with the invited side and sessions, past the deadline too', async () => {
    const email = address();
    const { eventId, token } = await invited(email);
    // Someone took the address first: the person who holds the mailbox signs up with another and still has the code.
    await signUp(email);
    const holder = await registerOrganization(app, 'institute');
    await closeRegistration(eventId);
    const res = await http().post(`/api/v1/events/${eventId}/participants`).set(holder.auth).send({ side: 'observer', invitationToken: token }).expect(201);
    expect(res.body).toMatchObject({ organizationId: holder.organizationId, status: 'approved', side: 'supply', sessionKeys: ['pm'] });
    expect(await invitationOf(eventId)).toEqual(expect.objectContaining({ participantId: res.body.id, invitationToken: null }));

    // Used: another organisation presenting the same code is refused, naming the field, and nothing is written.
    const second = await registerOrganization(app, 'enterprise');
    const again = await http().post(`/api/v1/events/${eventId}/participants`).set(second.auth).send({ side: 'demand', invitationToken: token }).expect(400);
    expect(again.body.fields[0]).toMatchObject({ field: 'invitationToken', code: 'invalid' });
    expect(await app.sql('SELECT 1 FROM event_participants WHERE event_id = $1', [eventId])).toHaveLength(1);
  });

  it('refuses a code that was altered or belongs to another event', async () => {
    const { eventId, token } = await invited(address());
    const other = await invited(address());
    const member = await registerOrganization(app, 'enterprise');
    const [id, signature] = token.split('.');
    const forged = `${id}.${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`;
    for (const invitationToken of [forged, other.token, 'not-a-code']) {
      const res = await http().post(`/api/v1/events/${eventId}/participants`).set(member.auth).send({ side: 'demand', invitationToken }).expect(400);
      expect(res.body.fields[0]).toMatchObject({ field: 'invitationToken', code: 'invalid' });
    }
    expect(await invitationOf(eventId)).toMatchObject({ participantId: null });
  });
});
