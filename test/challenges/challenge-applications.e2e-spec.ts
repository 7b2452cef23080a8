import request from 'supertest';
import { assignBroker, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { bookingEvent } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';
import { whileCommitting } from '../support/races';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** 揭榜挂帅: teams apply to a challenge, the owner and organizers review them in three stages and award one. */
describe('challenge applications (揭榜)', () => {
  let app: TestApp;
  let owner: Session;
  let university: Session;
  let institute: Session;
  let outsider: Session;
  let organizer: Session;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    institute = await registerOrganization(app, 'institute');
    outsider = await registerOrganization(app, 'enterprise');
    organizer = await userWithRole(app, 'organizer', 'government');
    for (const s of [owner, university, institute, outsider]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const challengeBody = (overrides: Record<string, unknown> = {}) => ({
    title: '高寒风电主轴轴承早期损伤预警（揭榜挂帅）',
    challenge: { rewardWan: 300, deadline: inDays(60), evaluationPlan: '初评、现场考察、综合论证三步评审，择优挂帅。' },
    ...overrides,
  });
  const newChallenge = async (overrides: Record<string, unknown> = {}) => (await publishedItem(app, owner, 'demands', challengeBody(overrides))).id;
  const proposal = (overrides: Record<string, unknown> = {}) => ({
    teamLead: '李明 教授',
    teamMembers: ['张华', '王强'],
    proposal: '以声发射与振动融合监测低速重载轴承滚道早期剥落，建立损伤演化指标并在风场开展示范验证。',
    budgetWan: 280,
    milestones: [
      { dueOn: inDays(120), deliverable: '完成实验室样机与算法验证' },
      { dueOn: inDays(300), deliverable: '风场示范运行三个月' },
    ],
    ...overrides,
  });
  const apply = (session: Session, demandId: string, body: Record<string, unknown> = proposal()) =>
    request(app.http).post(`/api/v1/demands/${demandId}/applications`).set(session.auth).send(body);
  const act = (session: Session, id: string, action: string, body: Record<string, unknown> = {}) =>
    request(app.http).post(`/api/v1/challenge-applications/${id}/actions/${action}`).set(session.auth).send(body);
  const score = (session: Session, id: string, stage: string, value: number, comment = '', extra: Record<string, unknown> = {}) =>
    request(app.http).post(`/api/v1/challenge-applications/${id}/reviews`).set(session.auth).send({ stage, score: value, comment, ...extra });
  const applicationCount = async (): Promise<number> => Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM challenge_applications'))[0]!.n);
  const fieldsOf = (res: request.Response): string[] => (res.body.fields as Array<{ field: string }>).map((f) => f.field);

  it('a verified university applies before the deadline; the owner is told, outsiders cannot tell it exists', async () => {
    const challenge = await newChallenge();
    const res = await apply(university, challenge).expect(201);
    expect(res.body).toMatchObject({
      challenge: { id: challenge, title: '高寒风电主轴轴承早期损伤预警（揭榜挂帅）' },
      applicant: { id: university.organizationId },
      teamLead: '李明 教授',
      budgetWan: 280,
      stage: 'desk',
      stageLabel: '初评',
      status: 'under_review',
      statusLabel: '评审中',
      scores: null,
      reviews: null,
    });
    const notices = await request(app.http).get('/api/v1/notifications').set(owner.auth).expect(200);
    expect(notices.body.items).toContainEqual(expect.objectContaining({ kind: 'challenge.application', subject: { demandId: challenge, applicationId: res.body.id } }));

    await request(app.http).get(`/api/v1/challenge-applications/${res.body.id}`).set(owner.auth).expect(200);
    await request(app.http).get(`/api/v1/challenge-applications/${res.body.id}`).set(organizer.auth).expect(200);
    await request(app.http).get(`/api/v1/challenge-applications/${res.body.id}`).set(outsider.auth).expect(404);
    const listed = async (s: Session) => ((await request(app.http).get(`/api/v1/challenge-applications?demandId=${challenge}`).set(s.auth).expect(200)).body.items as Array<{ id: string }>).map((a) => a.id);
    expect(await listed(owner)).toEqual([res.body.id]);
    expect(await listed(university)).toEqual([res.body.id]);
    expect(await listed(outsider)).toEqual([]);

    const again = await apply(university, challenge).expect(409);
    expect(again.body.code).toBe('already_applied');
    expect((await apply(owner, challenge).expect(403)).body.code).toBe('own_challenge');
    expect((await apply(organizer, challenge).expect(403)).body.code).toBe('cannot_apply');
    const unverified = await registerOrganization(app, 'institute');
    expect((await apply(unverified, challenge).expect(403)).body.code).toBe('organization_not_verified');
  });

  it('refuses what cannot be an application, naming the field, and stores nothing', async () => {
    const challenge = await newChallenge();
    const ordinary = (await publishedItem(app, owner, 'demands')).id;
    const othersAchievement = (await publishedItem(app, institute, 'achievements')).id;
    const before = await applicationCount();
    expect((await apply(university, ordinary).expect(409)).body.code).toBe('not_a_challenge');
    expect(fieldsOf(await apply(university, challenge, proposal({ achievementId: othersAchievement })).expect(400))).toEqual(['achievementId']);
    expect(fieldsOf(await apply(university, challenge, proposal({ milestones: [{ dueOn: inDays(90), deliverable: '中试' }, { dueOn: inDays(30), deliverable: '小试' }] })).expect(400))).toEqual(['milestones.1.dueOn']);
    expect(fieldsOf(await apply(university, challenge, proposal({ budgetWan: -1 })).expect(400))).toEqual(['budgetWan']);
    expect(fieldsOf(await apply(university, challenge, proposal({ milestones: [] })).expect(400))).toEqual(['milestones']);

    await app.sql(`UPDATE tech_demands SET challenge_deadline = $2 WHERE id = $1`, [challenge, inDays(-1)]);
    const late = await apply(university, challenge).expect(409);
    expect(late.body).toMatchObject({ code: 'deadline_passed', fields: [{ field: 'deadline' }] });

    const secret = await newChallenge({ visibility: 'confidential', neutralTitle: '某风电企业技术难题' });
    expect((await apply(university, secret).expect(403)).body.code).toBe('details_not_disclosed');
    // A broker serving the university and the institute reads what was disclosed to either, but applies
    // for an organisation only with what was disclosed to that organisation.
    await request(app.http).put(`/api/v1/demands/${secret}/disclosures/${university.organizationId}`).set(owner.auth).expect(200);
    const broker = await userWithRole(app, 'broker', 'agency');
    for (const s of [university, institute]) await assignBroker(app, broker, s.organizationId!);
    const forInstitute = await request(app.http).post(`/api/v1/demands/${secret}/applications`).set({ ...broker.auth, 'X-Acting-Organization': institute.organizationId! }).send(proposal()).expect(403);
    expect(forInstitute.body.code).toBe('details_not_disclosed');
    expect(await applicationCount()).toBe(before);
    await request(app.http).post(`/api/v1/demands/${secret}/applications`).set({ ...broker.auth, 'X-Acting-Organization': university.organizationId! }).send(proposal()).expect(201);
  });

  it('goes through 初评, 现场考察 and 综合论证 to an award; the applicant sees decisions, never the scores', async () => {
    const challenge = await newChallenge();
    const { body: application } = await apply(university, challenge).expect(201);
    const id = application.id as string;

    expect((await act(owner, id, 'advance').expect(409)).body.code).toBe('not_reviewed');
    expect((await score(university, id, 'desk', 100).expect(403)).body.code).toBe('conflict_of_interest');
    expect((await score(outsider, id, 'desk', 90).expect(404)).body.code).toBe('challenge_application_not_found');
    expect(fieldsOf(await score(owner, id, 'desk', 101).expect(400))).toEqual(['score']);
    await score(owner, id, 'desk', 70, '思路可行').expect(200);
    await score(owner, id, 'desk', 82, '补充了示范风场').expect(200); // a reviewer revises its own score
    const scored = await score(organizer, id, 'desk', 90).expect(200);
    expect(scored.body.scores).toEqual([{ stage: 'desk', reviews: 2, mean: 86, min: 82, max: 90 }]);

    expect((await act(owner, id, 'award').expect(409)).body.details).toMatchObject({ from: 'under_review/desk', action: 'award' });
    await act(owner, id, 'advance', { note: '通过初评', version: application.version }).expect(200);
    await act(owner, id, 'advance', { version: application.version }).expect(409); // stale
    expect((await act(organizer, id, 'advance').expect(409)).body.code).toBe('not_reviewed'); // site visit not scored yet
    await score(organizer, id, 'site', 88, '现场条件具备').expect(200);
    await act(organizer, id, 'advance').expect(200);
    await score(owner, id, 'panel', 91).expect(200);
    const awarded = await act(owner, id, 'award', { note: '综合论证第一名' }).expect(200);
    expect(awarded.body).toMatchObject({ stage: 'panel', status: 'awarded', statusLabel: '已挂帅', decisionNote: '综合论证第一名' });
    expect(awarded.body.scores.map((s: { stage: string }) => s.stage)).toEqual(['desk', 'site', 'panel']);

    const seen = await request(app.http).get(`/api/v1/challenge-applications/${id}`).set(university.auth).expect(200);
    expect(seen.body).toMatchObject({ status: 'awarded', decisionNote: '综合论证第一名', scores: null, reviews: null });
    const notices = await request(app.http).get('/api/v1/notifications').set(university.auth).expect(200);
    expect(notices.body.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['challenge.advance', 'challenge.award']));
    // The 评审会 spreadsheet: the reviewing side gets the mean scores per stage, the applicant blanks.
    const sheet = async (s: Session) => (await request(app.http).get(`/api/v1/challenge-applications/export?format=csv&demandId=${challenge}`).set(s.auth).expect(200)).text;
    expect(await sheet(owner)).toContain('综合论证,已挂帅,86,88,91,综合论证第一名');
    const applicantSheet = await sheet(university);
    expect(applicantSheet).toContain('综合论证,已挂帅,,,,综合论证第一名');
    expect(applicantSheet).not.toContain('86,88,91');
    expect(await sheet(outsider)).not.toContain(id);
    expect((await score(owner, id, 'panel', 95).expect(409)).body.details).toMatchObject({ from: 'awarded' });
    await act(university, id, 'withdraw').expect(409);
  });

  it('a score names its stage: a late 初评 score never counts for 现场考察, and a score on a stale read is refused', async () => {
    const challenge = await newChallenge();
    const { body: application } = await apply(university, challenge).expect(201);
    const id = application.id as string;
    const reviewRows = () => app.sql<{ stage: string; score: number }>('SELECT stage, score FROM challenge_reviews WHERE application_id = $1 ORDER BY stage', [id]);
    const bare = await request(app.http).post(`/api/v1/challenge-applications/${id}/reviews`).set(owner.auth).send({ score: 70 }).expect(400);
    expect(fieldsOf(bare)).toEqual(['stage']);
    expect(fieldsOf(await score(owner, id, 'lab', 70).expect(400))).toEqual(['stage']);
    expect(await reviewRows()).toEqual([]);

    // The applicant amends after the reviewer read it: a score of what the reviewer read is refused.
    const amended = await request(app.http).patch(`/api/v1/challenge-applications/${id}`).set(university.auth).send({ budgetWan: 200, version: application.version }).expect(200);
    expect((await score(owner, id, 'desk', 70, '', { version: application.version }).expect(409)).body.code).toBe('stale_version');
    expect(await reviewRows()).toEqual([]);
    await score(owner, id, 'desk', 70, '', { version: amended.body.version }).expect(200);
    await act(owner, id, 'advance').expect(200);

    // Sent after the application moved on, a 初评 score is not taken as the 现场考察 one.
    const late = await score(organizer, id, 'desk', 88, '初评意见').expect(409);
    expect(late.body).toMatchObject({ code: 'stage_closed', fields: [{ field: 'stage', code: 'closed' }], details: { stage: 'site' } });
    expect(await reviewRows()).toEqual([{ stage: 'desk', score: 70 }]);
    expect((await act(owner, id, 'advance').expect(409)).body.code).toBe('not_reviewed');
    await score(organizer, id, 'site', 85).expect(200);
    expect((await act(owner, id, 'advance').expect(200)).body.stage).toBe('panel');
  });

  it('a rejection needs a reason; the applicant may amend before review, withdraw, and apply anew', async () => {
    const challenge = await newChallenge();
    const { body: first } = await apply(institute, challenge).expect(201);
    const amended = await request(app.http).patch(`/api/v1/challenge-applications/${first.id}`).set(institute.auth).send({ budgetWan: 250, version: first.version }).expect(200);
    expect(amended.body).toMatchObject({ budgetWan: 250, teamLead: '李明 教授' });
    await request(app.http).patch(`/api/v1/challenge-applications/${first.id}`).set(owner.auth).send({ budgetWan: 1, version: amended.body.version }).expect(403);
    await score(organizer, first.id, 'desk', 40).expect(200);
    const late = await request(app.http).patch(`/api/v1/challenge-applications/${first.id}`).set(institute.auth).send({ budgetWan: 200, version: amended.body.version }).expect(409);
    expect(late.body.code).toBe('review_started');

    expect(fieldsOf(await act(organizer, first.id, 'reject').expect(400))).toEqual(['note']);
    await act(organizer, first.id, 'reject', { note: '技术路线与榜单指标不符' }).expect(200);
    const seen = await request(app.http).get(`/api/v1/challenge-applications/${first.id}`).set(institute.auth).expect(200);
    expect(seen.body).toMatchObject({ status: 'rejected', stage: 'desk', decisionNote: '技术路线与榜单指标不符' });
    expect((await apply(institute, challenge).expect(409)).body.code).toBe('already_applied');

    const { body: second } = await apply(university, challenge).expect(201);
    expect((await act(owner, second.id, 'withdraw').expect(403)).body.code).toBe('not_applicant');
    await act(university, second.id, 'withdraw', { note: '团队调整' }).expect(200);
    const third = await apply(university, challenge).expect(201);
    expect(third.body.id).not.toBe(second.id);
    const statuses = await request(app.http).get(`/api/v1/challenge-applications?demandId=${challenge}&status=withdrawn,rejected`).set(owner.auth).expect(200);
    expect(statuses.body.items.map((a: { status: string }) => a.status).sort()).toEqual(['rejected', 'withdrawn']);
  });

  it('an awarded application becomes a deal whose source is the challenge', async () => {
    const challenge = await newChallenge();
    const achievement = (await publishedItem(app, university, 'achievements')).id;
    const { body: application } = await apply(university, challenge, proposal({ achievementId: achievement })).expect(201);
    const deal = { challengeApplicationId: application.id, title: '揭榜挂帅项目合同', kind: 'commissioned_development' };
    expect((await request(app.http).post('/api/v1/deals').set(owner.auth).send(deal).expect(409)).body.code).toBe('not_awarded');
    for (const stage of ['desk', 'site', 'panel']) {
      await score(owner, application.id, stage, 85).expect(200);
      await act(owner, application.id, stage === 'panel' ? 'award' : 'advance').expect(200);
    }
    expect(fieldsOf(await request(app.http).post('/api/v1/deals').set(owner.auth).send({ ...deal, demandId: challenge }).expect(400))).toEqual(['demandId']);
    await request(app.http).post('/api/v1/deals').set(outsider.auth).send(deal).expect(400);
    // The teams also met at a 对接会: the award stays the deal's source, the event is kept beside it.
    const event = await bookingEvent(app, organizer, [[owner, 'demand'], [university, 'supply']]);
    const recorded = await request(app.http).post('/api/v1/deals').set(university.auth).send({ ...deal, eventId: event.id }).expect(201);
    expect(recorded.body).toMatchObject({
      source: 'challenge',
      eventId: event.id,
      sourceLabel: '揭榜挂帅',
      challengeApplicationId: application.id,
      buyer: { id: owner.organizationId },
      seller: { id: university.organizationId },
      demandId: challenge,
      achievementId: achievement,
    });
    await request(app.http).post(`/api/v1/deals/${recorded.body.id}/actions/sign`).set(owner.auth).send({ amountWan: 260, signedOn: '2023-07-19' }).expect(200);
    const report = await request(app.http).get('/api/v1/statistics/deals?from=2023-07-19&to=2023-07-19&groupBy=source').set(organizer.auth).expect(200);
    expect(report.body.groups).toEqual([expect.objectContaining({ key: 'challenge', label: '揭榜挂帅', deals: 1, turnoverWan: 260 })]);
  });

  it('whether a confidential demand is a challenge is not told to those who read only its neutral face', async () => {
    const hidden = { visibility: 'confidential', neutralTitle: '某风电企业技术难题' };
    const secretChallenge = await newChallenge(hidden);
    const secretDemand = (await publishedItem(app, owner, 'demands', hidden)).id;
    const probes = [(id: string) => apply(university, id), (id: string) => request(app.http).get(`/api/v1/demands/${id}/experts`).set(university.auth)];
    for (const probe of probes) {
      const [challenge, demand] = [await probe(secretChallenge), await probe(secretDemand)];
      expect(challenge.status).toBe(403);
      expect({ status: demand.status, code: demand.body.code, message: demand.body.message }).toEqual({ status: challenge.status, code: challenge.body.code, message: challenge.body.message });
    }
  });

  it('a challenge with applications under review or awarded stays a challenge; with none live it may become an ordinary demand', async () => {
    const challenge = await newChallenge();
    const { body: application } = await apply(university, challenge).expect(201);
    const demand = async () => (await request(app.http).get(`/api/v1/demands/${challenge}`).set(owner.auth).expect(200)).body;
    const edit = async (changes: Record<string, unknown>, status: number) =>
      request(app.http).patch(`/api/v1/demands/${challenge}`).set(owner.auth).send({ ...changes, version: (await demand()).version }).expect(status);
    const refused = await edit({ challenge: null }, 409);
    expect(refused.body).toMatchObject({ code: 'challenge_has_applications', fields: [{ field: 'challenge', code: 'liveApplications' }] });
    expect((await demand()).challenge).not.toBeNull();
    await edit({ title: '高寒风电主轴轴承早期损伤预警（第二轮）' }, 200);
    await act(university, application.id, 'withdraw').expect(200);
    expect((await edit({ challenge: null }, 200)).body.challenge).toBeNull();

    // An application made while such an edit commits waits for it, and finds no challenge.
    const raced = await newChallenge();
    const answer = await whileCommitting(app, (db) => db.query('UPDATE tech_demands SET is_challenge = false WHERE id = $1', [raced]), () => apply(institute, raced));
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 409, code: 'not_a_challenge' });
  });

  it('a challenge made confidential after the application shows the applicant its neutral title, in the application and its decisions, until disclosed to it', async () => {
    const challenge = await newChallenge();
    const { body: application } = await apply(university, challenge).expect(201);
    const { version } = (await request(app.http).get(`/api/v1/demands/${challenge}`).set(owner.auth).expect(200)).body;
    const secret = { visibility: 'confidential', title: '某型舰船推进主轴轴承国产化替代', neutralTitle: '某装备企业轴承技术难题', version };
    await request(app.http).patch(`/api/v1/demands/${challenge}`).set(owner.auth).send(secret).expect(200);
    const titleRead = async () => (await request(app.http).get(`/api/v1/challenge-applications/${application.id}`).set(university.auth).expect(200)).body.challenge.title;
    expect(await titleRead()).toBe(secret.neutralTitle);
    await act(owner, application.id, 'reject', { note: '技术路线与榜单指标不符' }).expect(200);
    const notices = (await request(app.http).get('/api/v1/notifications?kind=challenge').set(university.auth).expect(200)).body.items as Array<{ title: string; subject: { applicationId?: string } }>;
    expect(notices.filter((n) => n.subject.applicationId === application.id).map((n) => n.title)).toEqual([`${secret.neutralTitle}：揭榜申请未通过评审`]);
    await request(app.http).put(`/api/v1/demands/${challenge}/disclosures/${university.organizationId}`).set(owner.auth).expect(200);
    expect(await titleRead()).toBe(secret.title);
  });

  it('organizers read 发榜, 揭榜 and 挂帅 figures by challenge owner, with the contracts that followed', async () => {
    const issuer = await registerOrganization(app, 'enterprise', { regionCode: '210211' });
    await verifyOrganization(app, issuer.organizationId!);
    const issue = async (rewardWan: number) => (await publishedItem(app, issuer, 'demands', challengeBody({ challenge: { rewardWan, deadline: inDays(30), evaluationPlan: '三步评审' } }))).id;
    const [first, second] = [await issue(300), await issue(200)];
    const { body: winner } = await apply(university, first).expect(201);
    const { body: quitter } = await apply(institute, first).expect(201);
    await act(institute, quitter.id, 'withdraw').expect(200);
    for (const stage of ['desk', 'site', 'panel']) {
      await score(organizer, winner.id, stage, 80).expect(200);
      await act(issuer, winner.id, stage === 'panel' ? 'award' : 'advance').expect(200);
    }
    const { body: loser } = await apply(university, second).expect(201);
    await act(issuer, loser.id, 'reject', { note: '指标不符' }).expect(200);
    await request(app.http)
      .post('/api/v1/deals')
      .set(issuer.auth)
      .send({ challengeApplicationId: winner.id, title: '揭榜项目合同', kind: 'joint_development', stage: 'signed', amountWan: 100, signedOn: inDays(0) })
      .expect(201);

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // publishing days are China days
    const report = await request(app.http).get(`/api/v1/statistics/challenges?from=${today}&to=${today}&groupBy=owner`).set(organizer.auth).expect(200);
    expect(report.body.groups).toContainEqual({
      key: issuer.organizationId, label: expect.any(String), challenges: 2, rewardWan: 500, applications: 2, awarded: 1, solved: 1, contractWan: 100,
      // The awarded project's plan: two milestones, none accepted or late yet.
      milestones: 2, milestonesAccepted: 0, milestonesOverdue: 0, projectsOverdue: 0,
    });
    expect(report.body.totals.challenges).toBeGreaterThanOrEqual(2);
    const byCity = await request(app.http).get(`/api/v1/statistics/challenges?from=${today}&to=${today}&groupBy=region`).set(organizer.auth).expect(200);
    expect(byCity.body.groups.map((g: { key: string }) => g.key)).toContain('210200');
    // Narrowed to 大连 (the issuer's city), grouped by its districts.
    const inDalian = await request(app.http).get(`/api/v1/statistics/challenges?from=${today}&to=${today}&groupBy=region&regionPrefix=2102`).set(organizer.auth).expect(200);
    expect(inDalian.body.regionName).toBe('辽宁省大连市');
    expect(inDalian.body.groups).toContainEqual(expect.objectContaining({ key: '210211', challenges: expect.any(Number) }));
    expect(inDalian.body.groups.every((g: { key: string }) => g.key.startsWith('2102'))).toBe(true);
    await request(app.http).get(`/api/v1/statistics/challenges?from=${today}&to=${today}`).set(issuer.auth).expect(403);
    const backwards = await request(app.http).get(`/api/v1/statistics/challenges?from=${today}&to=2020-01-01`).set(organizer.auth).expect(400);
    expect(fieldsOf(backwards)).toEqual(['to']);
  });
});
