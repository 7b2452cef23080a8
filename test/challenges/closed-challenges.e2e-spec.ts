import request from 'supertest';
import { loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { chinaDay } from '../support/days';
import { startTestApp, type TestApp } from '../support/harness';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('揭榜申报书'), Buffer.alloc(64, 0x20)]);

/** Applications follow their challenge: changed only while it is published, judged only while it is on the platform; a challenge past its deadline is reopened with a new one. */
describe('applications to a closed or taken-down challenge', () => {
  let app: TestApp;
  let owner: Session;
  let university: Session;
  let institute: Session;
  let organizer: Session;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    institute = await registerOrganization(app, 'institute');
    organizer = await userWithRole(app, 'organizer', 'government');
    for (const s of [owner, university, institute]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const newChallenge = async () => (await publishedItem(app, owner, 'demands', { challenge: { rewardWan: 120, deadline: chinaDay(60), evaluationPlan: '三步评审' } })).id;
  const apply = async (session: Session, demandId: string): Promise<{ id: string; version: number }> =>
    (
      await request(app.http)
        .post(`/api/v1/demands/${demandId}/applications`)
        .set(session.auth)
        .send({ teamLead: '周教授', proposal: '以多源数据融合在线监测关键设备早期故障，并在产线开展示范应用。', budgetWan: 100, milestones: [{ dueOn: chinaDay(150), deliverable: '示范' }] })
        .expect(201)
    ).body;
  const amend = (session: Session, a: { id: string; version: number }) => request(app.http).patch(`/api/v1/challenge-applications/${a.id}`).set(session.auth).send({ budgetWan: 50, version: a.version });
  const attach = (session: Session, id: string) => request(app.http).post(`/api/v1/challenge-applications/${id}/attachments`).set(session.auth).attach('file', PDF, '申报书.pdf');
  const score = (session: Session, id: string) => request(app.http).post(`/api/v1/challenge-applications/${id}/reviews`).set(session.auth).send({ stage: 'desk', score: 80 });
  const act = (session: Session, id: string, action: string, body: Record<string, unknown> = {}) =>
    request(app.http).post(`/api/v1/challenge-applications/${id}/actions/${action}`).set(session.auth).send(body);
  const stored = async (id: string) => ({
    application: (await app.sql<{ budget_wan: string; status: string }>('SELECT budget_wan, status FROM challenge_applications WHERE id = $1', [id]))[0],
    reviews: (await app.sql('SELECT id FROM challenge_reviews WHERE application_id = $1', [id])).length,
    attachments: (await app.sql('SELECT id FROM attachments WHERE item_id = $1', [id])).length,
  });

  it('a challenge taken down (违规下架) takes no more changes, documents, scores or decisions; the applicant may still withdraw', async () => {
    const challenge = await newChallenge();
    const first = await apply(university, challenge);
    const second = await apply(institute, challenge);
    const admin = await loginAdmin(app);
    await request(app.http).post(`/api/v1/demands/${challenge}/take-down`).set(admin.auth).send({ reason: '榜单内容与实际需求不符' }).expect(200);
    const before = await stored(first.id);

    expect((await amend(university, first).expect(409)).body.code).toBe('challenge_archived');
    expect((await attach(university, first.id).expect(409)).body.code).toBe('challenge_archived');
    expect((await score(owner, first.id).expect(409)).body.code).toBe('challenge_archived');
    expect((await act(organizer, first.id, 'reject', { note: '不符合' }).expect(409)).body.code).toBe('challenge_archived');
    expect(await stored(first.id)).toEqual(before);
    await act(institute, second.id, 'withdraw').expect(200);

    // Restored, the challenge's review goes on.
    await request(app.http).delete(`/api/v1/demands/${challenge}/take-down`).set(admin.auth).expect(200);
    await score(owner, first.id).expect(200);
  });

  it('a challenge no longer published takes no changes to its applications; once archived, no scores or decisions either', async () => {
    const challenge = await newChallenge();
    const application = await apply(university, challenge);
    await request(app.http).post(`/api/v1/demands/${challenge}/actions/start_negotiation`).set(owner.auth).send({}).expect(200);
    const before = await stored(application.id);
    expect((await amend(university, application).expect(409)).body.code).toBe('challenge_closed');
    expect((await attach(university, application.id).expect(409)).body.code).toBe('challenge_closed');
    expect(await stored(application.id)).toEqual(before);

    // The review of what was submitted goes on while the challenge is in negotiation or closed.
    await score(owner, application.id).expect(200);
    await request(app.http).post(`/api/v1/demands/${challenge}/actions/close`).set(owner.auth).send({}).expect(200);
    await score(organizer, application.id).expect(200);
    await request(app.http).delete(`/api/v1/demands/${challenge}`).set(owner.auth).expect(204);
    expect((await score(owner, application.id).expect(409)).body.code).toBe('challenge_archived');
    expect((await act(owner, application.id, 'advance').expect(409)).body.code).toBe('challenge_archived');
    expect((await stored(application.id)).application).toEqual({ budget_wan: '100.00', status: 'under_review' });
  });

  it('a challenge whose deadline passed in negotiation is reopened by resuming it with a new deadline; a bad one is a 400 naming deadline and changes nothing', async () => {
    const challenge = (await publishedItem(app, owner, 'demands', { validUntil: chinaDay(500), challenge: { rewardWan: 120, deadline: chinaDay(30), evaluationPlan: '三步评审' } })).id;
    await apply(university, challenge);
    await request(app.http).post(`/api/v1/demands/${challenge}/actions/start_negotiation`).set(owner.auth).send({}).expect(200);
    // The negotiation came to nothing after the deadline.
    await app.sql('UPDATE tech_demands SET challenge_deadline = $2 WHERE id = $1', [challenge, chinaDay(-1)]);
    const resume = (body: Record<string, unknown>) => request(app.http).post(`/api/v1/demands/${challenge}/actions/resume`).set(owner.auth).send(body);
    const state = async () => (await app.sql<{ status: string; deadline: string; version: number }>(`SELECT status, to_char(challenge_deadline, 'YYYY-MM-DD') AS deadline, version FROM tech_demands WHERE id = $1`, [challenge]))[0];
    const before = await state();

    const dead = await resume({}).expect(409);
    expect(dead.body).toMatchObject({ code: 'invalid_transition', details: { from: 'in_negotiation', action: 'resume' } });
    expect(dead.body.message).toContain('new deadline');
    const refusals: Array<[unknown, string]> = [
      ['下个月', 'matches'],
      [null, 'isNotNull'],
      ['2027-02-30', 'isDate'],
      [chinaDay(-1), 'inFuture'],
      [chinaDay(400), 'outOfRange'],
      [chinaDay(501), 'afterValidUntil'],
    ];
    for (const [deadline, code] of refusals) {
      const res = await resume({ deadline }).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'deadline', code })]);
    }
    // Only resume sets a deadline, and only a challenge's.
    expect((await request(app.http).post(`/api/v1/demands/${challenge}/actions/close`).set(owner.auth).send({ deadline: chinaDay(20) }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'deadline', code: 'notAllowed' })]);
    const plain = (await publishedItem(app, owner, 'demands')).id;
    await request(app.http).post(`/api/v1/demands/${plain}/actions/start_negotiation`).set(owner.auth).send({}).expect(200);
    expect((await request(app.http).post(`/api/v1/demands/${plain}/actions/resume`).set(owner.auth).send({ deadline: chinaDay(20) }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'deadline', code: 'notAChallenge' })]);
    expect(await state()).toEqual(before);

    const reopened = await resume({ deadline: chinaDay(45), version: before.version }).expect(200);
    expect(reopened.body).toMatchObject({ status: 'published', challenge: { deadline: chinaDay(45) } });
    // Open for applications again, and the trail says what the deadline was.
    await apply(institute, challenge);
    const [audit] = await app.sql<{ details: unknown }>(`SELECT details FROM audit_entries WHERE resource_id = $1 AND action = 'demand.resume'`, [challenge]);
    expect(audit!.details).toEqual({ from: 'in_negotiation', to: 'published', deadline: { from: chinaDay(-1), to: chinaDay(45) } });
  });

  it('the deadline day itself is open (a deadline passes only from the next China day, as applying always held): a challenge due today is set, published, applied to and resumed, and today is a valid new deadline', async () => {
    const challenge = (await publishedItem(app, owner, 'demands', { challenge: { rewardWan: 120, deadline: chinaDay(0), evaluationPlan: '三步评审' } })).id;
    await apply(university, challenge);
    const step = (action: string, body: Record<string, unknown> = {}) => request(app.http).post(`/api/v1/demands/${challenge}/actions/${action}`).set(owner.auth).send(body);
    await step('start_negotiation').expect(200);
    expect((await step('resume').expect(200)).body).toMatchObject({ status: 'published', challenge: { deadline: chinaDay(0) } });
    // Passed since yesterday: resumed with today as its new (last) day.
    await step('start_negotiation').expect(200);
    await app.sql('UPDATE tech_demands SET challenge_deadline = $2 WHERE id = $1', [challenge, chinaDay(-1)]);
    await step('resume').expect(409);
    expect((await step('resume', { deadline: chinaDay(0) }).expect(200)).body).toMatchObject({ status: 'published', challenge: { deadline: chinaDay(0) } });
    await apply(institute, challenge);
  });
});
