import request from 'supertest';
import { ADMIN, assignBroker, creditCode, login, loginAdmin, PASSWORD, registerOrganization, type Session, userWithRole } from './support/accounts';
import { achievementBody, demandBody, publishedItem, verifyOrganization } from './support/catalog';
import { eventMatrixRows } from './support/events-matrix';
import { award, poolExpert } from './support/challenges';
import { startTestApp, type TestApp } from './support/harness';
import { insertMatch } from './support/matching';

/**
 * Every route in the OpenAPI document × every kind of caller, with the status each must get.
 * A route missing from the table (or a table entry with no route) fails the test, so a new
 * endpoint cannot ship without deciding who may call it.
 */
const PERSONAS = ['anonymous', 'enterpriseA', 'enterpriseB', 'university', 'brokerAssigned', 'brokerUnassigned', 'organizer', 'admin'] as const;
type Persona = (typeof PERSONAS)[number];
type Expected = Record<Persona, number>;
type Call = { path: string; body?: unknown; file?: { name: string; content: string } };
interface Row {
  expect: Expected;
  /** Builds the request for one caller; fresh resources where the call consumes or destroys one. */
  call: (persona: Persona, session: Session | undefined) => Promise<Call>;
}

const all = (status: number): Expected => Object.fromEntries(PERSONAS.map((p) => [p, status])) as Expected;
const signedIn = (status: number): Expected => ({ ...all(status), anonymous: 401 });
const adminOnly = (status: number): Expected => ({ ...all(403), anonymous: 401, admin: status });
/** An item of organisation A: its owner, A's broker and admins may change it; others who can see it are refused, others see nothing. */
const itemOwners = (status: number, visibleToOthers: boolean): Expected => {
  const other = visibleToOthers ? 403 : 404;
  return { anonymous: 401, enterpriseA: status, enterpriseB: other, university: other, brokerAssigned: status, brokerUnassigned: other, organizer: other, admin: status };
};
/** Who may own catalogue items: members of enterprises, universities and institutes. */
const itemCreators = (status: number): Expected => ({ anonymous: 401, enterpriseA: status, enterpriseB: status, university: status, brokerAssigned: 403, brokerUnassigned: 403, organizer: 403, admin: 403 });
/** Organisation A's own: A's owner and platform admins succeed; a member-level broker is refused; everyone else sees nothing. */
const orgAdmins = (status: number, broker: number): Expected => ({
  anonymous: 401, enterpriseA: status, enterpriseB: 404, university: 404, brokerAssigned: broker, brokerUnassigned: 404, organizer: 404, admin: status,
});

describe('authorization matrix: every route × every caller', () => {
  let app: TestApp;
  const sessions = {} as Record<Exclude<Persona, 'anonymous'>, Session>;
  let orgA: string;
  let pingId: string;
  let rows: Record<string, Row>;

  beforeAll(async () => {
    // Mail is on (so the reset request is accepted), but with no worker nothing is ever sent.
    app = await startTestApp({ worker: false, env: { MAIL_URL: 'smtp://127.0.0.1:9' } });
    sessions.enterpriseA = await registerOrganization(app, 'enterprise');
    sessions.enterpriseB = await registerOrganization(app, 'enterprise');
    sessions.university = await registerOrganization(app, 'university');
    sessions.brokerAssigned = await userWithRole(app, 'broker', 'agency');
    sessions.brokerUnassigned = await userWithRole(app, 'broker', 'agency');
    sessions.organizer = await userWithRole(app, 'organizer', 'government');
    sessions.admin = await loginAdmin(app);
    orgA = sessions.enterpriseA.organizationId!;
    await assignBroker(app, sessions.brokerAssigned, orgA);
    pingId = (await request(app.http).post('/api/v1/system/pings').set(sessions.admin.auth).send({}).expect(202)).body.id;

    const a = () => sessions.enterpriseA;
    const admin = () => sessions.admin;
    const freshUserSession = () => registerOrganization(app, 'enterprise');
    const expertProfile = { professionalTitle: '教授', fieldCodes: ['equipment'], specialties: '旋转机械故障诊断' };
    const enterPool = async (session: Session | undefined) => {
      if (session) await request(app.http).put('/api/v1/me/expert-profile').set(session.auth).send(expertProfile).expect(200);
    };
    const freshUser = async () => (await freshUserSession()).userId;
    const freshMember = async () => {
      const email = `member-${Math.random().toString(36).slice(2)}@example.test`;
      const inv = await request(app.http).post(`/api/v1/organizations/${orgA}/invitations`).set(a().auth).send({ email }).expect(201);
      const joined = await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: 'm', invitationToken: inv.body.token }).expect(201);
      return joined.body.user.id as string;
    };
    const freshInvitation = async () =>
      (await request(app.http).post(`/api/v1/organizations/${orgA}/invitations`).set(a().auth).send({ email: `inv-${Math.random().toString(36).slice(2)}@example.test` }).expect(201)).body.id as string;
    /** A mail given up on after a mail server outage, its body kept. */
    const freshFailedMail = async () =>
      (
        await app.sql<{ id: string }>(
          `INSERT INTO mail_messages (kind, recipient, subject, body, status, failure_reason, finished_at) VALUES ('event.invitation', 'matrix@example.test', '邀请', '正文', 'failed', 'not delivered', now()) RETURNING id`,
        )
      )[0]!.id;
    const freshBroker = async () => (await userWithRole(app, 'broker', 'agency')).userId;
    const versionOfA = async () => (await request(app.http).get(`/api/v1/organizations/${orgA}`).set(a().auth).expect(200)).body.version as number;

    await verifyOrganization(app, orgA);
    const published = {
      demands: (await publishedItem(app, a(), 'demands')).id,
      achievements: (await publishedItem(app, a(), 'achievements')).id,
    };
    // Matches come from the worker (not running here): rows written as it would write them.
    await verifyOrganization(app, sessions.university.organizationId!);
    const universityAchievement = (await publishedItem(app, sessions.university, 'achievements')).id;
    const matchWith = (demandId: string) => insertMatch(app, demandId, universityAchievement);
    const matchId = await matchWith(published.demands);
    const freshMatch = async () => matchWith((await publishedItem(app, a(), 'demands')).id);
    /** One rebuild runs at a time and no worker runs here to finish one: the one left running is cancelled before the next start. */
    const noRebuildRunning = () => app.sql(`UPDATE matching_rebuilds SET status = 'cancelled', finished_at = now() WHERE status = 'running'`);
    const freshRebuild = async () => {
      await noRebuildRunning();
      return (await request(app.http).post('/api/v1/admin/matching/rebuilds').set(admin().auth).send({}).expect(202)).body.id as string;
    };
    const rebuildId = await freshRebuild();
    /** The owners of either side of a match (A, its broker, the university) and admins; others see nothing. */
    const matchSides = (status: number): Expected => ({ ...itemOwners(status, false), university: status });
    /** An organisation's match list: its members, its broker and admins; others are refused by name. */
    const orgMatches: Expected = { ...orgAdmins(200, 200), enterpriseB: 403, university: 403, brokerUnassigned: 403, organizer: 403 };
    /** Feedback and actions belong to the parties: an admin reads a match but acts for neither side. */
    const matchParties = (status: number): Expected => ({ ...matchSides(status), admin: 403 });
    /** A deal between A (buyer) and the university (seller): the parties, A's broker; admins read it but move nothing. */
    const dealBody = { buyerOrganizationId: orgA, sellerOrganizationId: sessions.university.organizationId, achievementId: universityAchievement, title: '矩阵合同', kind: 'license' };
    const freshDeal = async () => (await request(app.http).post('/api/v1/deals').set(a().auth).send(dealBody).expect(201)).body.id as string;
    const dealId = await freshDeal();
    const dealParties = (status: number, admin: number): Expected => ({ ...matchSides(status), admin });
    const notParties = (status: number): Expected => ({ ...all(403), anonymous: 401, enterpriseA: status, university: status, brokerAssigned: status });
    /** 揭榜挂帅: challenges of A, applied to by the university; A's side and organizers review, admins read. */
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const freshChallenge = async () =>
      (await publishedItem(app, a(), 'demands', { challenge: { rewardWan: 100, deadline: inDays(30), evaluationPlan: '三步评审' } })).id;
    const applicationBody = { teamLead: '矩阵', proposal: '矩阵测试用的揭榜技术方案，说明如何达到榜单指标。', budgetWan: 90, milestones: [{ dueOn: inDays(90), deliverable: '样机' }] };
    const freshApplication = async () =>
      (await request(app.http).post(`/api/v1/demands/${await freshChallenge()}/applications`).set(sessions.university.auth).send(applicationBody).expect(201)).body as { id: string; version: number };
    const application = await freshApplication();
    /** After 挂帅: the university's team reports, A's side accepts, organizers and admins follow. */
    const freshAwarded = async () => {
      const { id } = await freshApplication();
      await award(app, a(), id);
      return id;
    };
    const awarded = await freshAwarded();
    const freshCompletion = async () => {
      const id = await freshAwarded();
      const done = await request(app.http).post(`/api/v1/challenge-applications/${id}/milestone-reports`).set(sessions.university.auth).send({ milestone: 1, kind: 'completion', note: '完成' }).expect(201);
      return `/api/v1/challenge-applications/${id}/milestone-reports/${done.body.milestones[0].pendingReportId as string}`;
    };
    /** 专家评审: A's side and organizers appoint experts; admins read the panel. */
    const expertChallenge = await freshChallenge();
    const expertPanel = (status: number, admin: number): Expected => ({
      anonymous: 401, enterpriseA: status, enterpriseB: 403, university: 403, brokerAssigned: status, brokerUnassigned: 403, organizer: status, admin,
    });
    const freshExpert = async () => {
      const expert = await poolExpert(app, sessions.organizer, await registerOrganization(app, 'university'));
      await request(app.http).post(`/api/v1/demands/${expertChallenge}/experts`).set(a().auth).send({ userId: expert.userId }).expect(201);
      return expert.userId;
    };
    const applicationReaders: Expected = { anonymous: 401, enterpriseA: 200, enterpriseB: 404, university: 200, brokerAssigned: 200, brokerUnassigned: 404, organizer: 200, admin: 200 };
    const applicationReviewers = (status: number): Expected => ({ ...applicationReaders, enterpriseA: status, brokerAssigned: status, organizer: status, university: 403, admin: 403 });
    const bodies = { demands: demandBody, achievements: achievementBody };
    const freshDraft = async (kind: 'demands' | 'achievements') =>
      (await request(app.http).post(`/api/v1/${kind}`).set(a().auth).send(bodies[kind]()).expect(201)).body.id as string;
    const importCsv = (kind: 'demands' | 'achievements') => ({ name: `${kind}.csv`, content: kind === 'demands' ? '外部编号,需求名称\nM-1,x' : '外部编号,成果名称\nM-1,x' });
    const importId = (await request(app.http).post('/api/v1/demands/import').query({ dryRun: 'true' }).set(a().auth).attach('file', Buffer.from(importCsv('demands').content), 'm.csv').expect(201)).body.id as string;
    const freshConfidential = async (kind: 'demands' | 'achievements') => (await publishedItem(app, a(), kind, { visibility: 'confidential' })).id;
    /** The university asks A to disclose a confidential demand: A's side answers, the university withdraws. */
    const freshDisclosureRequest = async () =>
      (await request(app.http).post(`/api/v1/demands/${await freshConfidential('demands')}/disclosure-requests`).set(sessions.university.auth).send({}).expect(201)).body.id as string;
    const disclosureRequestId = await freshDisclosureRequest();
    const pdf = { name: '检测报告.pdf', content: '%PDF-1.4 matrix' };
    const freshAttachment = async (itemId: string, kind: 'demands' | 'achievements' = 'demands') =>
      (await request(app.http).post(`/api/v1/${kind}/${itemId}/attachments`).set(a().auth).attach('file', Buffer.from(pdf.content), pdf.name).expect(201)).body.id as string;
    const publicAttachment = await freshAttachment(published.demands);
    const catalogRows: Record<string, Row> = {
      'GET /api/v1/attachments/{id}': { expect: all(200), call: async () => ({ path: `/api/v1/attachments/${publicAttachment}` }) },
      'DELETE /api/v1/attachments/{id}': { expect: itemOwners(204, false), call: async () => ({ path: `/api/v1/attachments/${await freshAttachment(await freshDraft('achievements'), 'achievements')}` }) },
    };
    for (const kind of ['demands', 'achievements'] as const) {
      const base = `/api/v1/${kind}`;
      Object.assign(catalogRows, {
        [`GET ${base}`]: { expect: all(200), call: async () => ({ path: base }) },
        [`GET ${base}/export`]: { expect: all(200), call: async () => ({ path: `${base}/export?format=csv` }) },
        [`GET ${base}/{id}`]: { expect: all(200), call: async () => ({ path: `${base}/${published[kind]}` }) },
        [`POST ${base}`]: { expect: itemCreators(201), call: async () => ({ path: base, body: bodies[kind]() }) },
        [`POST ${base}/import`]: { expect: itemCreators(201), call: async () => ({ path: `${base}/import?dryRun=true`, file: importCsv(kind) }) },
        [`PATCH ${base}/{id}`]: { expect: itemOwners(200, false), call: async () => ({ path: `${base}/${await freshDraft(kind)}`, body: { version: 1, keywords: ['矩阵'] } }) },
        [`DELETE ${base}/{id}`]: { expect: itemOwners(204, false), call: async () => ({ path: `${base}/${await freshDraft(kind)}` }) },
        [`POST ${base}/{id}/actions/{action}`]: { expect: itemOwners(200, false), call: async () => ({ path: `${base}/${await freshDraft(kind)}/actions/publish`, body: {} }) },
        [`GET ${base}/{id}/disclosures`]: { expect: itemOwners(200, true), call: async () => ({ path: `${base}/${published[kind]}/disclosures` }) },
        [`GET ${base}/{id}/attachments`]: { expect: all(200), call: async () => ({ path: `${base}/${published[kind]}/attachments` }) },
        [`GET ${base}/{id}/views`]: { expect: itemOwners(200, true), call: async () => ({ path: `${base}/${published[kind]}/views` }) },
        [`POST ${base}/{id}/attachments`]: { expect: itemOwners(201, false), call: async () => ({ path: `${base}/${await freshDraft(kind)}/attachments`, file: pdf }) },
        [`GET ${base}/{id}/matches`]: { expect: itemOwners(200, true), call: async () => ({ path: `${base}/${published[kind]}/matches` }) },
        // 违规下架 is the operators' alone, the owner's side included; once down, only the owner's side still sees the item.
        [`POST ${base}/{id}/take-down`]: { expect: adminOnly(200), call: async () => ({ path: `${base}/${(await publishedItem(app, a(), kind)).id}/take-down`, body: { reason: '矩阵核验' } }) },
        [`DELETE ${base}/{id}/take-down`]: {
          expect: { ...itemOwners(403, false), admin: 200 },
          call: async () => {
            const { id } = await publishedItem(app, a(), kind);
            await request(app.http).post(`${base}/${id}/take-down`).set(admin().auth).send({ reason: '矩阵核验' }).expect(200);
            return { path: `${base}/${id}/take-down` };
          },
        },
        // Only a verified enterprise, university or institute that sees the item redacted may ask; those who read it in full are told so.
        [`POST ${base}/{id}/disclosure-requests`]: {
          expect: { anonymous: 401, enterpriseA: 409, enterpriseB: 403, university: 201, brokerAssigned: 409, brokerUnassigned: 403, organizer: 403, admin: 403 },
          call: async () => ({ path: `${base}/${await freshConfidential(kind)}/disclosure-requests`, body: {} }),
        },
        [`PUT ${base}/{id}/disclosures/{organizationId}`]: {
          expect: itemOwners(200, true),
          call: async () => ({ path: `${base}/${published[kind]}/disclosures/${sessions.university.organizationId}` }),
        },
        [`DELETE ${base}/{id}/disclosures/{organizationId}`]: {
          expect: itemOwners(204, true),
          call: async () => {
            await request(app.http).put(`${base}/${published[kind]}/disclosures/${sessions.enterpriseB.organizationId}`).set(a().auth).expect(200);
            return { path: `${base}/${published[kind]}/disclosures/${sessions.enterpriseB.organizationId}` };
          },
        },
      });
    }

    rows = {
      ...catalogRows,
      ...(await eventMatrixRows(app, sessions)),
      'POST /api/v1/deals': { expect: notParties(201), call: async () => ({ path: '/api/v1/deals', body: dealBody }) },
      'GET /api/v1/deals': { expect: signedIn(200), call: async () => ({ path: '/api/v1/deals' }) },
      'GET /api/v1/deals/{id}': { expect: dealParties(200, 200), call: async () => ({ path: `/api/v1/deals/${dealId}` }) },
      'GET /api/v1/deals/export': { expect: signedIn(200), call: async () => ({ path: '/api/v1/deals/export?format=csv' }) },
      'GET /api/v1/deals/{id}/attachments': { expect: dealParties(200, 200), call: async () => ({ path: `/api/v1/deals/${dealId}/attachments` }) },
      'POST /api/v1/deals/{id}/attachments': { expect: dealParties(201, 403), call: async () => ({ path: `/api/v1/deals/${await freshDeal()}/attachments`, file: pdf }) },
      'POST /api/v1/deals/{id}/actions/{action}': { expect: dealParties(200, 403), call: async () => ({ path: `/api/v1/deals/${await freshDeal()}/actions/cancel`, body: { reason: '矩阵' } }) },
      'GET /api/v1/statistics/deals': {
        expect: { ...all(403), anonymous: 401, organizer: 200, admin: 200 },
        call: async () => ({ path: '/api/v1/statistics/deals?from=2026-01-01&to=2026-12-31' }),
      },
      'POST /api/v1/demands/{id}/applications': {
        expect: { ...all(403), anonymous: 401, university: 201 },
        call: async () => ({ path: `/api/v1/demands/${await freshChallenge()}/applications`, body: applicationBody }),
      },
      'GET /api/v1/disclosure-requests': { expect: signedIn(200), call: async () => ({ path: '/api/v1/disclosure-requests' }) },
      'GET /api/v1/disclosure-requests/{id}': { expect: matchSides(200), call: async () => ({ path: `/api/v1/disclosure-requests/${disclosureRequestId}` }) },
      'POST /api/v1/disclosure-requests/{id}/actions/{action}': {
        expect: { ...matchSides(200), university: 403 },
        call: async () => ({ path: `/api/v1/disclosure-requests/${await freshDisclosureRequest()}/actions/decline`, body: { note: '矩阵' } }),
      },
      'GET /api/v1/demands/{id}/experts': { expect: expertPanel(200, 200), call: async () => ({ path: `/api/v1/demands/${expertChallenge}/experts` }) },
      'POST /api/v1/demands/{id}/experts': {
        expect: expertPanel(201, 403),
        call: async () => ({ path: `/api/v1/demands/${expertChallenge}/experts`, body: { userId: (await poolExpert(app, sessions.organizer, await registerOrganization(app, 'university'))).userId } }),
      },
      'PATCH /api/v1/demands/{id}/experts/{userId}': {
        expect: expertPanel(200, 403),
        call: async () => ({ path: `/api/v1/demands/${expertChallenge}/experts/${await freshExpert()}`, body: { stages: ['panel'] } }),
      },
      'DELETE /api/v1/demands/{id}/experts/{userId}': {
        expect: expertPanel(204, 403),
        call: async () => ({ path: `/api/v1/demands/${expertChallenge}/experts/${await freshExpert()}` }),
      },
      'GET /api/v1/me/review-assignments': { expect: signedIn(200), call: async () => ({ path: '/api/v1/me/review-assignments' }) },
      // 专家库: each caller enters the pool itself first; organizers and admins approve entries.
      'PUT /api/v1/me/expert-profile': { expect: signedIn(200), call: async () => ({ path: '/api/v1/me/expert-profile', body: expertProfile }) },
      'GET /api/v1/me/expert-profile': { expect: signedIn(200), call: async (_p, session) => (await enterPool(session), { path: '/api/v1/me/expert-profile' }) },
      'DELETE /api/v1/me/expert-profile': { expect: signedIn(204), call: async (_p, session) => (await enterPool(session), { path: '/api/v1/me/expert-profile' }) },
      'GET /api/v1/experts': { expect: signedIn(200), call: async () => ({ path: '/api/v1/experts?fieldCode=equipment' }) },
      'POST /api/v1/experts/{userId}/actions/{action}': {
        expect: { ...all(403), anonymous: 401, organizer: 200, admin: 200 },
        call: async () => {
          const expert = await registerOrganization(app, 'university');
          await enterPool(expert);
          return { path: `/api/v1/experts/${expert.userId}/actions/approve` };
        },
      },
      'GET /api/v1/challenge-projects': { expect: signedIn(200), call: async () => ({ path: '/api/v1/challenge-projects' }) },
      'GET /api/v1/challenge-projects/export': { expect: signedIn(200), call: async () => ({ path: '/api/v1/challenge-projects/export?format=csv' }) },
      'GET /api/v1/challenge-applications/{id}/progress': { expect: applicationReaders, call: async () => ({ path: `/api/v1/challenge-applications/${awarded}/progress` }) },
      'POST /api/v1/challenge-applications/{id}/milestone-reports': {
        expect: { ...applicationReaders, enterpriseA: 403, brokerAssigned: 403, organizer: 403, admin: 403, university: 201 },
        call: async () => ({ path: `/api/v1/challenge-applications/${awarded}/milestone-reports`, body: { milestone: 1, kind: 'progress', note: '矩阵' } }),
      },
      'POST /api/v1/challenge-applications/{id}/milestone-reports/{reportId}/actions/{action}': {
        expect: { ...applicationReaders, university: 403, organizer: 403, admin: 403 },
        call: async () => ({ path: `${await freshCompletion()}/actions/accept`, body: {} }),
      },
      'POST /api/v1/challenge-applications/{id}/termination': {
        expect: { ...applicationReaders, university: 403, organizer: 403, admin: 403 },
        // A fresh project for each caller who terminates it; the refused ones change nothing.
        call: async (persona) => ({ path: `/api/v1/challenge-applications/${['enterpriseA', 'brokerAssigned'].includes(persona) ? await freshAwarded() : awarded}/termination`, body: { reason: '矩阵' } }),
      },
      'GET /api/v1/challenge-applications': { expect: signedIn(200), call: async () => ({ path: '/api/v1/challenge-applications' }) },
      'GET /api/v1/challenge-applications/export': { expect: signedIn(200), call: async () => ({ path: '/api/v1/challenge-applications/export?format=csv' }) },
      'GET /api/v1/challenge-applications/{id}': { expect: applicationReaders, call: async () => ({ path: `/api/v1/challenge-applications/${application.id}` }) },
      'PATCH /api/v1/challenge-applications/{id}': {
        expect: { ...applicationReaders, enterpriseA: 403, brokerAssigned: 403, organizer: 403, admin: 403 },
        call: async () => {
          const fresh = await freshApplication();
          return { path: `/api/v1/challenge-applications/${fresh.id}`, body: { budgetWan: 80, version: fresh.version } };
        },
      },
      'GET /api/v1/challenge-applications/{id}/attachments': { expect: applicationReaders, call: async () => ({ path: `/api/v1/challenge-applications/${application.id}/attachments` }) },
      'POST /api/v1/challenge-applications/{id}/attachments': {
        expect: { ...applicationReaders, university: 201, enterpriseA: 403, brokerAssigned: 403, organizer: 403, admin: 403 },
        call: async () => ({ path: `/api/v1/challenge-applications/${(await freshApplication()).id}/attachments`, file: pdf }),
      },
      'POST /api/v1/challenge-applications/{id}/reviews': {
        expect: applicationReviewers(200),
        call: async () => ({ path: `/api/v1/challenge-applications/${application.id}/reviews`, body: { stage: 'desk', score: 80 } }),
      },
      'POST /api/v1/challenge-applications/{id}/actions/{action}': {
        expect: applicationReviewers(200),
        call: async () => ({ path: `/api/v1/challenge-applications/${(await freshApplication()).id}/actions/reject`, body: { note: '矩阵' } }),
      },
      'GET /api/v1/statistics/challenges': {
        expect: { ...all(403), anonymous: 401, organizer: 200, admin: 200 },
        call: async () => ({ path: '/api/v1/statistics/challenges?from=2026-01-01&to=2026-12-31&groupBy=region' }),
      },
      'GET /api/v1/statistics/catalog': {
        expect: { ...all(403), anonymous: 401, organizer: 200, admin: 200 },
        call: async () => ({ path: '/api/v1/statistics/catalog?from=2026-01-01&to=2026-12-31&groupBy=region' }),
      },
      'GET /api/v1/statistics/catalog/export': {
        expect: { ...all(403), anonymous: 401, organizer: 200, admin: 200 },
        call: async () => ({ path: '/api/v1/statistics/catalog/export?from=2026-01-01&to=2026-12-31&format=csv' }),
      },
      'GET /api/v1/statistics/deals/export': {
        expect: { ...all(403), anonymous: 401, organizer: 200, admin: 200 },
        call: async () => ({ path: '/api/v1/statistics/deals/export?from=2026-01-01&to=2026-12-31&format=csv' }),
      },
      'GET /api/v1/statistics/challenges/export': {
        expect: { ...all(403), anonymous: 401, organizer: 200, admin: 200 },
        call: async () => ({ path: '/api/v1/statistics/challenges/export?from=2026-01-01&to=2026-12-31' }),
      },
      'GET /api/v1/statistics/conversion/export': {
        expect: { ...all(403), anonymous: 401, organizer: 200, admin: 200 },
        call: async () => ({ path: '/api/v1/statistics/conversion/export?from=2026-01-01&to=2026-12-31&groupBy=month&format=csv' }),
      },
      'GET /api/v1/statistics/conversion': {
        expect: { ...all(403), anonymous: 401, organizer: 200, admin: 200 },
        call: async () => ({ path: '/api/v1/statistics/conversion?from=2026-01-01&to=2026-12-31&groupBy=event' }),
      },
      'GET /api/v1/matches': { expect: orgMatches, call: async () => ({ path: `/api/v1/matches?organizationId=${orgA}` }) },
      'GET /api/v1/matches/export': { expect: orgMatches, call: async () => ({ path: `/api/v1/matches/export?format=csv&organizationId=${orgA}` }) },
      'GET /api/v1/matches/{id}': { expect: matchSides(200), call: async () => ({ path: `/api/v1/matches/${matchId}` }) },
      'POST /api/v1/matches/{id}/feedback': { expect: matchParties(200), call: async () => ({ path: `/api/v1/matches/${matchId}/feedback`, body: { verdict: 'interested' } }) },
      'GET /api/v1/matches/{id}/messages': { expect: matchSides(200), call: async () => ({ path: `/api/v1/matches/${matchId}/messages` }) },
      'POST /api/v1/matches/{id}/messages': { expect: matchParties(201), call: async () => ({ path: `/api/v1/matches/${await freshMatch()}/messages`, body: { body: '您好，希望进一步沟通。' } }) },
      'GET /api/v1/matches/{id}/documents': { expect: matchSides(200), call: async () => ({ path: `/api/v1/matches/${matchId}/documents` }) },
      'POST /api/v1/matches/{id}/documents': { expect: matchParties(201), call: async () => ({ path: `/api/v1/matches/${await freshMatch()}/documents`, file: pdf }) },
      'POST /api/v1/matches/{id}/actions/{action}': { expect: matchParties(200), call: async () => ({ path: `/api/v1/matches/${await freshMatch()}/actions/contact`, body: {} }) },
      'POST /api/v1/admin/matching/rebuilds': {
        expect: adminOnly(202),
        call: async () => {
          await noRebuildRunning();
          return { path: '/api/v1/admin/matching/rebuilds', body: {} };
        },
      },
      'POST /api/v1/admin/matching/rebuilds/{id}/cancel': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/matching/rebuilds/${await freshRebuild()}/cancel`, body: {} }) },
      'GET /api/v1/admin/matching/rebuilds/{id}': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/matching/rebuilds/${rebuildId}` }) },
      'GET /api/v1/admin/matching': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/matching' }) },
      'GET /api/v1/imports/{id}': { expect: orgAdmins(200, 200), call: async () => ({ path: `/api/v1/imports/${importId}` }) },
      'GET /api/v1/taxonomy': { expect: all(200), call: async () => ({ path: '/api/v1/taxonomy' }) },
      'PUT /api/v1/admin/taxonomy/fields/{code}': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/taxonomy/fields/matrix_field', body: { label: '矩阵领域' } }) },
      'PUT /api/v1/admin/taxonomy/chains/{code}': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/taxonomy/chains/matrix_chain', body: { label: '矩阵产业链', fieldCode: 'equipment' } }) },
      'GET /api/v1': { expect: all(200), call: async () => ({ path: '/api/v1' }) },
      'GET /health': { expect: all(200), call: async () => ({ path: '/health' }) },
      'GET /health/ready': { expect: all(200), call: async () => ({ path: '/health/ready' }) },
      'GET /api/v1/regions/{code}': { expect: all(200), call: async () => ({ path: '/api/v1/regions/210200' }) },
      'POST /api/v1/auth/register': {
        expect: all(201),
        call: async () => ({
          path: '/api/v1/auth/register',
          body: { email: `r-${Math.random().toString(36).slice(2)}@example.test`, password: PASSWORD, displayName: 'r', organization: { type: 'enterprise', name: 'r', creditCode: creditCode(), regionCode: '210102' } },
        }),
      },
      'POST /api/v1/auth/login': { expect: all(200), call: async () => ({ path: '/api/v1/auth/login', body: { email: a().email, password: PASSWORD } }) },
      'POST /api/v1/auth/refresh': { expect: all(200), call: async () => ({ path: '/api/v1/auth/refresh', body: { refreshToken: (await login(app, a().email)).refreshToken } }) },
      'POST /api/v1/auth/logout': {
        expect: signedIn(204),
        // Each caller ends a session of its own (the table swaps in that session's token below).
        call: async (_p, session) => ({ path: '/api/v1/auth/logout', body: { refreshToken: session ? session.refreshToken : 'x.y' } }),
      },
      'POST /api/v1/auth/password-reset': {
        expect: all(204),
        call: async () => {
          const issued = await request(app.http).post(`/api/v1/admin/users/${await freshUser()}/password-resets`).set(admin().auth).expect(201);
          return { path: '/api/v1/auth/password-reset', body: { token: issued.body.token, password: 'Matrix-reset-42' } };
        },
      },
      'POST /api/v1/auth/password-reset-requests': { expect: all(202), call: async () => ({ path: '/api/v1/auth/password-reset-requests', body: { email: (await freshUserSession()).email } }) },
      'POST /api/v1/admin/users/{id}/password-resets': { expect: adminOnly(201), call: async () => ({ path: `/api/v1/admin/users/${await freshUser()}/password-resets` }) },
      'POST /api/v1/organizations/{id}/members/{userId}/password-resets': {
        expect: orgAdmins(201, 403),
        call: async () => ({ path: `/api/v1/organizations/${orgA}/members/${await freshMember()}/password-resets` }),
      },
      'GET /api/v1/me': { expect: signedIn(200), call: async () => ({ path: '/api/v1/me' }) },
      'PATCH /api/v1/me': { expect: signedIn(200), call: async () => ({ path: '/api/v1/me', body: { displayName: '矩阵' } }) },
      'GET /api/v1/me/sessions': { expect: signedIn(200), call: async () => ({ path: '/api/v1/me/sessions' }) },
      'POST /api/v1/me/sessions/end-others': { expect: signedIn(200), call: async () => ({ path: '/api/v1/me/sessions/end-others' }) },
      'DELETE /api/v1/me/sessions/{id}': {
        // Each caller ends a session of its own, signed in for the purpose; anonymous names any.
        expect: signedIn(204),
        call: async (persona, session) => {
          if (!session) return { path: `/api/v1/me/sessions/${orgA}` };
          const spare = await login(app, session.email, persona === 'admin' ? ADMIN.password : PASSWORD);
          const listed = (await request(app.http).get('/api/v1/me/sessions').set(spare.auth).expect(200)).body as Array<{ id: string; current: boolean }>;
          return { path: `/api/v1/me/sessions/${listed.find((s) => s.current)!.id}` };
        },
      },
      // An organisation's: admins act for none.
      'GET /api/v1/me/workbench': { expect: { ...signedIn(200), admin: 403 }, call: async () => ({ path: '/api/v1/me/workbench' }) },
      'GET /api/v1/me/bookmarks': { expect: signedIn(200), call: async () => ({ path: '/api/v1/me/bookmarks' }) },
      'PUT /api/v1/me/bookmarks/{kind}/{id}': { expect: signedIn(200), call: async () => ({ path: `/api/v1/me/bookmarks/demand/${published.demands}` }) },
      'DELETE /api/v1/me/bookmarks/{kind}/{id}': {
        expect: signedIn(204),
        call: async (_persona, session) => {
          if (session) await request(app.http).put(`/api/v1/me/bookmarks/achievement/${universityAchievement}`).set(session.auth).expect(200);
          return { path: `/api/v1/me/bookmarks/achievement/${universityAchievement}` };
        },
      },
      'GET /api/v1/me/workbench/served': { expect: { ...all(403), anonymous: 401, brokerAssigned: 200, brokerUnassigned: 200 }, call: async () => ({ path: '/api/v1/me/workbench/served' }) },
      'GET /api/v1/organizations': { expect: signedIn(200), call: async () => ({ path: '/api/v1/organizations?type=enterprise' }) },
      'GET /api/v1/organizations/{id}': { expect: signedIn(200), call: async () => ({ path: `/api/v1/organizations/${orgA}` }) },
      'PATCH /api/v1/organizations/{id}': {
        expect: orgAdmins(200, 200),
        call: async () => ({ path: `/api/v1/organizations/${orgA}`, body: { version: await versionOfA(), description: 'matrix' } }),
      },
      'GET /api/v1/organizations/{id}/attachments': { expect: orgAdmins(200, 200), call: async () => ({ path: `/api/v1/organizations/${orgA}/attachments` }) },
      'POST /api/v1/organizations/{id}/attachments': { expect: orgAdmins(201, 201), call: async () => ({ path: `/api/v1/organizations/${orgA}/attachments`, file: pdf }) },
      'GET /api/v1/organizations/{id}/members': { expect: orgAdmins(200, 200), call: async () => ({ path: `/api/v1/organizations/${orgA}/members` }) },
      'PATCH /api/v1/organizations/{id}/members/{userId}': {
        expect: orgAdmins(200, 403),
        call: async () => ({ path: `/api/v1/organizations/${orgA}/members/${await freshMember()}`, body: { memberRole: 'admin' } }),
      },
      'DELETE /api/v1/organizations/{id}/members/{userId}': {
        expect: orgAdmins(204, 403),
        call: async () => ({ path: `/api/v1/organizations/${orgA}/members/${await freshMember()}` }),
      },
      'POST /api/v1/organizations/{id}/invitations': {
        expect: orgAdmins(201, 403),
        call: async () => ({ path: `/api/v1/organizations/${orgA}/invitations`, body: { email: `i-${Math.random().toString(36).slice(2)}@example.test` } }),
      },
      'GET /api/v1/organizations/{id}/invitations': { expect: orgAdmins(200, 403), call: async () => ({ path: `/api/v1/organizations/${orgA}/invitations` }) },
      'DELETE /api/v1/organizations/{id}/invitations/{invitationId}': {
        expect: orgAdmins(204, 403),
        call: async () => ({ path: `/api/v1/organizations/${orgA}/invitations/${await freshInvitation()}` }),
      },
      'GET /api/v1/admin/users': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/users' }) },
      'GET /api/v1/admin/organizations': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/organizations?verified=false' }) },
      'PUT /api/v1/admin/users/{id}/roles/{role}': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/users/${await freshUser()}/roles/organizer` }) },
      'DELETE /api/v1/admin/users/{id}/roles/{role}': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/users/${await freshUser()}/roles/broker` }) },
      'POST /api/v1/admin/users/{id}/deactivate': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/users/${await freshUser()}/deactivate` }) },
      'POST /api/v1/admin/users/{id}/reactivate': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/users/${await freshUser()}/reactivate` }) },
      'POST /api/v1/admin/organizations/{id}/verify': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/organizations/${orgA}/verify` }) },
      'POST /api/v1/admin/organizations/{id}/unverify': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/organizations/${sessions.university.organizationId}/unverify` }) },
      'GET /api/v1/admin/brokers/{id}/assignments': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/brokers/${sessions.brokerAssigned.userId}/assignments` }) },
      'PUT /api/v1/admin/brokers/{id}/assignments/{organizationId}': {
        expect: adminOnly(200),
        call: async () => ({ path: `/api/v1/admin/brokers/${await freshBroker()}/assignments/${sessions.enterpriseB.organizationId}` }),
      },
      'DELETE /api/v1/admin/brokers/{id}/assignments/{organizationId}': {
        expect: adminOnly(204),
        call: async () => {
          const broker = await freshBroker();
          await request(app.http).put(`/api/v1/admin/brokers/${broker}/assignments/${orgA}`).set(admin().auth).expect(200);
          return { path: `/api/v1/admin/brokers/${broker}/assignments/${orgA}` };
        },
      },
      'GET /api/v1/admin/audit': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/audit' }) },
      'GET /api/v1/admin/mail': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/mail?status=queued' }) },
      'GET /api/v1/admin/overview': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/overview' }) },
      'POST /api/v1/admin/mail/{id}/actions/resend': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/admin/mail/${await freshFailedMail()}/actions/resend` }) },
      'POST /api/v1/admin/mail/actions/resend-failed': { expect: adminOnly(200), call: async () => ({ path: '/api/v1/admin/mail/actions/resend-failed', body: { kind: 'event.invitation' } }) },
      'POST /api/v1/system/pings': { expect: adminOnly(202), call: async () => ({ path: '/api/v1/system/pings', body: {} }) },
      'GET /api/v1/system/pings/{id}': { expect: adminOnly(200), call: async () => ({ path: `/api/v1/system/pings/${pingId}` }) },
      // Kept last: it ends every session of the caller and changes its password.
      // 订阅: each caller's organisation's own (brokers: their agency's unless they name another); admins have none.
      'GET /api/v1/subscriptions': { expect: { ...signedIn(200), admin: 403 }, call: async () => ({ path: '/api/v1/subscriptions' }) },
      'POST /api/v1/subscriptions': { expect: { ...signedIn(201), admin: 403 }, call: async () => ({ path: '/api/v1/subscriptions', body: { kind: 'demand', keywords: ['矩阵'] } }) },
      'DELETE /api/v1/subscriptions/{id}': {
        expect: { ...all(404), anonymous: 401, enterpriseA: 204, admin: 403 },
        call: async () => ({ path: `/api/v1/subscriptions/${(await request(app.http).post('/api/v1/subscriptions').set(a().auth).send({ kind: 'demand', keywords: ['矩阵'] }).expect(201)).body.id}` }),
      },
      'GET /api/v1/me/personal-data': { expect: signedIn(200), call: async () => ({ path: '/api/v1/me/personal-data' }) },
      // A wrong password: any signed-in caller reaches the check (closing for real is test/accounts/personal-data).
      'POST /api/v1/me/close-account': { expect: signedIn(400), call: async () => ({ path: '/api/v1/me/close-account', body: { password: 'Not-the-password-1' } }) },
      'POST /api/v1/me/password': {
        expect: signedIn(200),
        call: async (persona) => ({ path: '/api/v1/me/password', body: { currentPassword: persona === 'admin' ? ADMIN.password : PASSWORD, newPassword: 'Matrix-changed-9' } }),
      },
    };
  });
  afterAll(() => app.close());

  it('lists every route of the OpenAPI document, and nothing else', async () => {
    const doc = (await request(app.http).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(Object.keys(rows).sort());
  });

  // Every route × every caller in a row: 26 s alone, over a minute beside the quick-start test on two cores.
  it('gives each caller exactly the expected status on each route', async () => {
    const mismatches: string[] = [];
    for (const [route, row] of Object.entries(rows)) {
      const [method] = route.split(' ');
      for (const persona of PERSONAS) {
        let session = persona === 'anonymous' ? undefined : sessions[persona];
        // Logging out ends a session: use a fresh one so the caller stays signed in for the next rows.
        if (route === 'POST /api/v1/auth/logout' && session) session = await login(app, session.email, persona === 'admin' ? ADMIN.password : PASSWORD);
        const { path, body, file } = await row.call(persona, session);
        let req = request(app.http)[method.toLowerCase() as 'get'](path);
        if (session) req = req.set(session.auth);
        const res = await (file ? req.attach('file', Buffer.from(file.content), file.name) : body === undefined ? req : req.send(body as object));
        if (res.status !== row.expect[persona]) mismatches.push(`${route} as ${persona}: expected ${row.expect[persona]}, got ${res.status} ${res.body?.code ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);
});
