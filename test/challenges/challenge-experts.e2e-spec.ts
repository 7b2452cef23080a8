import request from 'supertest';
import { loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { poolExpert } from '../support/challenges';
import { startTestApp, type TestApp } from '../support/harness';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** 专家评审: experts appointed to a challenge score its applications at their stages; the owner and organizers decide. */
describe('challenge experts (专家评审)', () => {
  let app: TestApp;
  let owner: Session;
  let university: Session;
  let institute: Session;
  let organizer: Session;
  let expert: Session;
  let secondExpert: Session;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    institute = await registerOrganization(app, 'institute');
    organizer = await userWithRole(app, 'organizer', 'government');
    expert = await poolExpert(app, organizer, await registerOrganization(app, 'university'));
    secondExpert = await poolExpert(app, organizer, await registerOrganization(app, 'agency'));
    for (const s of [owner, university, institute]) await verifyOrganization(app, s.organizationId!);
    await poolExpert(app, organizer, university);
  });
  afterAll(() => app.close());

  const newChallenge = async () =>
    (
      await publishedItem(app, owner, 'demands', {
        title: '高炉炉缸侵蚀在线监测（揭榜挂帅）',
        challenge: { rewardWan: 200, deadline: inDays(60), evaluationPlan: '初评、现场考察、综合论证三步评审。' },
      })
    ).id;
  const apply = async (session: Session, demandId: string): Promise<string> =>
    (
      await request(app.http)
        .post(`/api/v1/demands/${demandId}/applications`)
        .set(session.auth)
        .send({ teamLead: '赵教授', proposal: '以分布式光纤测温与传热反演模型在线计算高炉炉缸残厚，并在现场开展示范验证。', budgetWan: 150, milestones: [{ dueOn: inDays(200), deliverable: '现场示范' }] })
        .expect(201)
    ).body.id;
  const appoint = (session: Session, demandId: string, body: Record<string, unknown>) => request(app.http).post(`/api/v1/demands/${demandId}/experts`).set(session.auth).send(body);
  const score = (session: Session, id: string, value: number, stage = 'desk') => request(app.http).post(`/api/v1/challenge-applications/${id}/reviews`).set(session.auth).send({ stage, score: value });
  const read = (session: Session, id: string) => request(app.http).get(`/api/v1/challenge-applications/${id}`).set(session.auth);
  const assignments = async (session: Session) => (await request(app.http).get('/api/v1/me/review-assignments').set(session.auth).expect(200)).body;

  it('an appointed expert finds the challenge, reads its applications and scores them; the owner reads every score, each expert only their own', async () => {
    const challenge = await newChallenge();
    const fromUniversity = await apply(university, challenge);
    const fromInstitute = await apply(institute, challenge);
    const other = await newChallenge();
    await apply(university, other);

    const res = await appoint(owner, challenge, { userId: expert.userId }).expect(201);
    expect(res.body).toMatchObject({ userId: expert.userId, stages: ['desk', 'site', 'panel'], stageLabels: ['初评', '现场考察', '综合论证'] });
    await appoint(organizer, challenge, { userId: secondExpert.userId, stages: ['desk'] }).expect(201);
    const listed = await request(app.http).get(`/api/v1/demands/${challenge}/experts`).set(owner.auth).expect(200);
    expect(listed.body.map((e: { userId: string }) => e.userId)).toEqual([expert.userId, secondExpert.userId]);
    // The panel shows experts as the pool does: never their e-mail.
    expect(JSON.stringify([res.body, listed.body])).not.toContain('@');

    expect(await assignments(expert)).toEqual([
      expect.objectContaining({ challenge: { id: challenge, title: '高炉炉缸侵蚀在线监测（揭榜挂帅）' }, stages: ['desk', 'site', 'panel'], awaitingScore: 2 }),
    ]);
    const list = await request(app.http).get('/api/v1/challenge-applications').set(expert.auth).expect(200);
    expect(list.body.items.map((a: { id: string }) => a.id).sort()).toEqual([fromUniversity, fromInstitute].sort());

    await score(expert, fromUniversity, 88).expect(200);
    await score(secondExpert, fromUniversity, 70).expect(200);
    expect((await assignments(expert))[0].awaitingScore).toBe(1);

    const asExpert = (await read(expert, fromUniversity).expect(200)).body;
    expect(asExpert.reviews).toEqual([expect.objectContaining({ reviewerId: expert.userId, score: 88 })]);
    expect(asExpert.scores).toEqual([expect.objectContaining({ stage: 'desk', reviews: 1, mean: 88 })]);
    const asOwner = (await read(owner, fromUniversity).expect(200)).body;
    expect(asOwner.reviews.map((r: { score: number }) => r.score).sort()).toEqual([70, 88]);
    // The applicant still sees no score.
    expect((await read(university, fromUniversity).expect(200)).body.reviews).toBeNull();
  });

  it('experts score only at their stages and decide nothing; their score lets the owner advance', async () => {
    const challenge = await newChallenge();
    const application = await apply(institute, challenge);
    await appoint(owner, challenge, { userId: expert.userId, stages: ['site'] }).expect(201);

    expect((await score(expert, application, 80).expect(403)).body.code).toBe('stage_not_assigned');
    await request(app.http).patch(`/api/v1/demands/${challenge}/experts/${expert.userId}`).set(owner.auth).send({ stages: ['desk', 'site'] }).expect(200);
    await score(expert, application, 80).expect(200);
    const version = (await read(owner, application)).body.version;
    expect((await request(app.http).post(`/api/v1/challenge-applications/${application}/actions/advance`).set(expert.auth).send({ version }).expect(403)).body.code).toBe('experts_score_only');
    // The expert's desk score is the one the owner's decision rests on.
    const advanced = await request(app.http).post(`/api/v1/challenge-applications/${application}/actions/advance`).set(owner.auth).send({ version }).expect(200);
    expect(advanced.body.stage).toBe('site');
    await score(expert, application, 85, 'site').expect(200);
  });

  it('an expert whose organisation applies after the appointment leaves the panel, their scores are void and the owner is told', async () => {
    const challenge = await newChallenge();
    const rival = await apply(institute, challenge);
    await appoint(owner, challenge, { userId: university.userId }).expect(201);
    await appoint(owner, challenge, { userId: secondExpert.userId }).expect(201);
    await score(university, rival, 10).expect(200);

    const own = await apply(university, challenge);
    // Off the panel: no assignment, no sight of the rival, no score.
    const panel = await request(app.http).get(`/api/v1/demands/${challenge}/experts`).set(owner.auth).expect(200);
    expect(panel.body.map((e: { userId: string }) => e.userId)).toEqual([secondExpert.userId]);
    expect((await assignments(university)).map((a: { challenge: { id: string } }) => a.challenge.id)).not.toContain(challenge);
    await read(university, rival).expect(404);
    await score(university, rival, 10).expect(404);
    expect((await read(university, own).expect(200)).body.reviews).toBeNull();
    // The score they gave counts for nothing: no mean, and no decision rests on it.
    expect((await read(owner, rival)).body).toMatchObject({ reviews: [], scores: [] });
    expect((await request(app.http).post(`/api/v1/challenge-applications/${rival}/actions/advance`).set(owner.auth).send({}).expect(409)).body.code).toBe('not_reviewed');
    await score(secondExpert, rival, 70).expect(200);
    expect((await read(owner, rival)).body.scores).toEqual([expect.objectContaining({ stage: 'desk', reviews: 1, mean: 70 })]);

    const notices = (await request(app.http).get('/api/v1/notifications').set(owner.auth).expect(200)).body.items as Array<{ kind: string; subject: Record<string, string> }>;
    expect(notices.filter((n) => n.kind === 'challenge.expert_recused').map((n) => n.subject)).toEqual([{ demandId: challenge, userId: university.userId }]);
    const audit = await app.sql<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_entries WHERE resource_id = ANY($1) AND action IN ('challenge.remove_expert', 'challenge_application.void_review') ORDER BY id`,
      [[challenge, rival]],
    );
    expect(audit).toEqual([
      { action: 'challenge.remove_expert', details: { userId: university.userId, reason: 'conflict_of_interest' } },
      { action: 'challenge_application.void_review', details: { reviewerId: university.userId, stage: 'desk', score: 10, reason: 'conflict_of_interest' } },
    ]);

    // While its organisation competes, it is not appointed again; once it withdrew, it may be.
    const refused = await appoint(owner, challenge, { userId: university.userId }).expect(409);
    expect(refused.body).toMatchObject({ code: 'conflict_of_interest', fields: [expect.objectContaining({ field: 'userId', code: 'conflict_of_interest' })] });
    await request(app.http).post(`/api/v1/challenge-applications/${own}/actions/withdraw`).set(university.auth).send({}).expect(200);
    await appoint(owner, challenge, { userId: university.userId }).expect(201);
    await score(university, rival, 60).expect(200);
  });

  it('an expert who is a broker serving an applicant is not appointed to that challenge', async () => {
    const challenge = await newChallenge();
    const brokerExpert = await poolExpert(app, organizer, await userWithRole(app, 'broker', 'agency'));
    await request(app.http).put(`/api/v1/admin/brokers/${brokerExpert.userId}/assignments/${institute.organizationId}`).set((await loginAdmin(app)).auth).expect(200);
    await apply(institute, challenge);
    expect((await appoint(organizer, challenge, { userId: brokerExpert.userId }).expect(409)).body.fields).toEqual([expect.objectContaining({ field: 'userId', code: 'conflict_of_interest' })]);
    expect(await app.sql('SELECT user_id FROM challenge_experts WHERE demand_id = $1', [challenge])).toEqual([]);
  });

  it('appoints only from the pool, and refuses someone who reviews already or a caller outside the reviewing side', async () => {
    const challenge = await newChallenge();
    const before = await app.sql('SELECT count(*)::int AS n FROM challenge_experts');
    const fieldsOf = (res: request.Response) => res.body.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`);
    // An e-mail names nobody here: who is behind an address is never told, whatever the address.
    for (const email of [expert.email, 'nobody@example.test']) {
      const refused = await appoint(owner, challenge, { email }).expect(400);
      expect(fieldsOf(refused).sort()).toEqual(['email:unknown_field', 'userId:isUuid']);
      expect(JSON.stringify(refused.body)).not.toContain(expert.userId);
    }
    const stranger = await registerOrganization(app, 'university');
    expect(fieldsOf(await appoint(owner, challenge, { userId: stranger.userId }).expect(400))).toEqual(['userId:unknown']);
    expect(fieldsOf(await appoint(owner, challenge, { userId: expert.userId, stages: [] }).expect(400))).toEqual(['stages:arrayMinSize']);
    expect(fieldsOf(await appoint(owner, challenge, { userId: expert.userId, stages: ['lab'] }).expect(400))).toEqual(['stages:isIn']);
    for (const reviewer of [owner, organizer]) {
      await poolExpert(app, organizer, reviewer);
      expect((await appoint(owner, challenge, { userId: reviewer.userId }).expect(409)).body.code).toBe('already_reviewer');
    }
    expect((await appoint(institute, challenge, { userId: expert.userId }).expect(403)).body.code).toBe('not_a_reviewer');
    expect((await appoint(await loginAdmin(app), challenge, { userId: expert.userId }).expect(403)).body.code).toBe('not_a_reviewer');
    const plainDemand = (await publishedItem(app, owner, 'demands', { title: '普通技术需求' })).id;
    expect((await appoint(owner, plainDemand, { userId: expert.userId }).expect(409)).body.code).toBe('not_a_challenge');
    expect(await app.sql('SELECT count(*)::int AS n FROM challenge_experts')).toEqual(before);

    await appoint(owner, challenge, { userId: expert.userId }).expect(201);
    expect((await appoint(organizer, challenge, { userId: expert.userId }).expect(409)).body.code).toBe('already_appointed');
    // Admins read the panel; applicants and experts do not.
    await request(app.http).get(`/api/v1/demands/${challenge}/experts`).set((await loginAdmin(app)).auth).expect(200);
    expect((await request(app.http).get(`/api/v1/demands/${challenge}/experts`).set(institute.auth).expect(403)).body.code).toBe('not_a_reviewer');
    await request(app.http).get(`/api/v1/demands/${challenge}/experts`).set(expert.auth).expect(403);
  });

  it('an archived challenge takes no appointments or new stages, and waits for no expert’s score; its experts may still be taken off', async () => {
    const challenge = await newChallenge();
    await apply(institute, challenge);
    await appoint(owner, challenge, { userId: secondExpert.userId }).expect(201);
    expect((await assignments(secondExpert)).find((a: { challenge: { id: string } }) => a.challenge.id === challenge)).toMatchObject({ awaitingScore: 1 });
    await request(app.http).post(`/api/v1/demands/${challenge}/actions/close`).set(owner.auth).send({}).expect(200);
    await request(app.http).delete(`/api/v1/demands/${challenge}`).set(owner.auth).expect(204);

    // Scores are refused there (challenge_archived), so it is no assignment either.
    expect((await assignments(secondExpert)).map((a: { challenge: { id: string } }) => a.challenge.id)).not.toContain(challenge);

    expect((await appoint(owner, challenge, { userId: expert.userId }).expect(409)).body.code).toBe('challenge_archived');
    expect((await request(app.http).patch(`/api/v1/demands/${challenge}/experts/${secondExpert.userId}`).set(owner.auth).send({ stages: ['desk'] }).expect(409)).body.code).toBe('challenge_archived');
    expect(await app.sql('SELECT user_id, stages FROM challenge_experts WHERE demand_id = $1', [challenge])).toEqual([{ user_id: secondExpert.userId, stages: ['desk', 'site', 'panel'] }]);
    await request(app.http).delete(`/api/v1/demands/${challenge}/experts/${secondExpert.userId}`).set(owner.auth).expect(204);
  });

  it('an expert whose appointment ends loses sight of the applications; the scores they gave stay', async () => {
    const challenge = await newChallenge();
    const application = await apply(institute, challenge);
    await appoint(owner, challenge, { userId: secondExpert.userId }).expect(201);
    await score(secondExpert, application, 75).expect(200);

    await request(app.http).delete(`/api/v1/demands/${challenge}/experts/${secondExpert.userId}`).set(owner.auth).expect(204);
    await request(app.http).delete(`/api/v1/demands/${challenge}/experts/${secondExpert.userId}`).set(owner.auth).expect(404);
    await read(secondExpert, application).expect(404);
    expect((await assignments(secondExpert)).map((a: { challenge: { id: string } }) => a.challenge.id)).not.toContain(challenge);
    await score(secondExpert, application, 90).expect(404);
    expect((await read(owner, application)).body.reviews).toEqual([expect.objectContaining({ reviewerId: secondExpert.userId, score: 75 })]);
    const audit = await app.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE resource_id = $1 AND action LIKE 'challenge.%expert' ORDER BY id`, [challenge]);
    expect(audit.map((a) => a.action)).toEqual(['challenge.appoint_expert', 'challenge.remove_expert']);
  });
});
