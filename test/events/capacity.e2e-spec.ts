import request from 'supertest';
import { creditCode, PASSWORD, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { createEvent, eventAction, eventBody } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';

/** 名额: an event approves at most so many organisations; registrations past it wait. */
describe('event capacity', () => {
  let app: TestApp;
  let organizer: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
  });
  afterAll(() => app.close());

  const http = () => request(app.http);
  const register = async (s: Session, eventId: string) => (await http().post(`/api/v1/events/${eventId}/participants`).set(s.auth).send({ side: 'supply' }).expect(201)).body.id as string;
  const decide = (eventId: string, participantId: string, action: string) => http().post(`/api/v1/events/${eventId}/participants/${participantId}/actions/${action}`).set(organizer.auth).send({});
  const openEvent = async (maxParticipants: number | null, registrationApproval?: 'manual' | 'automatic') => {
    const { id } = await createEvent(app, organizer, { maxParticipants, registrationApproval });
    await eventAction(app, organizer, id, 'open_registration');
    return id;
  };

  it('registrations past the limit wait; approving one too many is a 409 naming the limit; a withdrawal frees a place', async () => {
    const eventId = await openEvent(2);
    const orgs = await Promise.all([1, 2, 3].map(() => registerOrganization(app, 'university')));
    const [a, b, c] = await Promise.all(orgs.map((s) => register(s, eventId)));
    await decide(eventId, a!, 'approve').expect(200);
    await decide(eventId, b!, 'approve').expect(200);
    const full = await decide(eventId, c!, 'approve').expect(409);
    expect(full.body).toMatchObject({ code: 'event_full', fields: [expect.objectContaining({ field: 'maxParticipants', code: 'full' })] });
    expect((await http().get(`/api/v1/events/${eventId}/participants/${c}`).set(organizer.auth).expect(200)).body.status).toBe('pending');
    expect((await http().get(`/api/v1/events/${eventId}`).expect(200)).body).toMatchObject({ maxParticipants: 2, approvedParticipants: 2 });
    // Registering now is taken, and says it waits; the organizers read so too.
    const late = await registerOrganization(app, 'institute');
    const waiting = await http().post(`/api/v1/events/${eventId}/participants`).set(late.auth).send({ side: 'supply' }).expect(201);
    expect(waiting.body).toMatchObject({ status: 'pending', waitlisted: true });
    // The organizers choose whom to approve: there is no line to stand in.
    expect(waiting.body.waitlistPosition).toBeUndefined();
    const told = (await http().get('/api/v1/notifications').query({ kind: 'event.registration' }).set(organizer.auth).expect(200)).body.items as Array<{ body: string; subject: { participantId: string } }>;
    expect(told.find((n) => n.subject.participantId === waiting.body.id)!.body).toContain('名额（2 家）已满，列入候补');
    expect(told.find((n) => n.subject.participantId === c)!.body).toContain('待审核');

    await http().post(`/api/v1/events/${eventId}/participants/${b}/actions/withdraw`).set(orgs[1]!.auth).send({}).expect(200);
    // The organizers hear of it, and that two registrations wait for the place; a pending registration withdrawn frees none.
    await http().post(`/api/v1/events/${eventId}/participants/${waiting.body.id}/actions/withdraw`).set(late.auth).send({}).expect(200);
    const left = (await http().get('/api/v1/notifications').query({ kind: 'event.participant_withdrawn' }).set(organizer.auth).expect(200)).body.items as Array<{ body: string; subject: { participantId: string } }>;
    expect(left.find((n) => n.subject.participantId === b)!.body).toContain('空出 1 个名额；候补 2 家待审核');
    expect(left.find((n) => n.subject.participantId === waiting.body.id)!.body).not.toContain('名额');
    await decide(eventId, c!, 'approve').expect(200);
  });

  it('two approvals at once cannot both take the last place', async () => {
    const eventId = await openEvent(1);
    const ids = await Promise.all([1, 2, 3, 4].map(async () => register(await registerOrganization(app, 'enterprise'), eventId)));
    const answers = await Promise.all(ids.map((id) => decide(eventId, id, 'approve')));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(await app.sql(`SELECT 1 FROM event_participants WHERE event_id = $1 AND status = 'approved'`, [eventId])).toHaveLength(1);
  });

  it('the limit cannot fall below those approved; raising or lifting it makes room; bulk additions and invitations count too', async () => {
    const eventId = await openEvent(3);
    const orgs = await Promise.all([1, 2, 3].map(() => registerOrganization(app, 'institute')));
    for (const s of orgs.slice(0, 2)) await decide(eventId, await register(s, eventId), 'approve').expect(200);
    const version = async () => (await http().get(`/api/v1/events/${eventId}`).set(organizer.auth).expect(200)).body.version as number;
    const lowered = await http().patch(`/api/v1/events/${eventId}`).set(organizer.auth).send({ version: await version(), maxParticipants: 1 }).expect(409);
    expect(lowered.body).toMatchObject({ code: 'below_approved', fields: [expect.objectContaining({ field: 'maxParticipants' })] });

    // Two more in one bulk addition do not fit into the one place left: nothing is added.
    const extra = await registerOrganization(app, 'institute');
    const bulk = { participants: [{ organizationId: orgs[2]!.organizationId, side: 'supply' }, { organizationId: extra.organizationId, side: 'supply' }] };
    expect((await http().post(`/api/v1/events/${eventId}/participants/bulk`).set(organizer.auth).send(bulk).expect(409)).body.code).toBe('event_full');
    expect(await app.sql(`SELECT 1 FROM event_participants WHERE event_id = $1`, [eventId])).toHaveLength(2);
    await http().patch(`/api/v1/events/${eventId}`).set(organizer.auth).send({ version: await version(), maxParticipants: 4 }).expect(200);
    await http().post(`/api/v1/events/${eventId}/participants/bulk`).set(organizer.auth).send(bulk).expect(200);

    // Full again: an organisation invited by e-mail is approved on registering while a place
    // remains; now it joins the waiting list rather than being turned away, and the organizers are told.
    const email = `invitee-${Date.now().toString(36)}@example.test`;
    await http().post(`/api/v1/events/${eventId}/participants/bulk`).set(organizer.auth).send({ participants: [{ email, side: 'demand' }] }).expect(200);
    const signUp = { email, password: PASSWORD, displayName: '受邀企业', organization: { type: 'enterprise', name: '受邀参会的装备企业', creditCode: creditCode(), regionCode: '210211' } };
    const { body: registered } = await http().post('/api/v1/auth/register').send(signUp).expect(201);
    const invitee = { auth: { Authorization: `Bearer ${registered.tokens.accessToken}` } };
    const { invitationToken } = ((await http().get(`/api/v1/events/${eventId}/invitations`).set(organizer.auth).expect(200)).body as Array<{ email: string; invitationToken: string }>).find((i) => i.email === email)!;
    const { body: waiting } = await http().post(`/api/v1/events/${eventId}/participants`).set(invitee.auth).send({ side: 'supply', invitationToken }).expect(201);
    // The invitation's side holds; manual admission gives no place in line.
    expect(waiting).toMatchObject({ status: 'pending', side: 'demand', waitlisted: true });
    expect(waiting.waitlistPosition).toBeUndefined();
    const invitations = (await http().get(`/api/v1/events/${eventId}/invitations`).set(organizer.auth).expect(200)).body as Array<{ email: string; participantId: string | null }>;
    expect(invitations.find((i) => i.email === email)?.participantId).toBe(waiting.id);
    const [notice] = await app.sql<{ body: string }>(`SELECT body FROM notifications WHERE kind = 'event.registration' AND subject->>'participantId' = $1`, [waiting.id]);
    expect(notice!.body).toBe('受邀单位 受邀参会的装备企业 报名参加（需求方），名额（4 家）已满，列入候补。');
    expect((await decide(eventId, waiting.id, 'approve').expect(409)).body.code).toBe('event_full');
    await http().patch(`/api/v1/events/${eventId}`).set(organizer.auth).send({ version: await version(), maxParticipants: null }).expect(200);
    expect((await decide(eventId, waiting.id, 'approve').expect(200)).body.status).toBe('approved');
    expect((await http().get(`/api/v1/events/${eventId}`).expect(200)).body).toMatchObject({ maxParticipants: null, approvedParticipants: 5 });
  });

  const statusOf = async (eventId: string, participantId: string) => (await http().get(`/api/v1/events/${eventId}/participants/${participantId}`).set(organizer.auth).expect(200)).body.status as string;
  const nameOf = async (s: Session) => (await app.sql<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [s.organizationId]))[0]!.name;
  const version = async (eventId: string) => (await http().get(`/api/v1/events/${eventId}`).set(organizer.auth).expect(200)).body.version as number;
  const noticesOf = async (s: Session, kind: string) =>
    (await http().get('/api/v1/notifications').query({ kind }).set(s.auth).expect(200)).body.items as Array<{ body: string; subject: { participantId: string } }>;

  it('admitting automatically, registrations are approved while places remain; past them they wait, and move up in registration order as places free up', async () => {
    const eventId = await openEvent(2, 'automatic');
    expect((await http().get(`/api/v1/events/${eventId}`).expect(200)).body).toMatchObject({ registrationApproval: 'automatic', registrationApprovalLabel: '自动通过，满额候补递补' });
    const orgs = await Promise.all([1, 2, 3, 4, 5].map(() => registerOrganization(app, 'university')));
    const answers = [];
    for (const s of orgs.slice(0, 4)) answers.push((await http().post(`/api/v1/events/${eventId}/participants`).set(s.auth).send({ side: 'supply' }).expect(201)).body);
    expect(answers.map((a) => [a.status, a.waitlisted ?? false, a.waitlistPosition])).toEqual([['approved', false, undefined], ['approved', false, undefined], ['pending', true, 1], ['pending', true, 2]]);
    const [a, b, c, d] = answers.map((x) => x.id as string);
    // Each reads where it stands in line (候补第 N 位), as do the organizers; other participants read no such thing.
    const position = async (s: Session, id: string) => (await http().get(`/api/v1/events/${eventId}/participants/${id}`).set(s.auth).expect(200)).body.waitlistPosition as number | undefined;
    expect([await position(orgs[3]!, d!), await position(organizer, d!), await position(organizer, a!)]).toEqual([2, 2, undefined]);
    // The organizers hear only of those waiting, and that they will move up by themselves.
    const registrations = await noticesOf(organizer, 'event.registration');
    expect(registrations.filter((n) => [a, b].includes(n.subject.participantId))).toEqual([]);
    expect(registrations.find((n) => n.subject.participantId === c)!.body).toContain('列入候补，有名额空出时按报名先后自动递补');

    // A withdrawal: the first in line (c, not d) takes the place, and hears so; the organizers hear who moved up.
    await http().post(`/api/v1/events/${eventId}/participants/${a}/actions/withdraw`).set(orgs[0]!.auth).send({}).expect(200);
    expect([await statusOf(eventId, c!), await statusOf(eventId, d!)]).toEqual(['approved', 'pending']);
    expect(await position(orgs[3]!, d!)).toBe(1);
    expect((await noticesOf(orgs[2]!, 'event.participant_approved'))[0]!.body).toContain('名额空出，贵单位已由候补递补，获准参加');
    const withdrawn = await noticesOf(organizer, 'event.participant_withdrawn');
    expect(withdrawn.find((n) => n.subject.participantId === a)!.body).toContain(`空出的名额已由候补 ${await nameOf(orgs[2]!)} 自动递补`);
    // A rejection of someone approved frees a place too.
    await decide(eventId, b!, 'reject').expect(200);
    expect(await statusOf(eventId, d!)).toBe('approved');
    const audit = await app.sql<{ actor_user_id: string | null; details: { cause: string } }>(`SELECT actor_user_id, details FROM audit_entries WHERE action = 'event.participant.promote' AND resource_id = $1`, [d]);
    expect(audit).toEqual([{ actor_user_id: null, details: { cause: 'event.participant.reject' } }]);

    // Full again, so the fifth waits; lifting the limit lets it in.
    const fifth = (await http().post(`/api/v1/events/${eventId}/participants`).set(orgs[4]!.auth).send({ side: 'supply' }).expect(201)).body;
    expect(fifth).toMatchObject({ status: 'pending', waitlisted: true });
    await http().patch(`/api/v1/events/${eventId}`).set(organizer.auth).send({ version: await version(eventId), maxParticipants: null }).expect(200);
    expect(await statusOf(eventId, fifth.id)).toBe('approved');
    expect((await http().get(`/api/v1/events/${eventId}`).expect(200)).body).toMatchObject({ maxParticipants: null, approvedParticipants: 3 });
  });

  it('switching to automatic approves those waiting as far as places allow, first registered first; at once, two registrations never both take the last place', async () => {
    const eventId = await openEvent(2);
    const waiting = [];
    for (const s of await Promise.all([1, 2, 3].map(() => registerOrganization(app, 'institute')))) waiting.push(await register(s, eventId));
    await http().patch(`/api/v1/events/${eventId}`).set(organizer.auth).send({ version: await version(eventId), registrationApproval: 'automatic' }).expect(200);
    expect(await Promise.all(waiting.map((id) => statusOf(eventId, id)))).toEqual(['approved', 'approved', 'pending']);

    const race = await openEvent(1, 'automatic');
    const racers = await Promise.all([1, 2, 3, 4].map(() => registerOrganization(app, 'enterprise')));
    const answers = await Promise.all(racers.map((s) => http().post(`/api/v1/events/${race}/participants`).set(s.auth).send({ side: 'demand' }).expect(201)));
    expect(answers.map((r) => r.body.status).sort()).toEqual(['approved', 'pending', 'pending', 'pending']);
    expect(await app.sql(`SELECT 1 FROM event_participants WHERE event_id = $1 AND status = 'approved'`, [race])).toHaveLength(1);
  });

  it('refuses an admission mode it does not know, naming the field', async () => {
    const res = await http().post('/api/v1/events').set(organizer.auth).send(eventBody({ registrationApproval: 'first_come' })).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'registrationApproval' })]);
  });

  it('refuses a limit that is not a whole number from 1, naming the field', async () => {
    for (const maxParticipants of [0, 2.5, '10', 10_001]) {
      const res = await http().post('/api/v1/events').set(organizer.auth).send(eventBody({ maxParticipants })).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'maxParticipants' })]);
    }
  });
});
