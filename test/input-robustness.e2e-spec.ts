import request from 'supertest';
import { loginAdmin, PASSWORD, registerOrganization, type Session, userWithRole } from './support/accounts';
import { achievementBody, demandBody, publishedItem, verifyOrganization } from './support/catalog';
import { challengeProject, poolExpert } from './support/challenges';
import { startTestApp, type TestApp } from './support/harness';
import { AnswerCheck, type BodyRoute } from './support/fuzz';
import { insertMatch } from './support/matching';

/**
 * Whatever a client sends to the catalogue, match and organisation routes, the answer is never a 500: each valid
 * body is sent again with one field (or a nested one) replaced by arbitrary JSON, or the whole body
 * replaced; each list is asked with arbitrary values for its query parameters. Every answer must be a
 * success or a 4xx in the one error shape.
 */
describe('catalogue, match, challenge, deal, organisation and account routes never answer arbitrary input with a 500', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let organizer: Session;
  let admin: Session;
  let demand: { id: string; version: number };
  let draft: string;
  let matchId: string;
  let achievementId: string;
  let dealId: string;
  let challengeId: string;
  let applicationId: string;
  let confidentialId: string;
  let disclosureRequestId: string;
  let awardedId: string;
  let completionId: string;
  let expert: Session;
  let colleagueId: string;

  beforeAll(async () => {
    // Mail on, so the reset request is fuzzed past its configuration check (no worker sends anything).
    app = await startTestApp({ worker: false, env: { MAIL_URL: 'smtp://127.0.0.1:9' } });
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    organizer = await userWithRole(app, 'organizer', 'government');
    admin = await loginAdmin(app);
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    demand = await publishedItem(app, enterprise, 'demands');
    const achievement = await publishedItem(app, university, 'achievements');
    draft = (await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody()).expect(201)).body.id;
    // The worker is not running: a match row as it would write one.
    matchId = await insertMatch(app, demand.id, achievement.id);
    achievementId = achievement.id;
    dealId = (await request(app.http).post('/api/v1/deals').set(enterprise.auth).send(dealBody()).expect(201)).body.id;
    challengeId = (await publishedItem(app, enterprise, 'demands', { challenge: { rewardWan: 200, deadline: inDays(30), evaluationPlan: '三步评审' } })).id;
    applicationId = (await request(app.http).post(`/api/v1/demands/${challengeId}/applications`).set(university.auth).send(applicationBody()).expect(201)).body.id;
    confidentialId = (await publishedItem(app, enterprise, 'demands', { visibility: 'confidential' })).id;
    disclosureRequestId = (await request(app.http).post(`/api/v1/demands/${confidentialId}/disclosure-requests`).set(university.auth).send({ message: '可提供方案' }).expect(201)).body.id;
    awardedId = (await challengeProject(app, enterprise, university)).applicationId;
    const done = await request(app.http).post(`/api/v1/challenge-applications/${awardedId}/milestone-reports`).set(university.auth).send({ milestone: 1, kind: 'completion', note: '完成' }).expect(201);
    completionId = done.body.milestones[0].pendingReportId;
    expert = await poolExpert(app, organizer, await registerOrganization(app, 'institute'));
    await request(app.http).post(`/api/v1/demands/${challengeId}/experts`).set(enterprise.auth).send({ userId: expert.userId }).expect(201);
    const invited = await request(app.http).post(`/api/v1/organizations/${enterprise.organizationId}/invitations`).set(enterprise.auth).send({ email: 'robust.member@example.test' }).expect(201);
    colleagueId = (await request(app.http).post('/api/v1/auth/register').send({ email: 'robust.member@example.test', password: PASSWORD, displayName: '成员', invitationToken: invited.body.token }).expect(201)).body.user.id;
  });
  afterAll(() => app.close());

  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const applicationBody = (): Record<string, unknown> => ({
    teamLead: '李明',
    teamMembers: ['张华'],
    proposal: '以声发射监测低速重载轴承早期损伤，并在风场开展示范验证。',
    budgetWan: 150,
    milestones: [{ dueOn: inDays(60), deliverable: '样机' }, { dueOn: inDays(200), deliverable: '示范' }],
  });

  const dealBody = (): Record<string, unknown> => ({
    buyerOrganizationId: enterprise.organizationId,
    sellerOrganizationId: university.organizationId,
    demandId: demand.id,
    achievementId,
    title: '声发射监测技术许可',
    kind: 'license',
    stage: 'signed',
    amountWan: 60,
    signedOn: '2026-01-10',
  });

  it('replacing one field, or the whole body, with arbitrary JSON gives a 2xx or a 4xx in the error shape', async () => {
    const check = new AnswerCheck(app);
    const routes: BodyRoute[] = [
      { verb: 'post', path: '/api/v1/demands', who: () => enterprise, body: demandBody() },
      { verb: 'post', path: '/api/v1/demands', who: () => enterprise, body: demandBody().budget as Record<string, unknown>, wrap: (budget) => demandBody({ budget }) },
      { verb: 'post', path: '/api/v1/achievements', who: () => university, body: achievementBody() },
      { verb: 'post', path: '/api/v1/achievements', who: () => university, body: (achievementBody().ipRights as Array<Record<string, unknown>>)[0]!, wrap: (ip) => achievementBody({ ipRights: [ip] }) },
      { verb: 'patch', path: `/api/v1/demands/${draft}`, who: () => enterprise, body: { version: 1, title: '修改后的需求', keywords: ['轴承'], budget: { minWan: 10, maxWan: 20 } } },
      { verb: 'post', path: `/api/v1/matches/${matchId}/feedback`, who: () => enterprise, body: { verdict: 'not_relevant', reason: '方向不符' } },
      { verb: 'post', path: `/api/v1/matches/${matchId}/messages`, who: () => enterprise, body: { body: '希望了解中试数据' } },
      { verb: 'post', path: `/api/v1/matches/${matchId}/actions/dismiss`, who: () => enterprise, body: { reason: '方向不符', version: 1 } },
      {
        verb: 'patch',
        path: `/api/v1/organizations/${enterprise.organizationId}`,
        who: () => enterprise,
        body: { version: 1, name: '大连某装备有限公司', description: '风电装备', fields: ['equipment'], tiers: ['high_tech'], size: 'medium' },
      },
      { verb: 'post', path: `/api/v1/organizations/${enterprise.organizationId}/invitations`, who: () => enterprise, body: { email: 'colleague@example.test', memberRole: 'member' } },
      { verb: 'put', path: `/api/v1/demands/${demand.id}/disclosures/${university.organizationId}`, who: () => enterprise, body: {} },
      { verb: 'post', path: `/api/v1/demands/${confidentialId}/disclosure-requests`, who: () => university, body: { message: '我方有相关成果' } },
      { verb: 'post', path: `/api/v1/disclosure-requests/${disclosureRequestId}/actions/decline`, who: () => enterprise, body: { note: '暂不公开', version: 1 } },
      { verb: 'post', path: '/api/v1/deals', who: () => enterprise, body: dealBody() },
      { verb: 'post', path: `/api/v1/deals/${dealId}/actions/sign`, who: () => university, body: { amountWan: 80, signedOn: '2026-01-15', version: 1 } },
      { verb: 'post', path: `/api/v1/demands/${challengeId}/applications`, who: () => university, body: applicationBody() },
      {
        verb: 'post',
        path: `/api/v1/demands/${challengeId}/applications`,
        who: () => university,
        body: (applicationBody().milestones as Array<Record<string, unknown>>)[0]!,
        wrap: (milestone) => ({ ...applicationBody(), milestones: [milestone] }),
      },
      { verb: 'patch', path: `/api/v1/challenge-applications/${applicationId}`, who: () => university, body: { ...applicationBody(), version: 1 } },
      { verb: 'post', path: `/api/v1/challenge-applications/${applicationId}/reviews`, who: () => enterprise, body: { stage: 'desk', score: 75, comment: '可行', version: 1 } },
      { verb: 'post', path: `/api/v1/challenge-applications/${applicationId}/actions/advance`, who: () => enterprise, body: { note: '通过', version: 1 } },
      { verb: 'post', path: `/api/v1/demands/${challengeId}/experts`, who: () => enterprise, body: { userId: expert.userId, stages: ['desk', 'site'] } },
      { verb: 'patch', path: `/api/v1/demands/${challengeId}/experts/${expert.userId}`, who: () => enterprise, body: { stages: ['panel'] } },
      { verb: 'post', path: `/api/v1/challenge-applications/${awardedId}/milestone-reports`, who: () => university, body: { milestone: 2, kind: 'delay', note: '延期', revisedDueOn: inDays(400) } },
      { verb: 'post', path: `/api/v1/challenge-applications/${awardedId}/milestone-reports/${completionId}/actions/return`, who: () => enterprise, body: { note: '缺少数据' } },
      { verb: 'patch', path: `/api/v1/organizations/${enterprise.organizationId}/members/${colleagueId}`, who: () => enterprise, body: { memberRole: 'admin' } },
      { verb: 'patch', path: '/api/v1/me', who: () => university, body: { displayName: '新名字' } },
      { verb: 'post', path: '/api/v1/auth/password-reset', who: () => university, body: { token: 'x'.repeat(43), password: 'Another-password-9' } },
      { verb: 'post', path: '/api/v1/auth/password-reset-requests', who: () => university, body: { email: 'someone@example.test' } },
      { verb: 'post', path: '/api/v1/subscriptions', who: () => university, body: { kind: 'demand', fieldCodes: ['equipment'], keywords: ['轴承'], regionPrefix: '21' } },
      { verb: 'post', path: '/api/v1/me/close-account', who: () => university, body: { password: 'Not-the-password-1' } },
      { verb: 'put', path: '/api/v1/me/expert-profile', who: () => university, body: { professionalTitle: '教授', fieldCodes: ['equipment'], specialties: '旋转机械故障诊断' } },
      { verb: 'post', path: '/api/v1/admin/mail/actions/resend-failed', who: () => admin, body: { kind: 'event.invitation', recipient: 'someone@example.test', since: '2026-12-01T08:00:00+08:00' } },
    ];
    await check.bodies(routes, 25, 7);
    expect(check.problems).toEqual([]);
    expect([...check.statuses].filter((s) => s < 300).length).toBeGreaterThan(0);
    expect(check.statuses).toContain(400);
  });

  it('arbitrary query parameters on every list give a 2xx or a 4xx in the error shape', async () => {
    const check = new AnswerCheck(app);
    const keys = ['q', 'fieldCode', 'chainCode', 'regionPrefix', 'organizationId', 'cooperationMode', 'status', 'budgetMin', 'budgetMax', 'priceMin', 'priceMax', 'desiredStage', 'stage', 'trlMin', 'trlMax', 'challengeOnly', 'sort', 'page', 'pageSize', 'state', 'side', 'format', 'demandId', 'from', 'to', 'groupBy', 'box', 'itemKind', 'itemId', 'verified', 'type'];
    await check.lists(
      [
        ['/api/v1/demands', enterprise],
        ['/api/v1/achievements', university],
        ['/api/v1/demands/export', enterprise],
        [`/api/v1/demands/${demand.id}/matches`, enterprise],
        ['/api/v1/matches', enterprise],
        [`/api/v1/matches/${matchId}/messages`, enterprise],
        ['/api/v1/matches/export', enterprise],
        ['/api/v1/deals', enterprise],
        ['/api/v1/deals/export', enterprise],
        ['/api/v1/me/bookmarks', enterprise],
        ['/api/v1/challenge-applications', enterprise],
        ['/api/v1/disclosure-requests', enterprise],
        ['/api/v1/challenge-applications/export', enterprise],
        ['/api/v1/statistics/deals', organizer],
        ['/api/v1/statistics/challenges', organizer],
        ['/api/v1/statistics/catalog', organizer],
        ['/api/v1/statistics/catalog/export', organizer],
        ['/api/v1/statistics/conversion', organizer],
        ['/api/v1/statistics/deals/export', organizer],
        ['/api/v1/statistics/challenges/export', organizer],
        ['/api/v1/statistics/conversion/export', organizer],
        ['/api/v1/challenge-projects', enterprise],
        ['/api/v1/challenge-projects/export', organizer],
        ['/api/v1/me/review-assignments', expert],
        ['/api/v1/me/sessions', enterprise],
        ['/api/v1/admin/organizations', admin],
        ['/api/v1/admin/mail', admin],
        ['/api/v1/experts', organizer],
        ['/api/v1/organizations', enterprise],
      ],
      keys,
      40,
    );
    expect(check.problems).toEqual([]);
    expect(check.statuses).toContain(200);
    expect(check.statuses).toContain(400);
  });

  // Inputs that once reached the database and failed there with a 500; each is now a 400 naming the field.
  it.each([
    ['a list where an object is expected (sign-up)', () => request(app.http).post('/api/v1/auth/register').send({ email: `list-${Date.now()}@example.test`, password: PASSWORD, displayName: '列表', organization: [] }), 'organization'],
    ['a list where an object is expected (budget)', () => request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody({ budget: [] })), 'budget'],
    ['year 0 in a report period', () => request(app.http).get('/api/v1/statistics/deals').query({ from: '0000-01-01', to: '2026-01-01' }).set(organizer.auth), 'from'],
    ['year 0 as a signing day', () => request(app.http).post('/api/v1/deals').set(enterprise.auth).send({ ...dealBody(), signedOn: '0000-01-01' }), 'signedOn'],
    // Variation selectors (U+FE0F) count as characters in PostgreSQL: 120 of them do not fit 60.
    ['a text whose length only PostgreSQL counts in full', () => request(app.http).post(`/api/v1/demands/${challengeId}/applications`).set(expert.auth).send({ ...applicationBody(), teamLead: 'a\uFE0F'.repeat(60) }), 'teamLead'],
  ])('%s is a 400 naming the field', async (_case, send, field) => {
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });
});
