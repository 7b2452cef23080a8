import request from 'supertest';
import { assignBroker, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { matchesReady } from '../support/matching';
import { approvedParticipant, createEvent, eventAction } from '../support/events';

/** A confidential achievement: its title and summary name a technique the owner keeps to itself. */
const HIDDEN_WORD = '光纤光栅应变';
const SECRET = {
  title: '基于光纤光栅应变传感的风电主轴轴承早期损伤监测系统',
  neutralTitle: '装备制造领域科技成果（保密）',
  summary: `在主轴轴承座布设${HIDDEN_WORD}传感阵列，捕捉滚道早期剥落引起的载荷波动，对轴承损伤进行早期预警与寿命评估。`,
  keywords: ['轴承', '状态监测', '早期预警'],
  applicationScenarios: ['风电主轴'],
  visibility: 'confidential',
};

describe('对接会 confidentiality: what participants and organizers see of each other’s items', () => {
  let app: TestApp;
  let organizer: Session;
  let enterprise: Session;
  let university: Session;
  let broker: Session;
  let secret: { id: string; version: number };
  let eventId: string;
  let enterpriseP: string;
  let universityP: string;
  const http = () => request(app.http);

  beforeAll(async () => {
    app = await startTestApp();
    organizer = await userWithRole(app, 'organizer', 'government');
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, enterprise.organizationId!);
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    secret = await publishedItem(app, university, 'achievements', SECRET);
    const demand = await publishedItem(app, enterprise, 'demands');
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
    await matchesReady(app, university, 'achievements', secret.id, secret.version);
    eventId = (await createEvent(app, organizer)).id;
    await eventAction(app, organizer, eventId, 'open_registration');
    // A broker registers the enterprise it serves, naming it explicitly.
    const reg = await http().post(`/api/v1/events/${eventId}/participants`).set(broker.auth).set('X-Acting-Organization', enterprise.organizationId!).send({ side: 'demand' }).expect(201);
    expect(reg.body.organizationId).toBe(enterprise.organizationId);
    enterpriseP = reg.body.id;
    await http().post(`/api/v1/events/${eventId}/participants/${enterpriseP}/actions/approve`).set(organizer.auth).send({}).expect(200);
    universityP = await approvedParticipant(app, organizer, eventId, university, 'supply');
    await eventAction(app, organizer, eventId, 'open_booking');
  });
  afterAll(() => app.close());

  it('recommends the confidential achievement by its neutral face only, and the pre-filled request does not leak it', async () => {
    const recs = await http().get(`/api/v1/events/${eventId}/participants/${enterpriseP}/recommendations`).set(enterprise.auth).expect(200);
    expect(recs.body[0]).toMatchObject({ participantId: universityP, theirItem: { id: secret.id, redacted: true, title: SECRET.neutralTitle } });
    expect(JSON.stringify(recs.body)).not.toContain(HIDDEN_WORD);
    const asked = await http().post(`/api/v1/events/${eventId}/requests`).set(broker.auth).set('X-Acting-Organization', enterprise.organizationId!).send({ matchId: recs.body[0].matchId }).expect(201);
    expect(asked.body).toMatchObject({ requesterId: enterpriseP, counterpartId: universityP });
    expect(asked.body.message).toContain(SECRET.neutralTitle);
    expect(asked.body.message).not.toContain(HIDDEN_WORD);
  });

  it('pre-fills the owner’s own request with its confidential item’s neutral face too: the counterpart reads the message', async () => {
    const [open] = (await http().get(`/api/v1/events/${eventId}/requests`).set(enterprise.auth).expect(200)).body;
    await http().post(`/api/v1/events/${eventId}/requests/${open.id}/actions/cancel`).set(enterprise.auth).send({}).expect(200);
    const asked = await http().post(`/api/v1/events/${eventId}/requests`).set(university.auth).send({ matchId: open.matchId }).expect(201);
    expect(asked.body).toMatchObject({ requesterId: universityP, counterpartId: enterpriseP });
    expect(asked.body.message).toContain(SECRET.neutralTitle);
    expect(asked.body.message).not.toContain(HIDDEN_WORD);
  });

  it('shows the organizer the university’s own confidential item redacted as well, and the owner sees it whole', async () => {
    const forOrganizer = await http().get(`/api/v1/events/${eventId}/participants/${universityP}/recommendations`).set(organizer.auth).expect(200);
    expect(forOrganizer.body[0].yourItem).toMatchObject({ id: secret.id, redacted: true, title: SECRET.neutralTitle });
    expect(JSON.stringify(forOrganizer.body)).not.toContain(HIDDEN_WORD);
    const forOwner = await http().get(`/api/v1/events/${eventId}/participants/${universityP}/recommendations`).set(university.auth).expect(200);
    expect(forOwner.body[0].yourItem).toMatchObject({ id: secret.id, redacted: false, title: SECRET.title });
  });

  it('shows the details once the owner disclosed them to the enterprise', async () => {
    await http().put(`/api/v1/achievements/${secret.id}/disclosures/${enterprise.organizationId}`).set(university.auth).expect(200);
    const recs = await http().get(`/api/v1/events/${eventId}/participants/${enterpriseP}/recommendations`).set(enterprise.auth).expect(200);
    expect(recs.body[0].theirItem).toMatchObject({ redacted: false, title: SECRET.title });
    expect(recs.body[0].requestStatus).toBe('pending');
  });

  it('pre-fills a request from a disclosed match with neutral faces only: the organizers read it, and it outlives the disclosure', async () => {
    // The university disclosed its achievement to the enterprise (above): the enterprise now reads the real title…
    const [open] = (await http().get(`/api/v1/events/${eventId}/requests`).set(university.auth).expect(200)).body.filter((r: { status: string }) => r.status === 'pending');
    await http().post(`/api/v1/events/${eventId}/requests/${open.id}/actions/cancel`).set(university.auth).send({}).expect(200);
    const asked = await http().post(`/api/v1/events/${eventId}/requests`).set(enterprise.auth).send({ matchId: open.matchId }).expect(201);
    // …but what is stored is read by the organizers too, and after a revoked disclosure: the neutral title only.
    expect(asked.body.message).toContain(SECRET.neutralTitle);
    expect(asked.body.message).not.toContain(HIDDEN_WORD);
    const forOrganizer = await http().get(`/api/v1/events/${eventId}/requests`).set(organizer.auth).expect(200);
    expect(forOrganizer.body.find((r: { id: string }) => r.id === asked.body.id).message).toContain(SECRET.neutralTitle);
    expect(JSON.stringify(forOrganizer.body)).not.toContain(HIDDEN_WORD);
    // Once the owner revokes the disclosure, nothing the enterprise reads still carries the real title.
    await http().delete(`/api/v1/achievements/${secret.id}/disclosures/${enterprise.organizationId}`).set(university.auth).expect((res) => expect(res.status).toBeLessThan(300));
    expect(JSON.stringify((await http().get(`/api/v1/events/${eventId}/requests`).set(enterprise.auth).expect(200)).body)).not.toContain(HIDDEN_WORD);
  });

  it('refuses a broker’s request for one organisation from a match of another it serves', async () => {
    const other = await registerOrganization(app, 'enterprise');
    await assignBroker(app, broker, other.organizationId!);
    await approvedParticipant(app, organizer, eventId, other, 'demand');
    const recs = await http().get(`/api/v1/events/${eventId}/participants/${enterpriseP}/recommendations`).set(broker.auth).expect(200);
    const res = await http().post(`/api/v1/events/${eventId}/requests`).set(broker.auth).set('X-Acting-Organization', other.organizationId!).send({ matchId: recs.body[0].matchId }).expect(400);
    expect(res.body.fields[0]).toMatchObject({ field: 'matchId', code: 'not_yours' });
  });

  it('keeps a participant’s blocked slots and check-in code from the other participants', async () => {
    const seen = await http().get(`/api/v1/events/${eventId}/participants/${enterpriseP}`).set(university.auth).expect(200);
    expect(seen.body).not.toHaveProperty('checkInCode');
    expect(seen.body).not.toHaveProperty('unavailableSlots');
    const own = await http().get(`/api/v1/events/${eventId}/participants/${enterpriseP}`).set(broker.auth).expect(200);
    expect(own.body.checkInCode).toEqual(expect.any(String));
  });

  it('a registration not yet approved reads no recommendations: they name the approved participants and their scores', async () => {
    const applicant = await registerOrganization(app, 'enterprise');
    await verifyOrganization(app, applicant.organizationId!);
    const demand = await publishedItem(app, applicant, 'demands');
    await matchesReady(app, applicant, 'demands', demand.id, demand.version);
    const { body: pending } = await http().post(`/api/v1/events/${eventId}/participants`).set(applicant.auth).send({ side: 'demand' }).expect(201);
    expect(pending.status).toBe('pending');
    const refused = await http().get(`/api/v1/events/${eventId}/participants/${pending.id}/recommendations`).set(applicant.auth).expect(403);
    expect(refused.body).toMatchObject({ code: 'not_approved', fields: [expect.objectContaining({ field: 'participantId', code: 'not_approved' })] });
    // The organizers, weighing the registration, read them; so does it once approved.
    const forOrganizer = await http().get(`/api/v1/events/${eventId}/participants/${pending.id}/recommendations`).set(organizer.auth).expect(200);
    expect(forOrganizer.body.map((r: { participantId: string }) => r.participantId)).toContain(universityP);
    await http().post(`/api/v1/events/${eventId}/participants/${pending.id}/actions/approve`).set(organizer.auth).send({}).expect(200);
    await http().get(`/api/v1/events/${eventId}/participants/${pending.id}/recommendations`).set(applicant.auth).expect(200);
    // Withdrawn, it is outside again.
    await http().post(`/api/v1/events/${eventId}/participants/${pending.id}/actions/withdraw`).set(applicant.auth).send({}).expect(200);
    expect((await http().get(`/api/v1/events/${eventId}/participants/${pending.id}/recommendations`).set(applicant.auth).expect(403)).body.code).toBe('not_approved');
  });
});
