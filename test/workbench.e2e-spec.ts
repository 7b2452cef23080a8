import request from 'supertest';
import { assignBroker, loginAdmin, registerOrganization, type Session, userWithRole } from './support/accounts';
import { demandBody, publishedItem, verifiedOrganization } from './support/catalog';
import { bookingEvent, eventBody } from './support/events';
import { challengeProject } from './support/challenges';
import { chinaDay } from './support/days';
import { startTestApp, type TestApp } from './support/harness';
import { insertMatch } from './support/matching';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** 工作台: each organisation's to-do counts and running business, from what it and others did. */
describe('the workbench', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await verifiedOrganization(app, 'enterprise');
    university = await verifiedOrganization(app, 'university');
  });
  afterAll(() => app.close());

  const workbench = async (session: Session, headers: Record<string, string> = {}) => (await request(app.http).get('/api/v1/me/workbench').set({ ...session.auth, ...headers }).expect(200)).body;

  it('counts what each side has to answer and what it has running', async () => {
    await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody({ title: '草稿需求' })).expect(201);
    const demand = await publishedItem(app, enterprise, 'demands');
    const secret = await publishedItem(app, enterprise, 'demands', { visibility: 'confidential' });
    const challenge = await publishedItem(app, enterprise, 'demands', { challenge: { rewardWan: 100, deadline: inDays(30), evaluationPlan: '三步评审' } });
    const achievement = await publishedItem(app, university, 'achievements');

    const matchId = await insertMatch(app, demand.id, achievement.id);
    await request(app.http).post(`/api/v1/matches/${matchId}/actions/contact`).set(enterprise.auth).send({}).expect(200);
    await request(app.http).post(`/api/v1/demands/${secret.id}/disclosure-requests`).set(university.auth).send({}).expect(201);
    const application = { teamLead: '李明', proposal: '以声发射监测低速重载轴承早期损伤，并在风场开展示范验证。', budgetWan: 90, milestones: [{ dueOn: inDays(90), deliverable: '样机' }] };
    await request(app.http).post(`/api/v1/demands/${challenge.id}/applications`).set(university.auth).send(application).expect(201);
    const deal = { buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, achievementId: achievement.id, title: '工作台合同', kind: 'license' };
    await request(app.http).post('/api/v1/deals').set(enterprise.auth).send(deal).expect(201);
    const organizer = await userWithRole(app, 'organizer', 'government');
    const event = await bookingEvent(app, organizer, [[enterprise, 'demand'], [university, 'supply']]);
    await request(app.http).post(`/api/v1/events/${event.id}/requests`).set(enterprise.auth).send({ counterpartId: event.participants[1] }).expect(201);

    const ours = await workbench(enterprise);
    expect(ours).toMatchObject({
      organizationId: enterprise.organizationId,
      demands: { draft: 1, published: 3 },
      achievements: {},
      matches: { contacted: 1, meeting: 0, negotiating: 0, idle: 0 },
      disclosureRequests: { toAnswer: 1, awaitingAnswer: 0 },
      meetingRequests: { toAnswer: 0, awaitingAnswer: 1 },
      events: { upcoming: 1, waiting: 0 },
      challengeApplications: { toReview: 1, submitted: 0 },
      deals: { intent: 1, signed: 0, registered: 0 },
    });
    const theirs = await workbench(university);
    expect(theirs).toMatchObject({
      demands: {},
      achievements: { published: 1 },
      matches: { contacted: 1, meeting: 0, negotiating: 0, idle: 0 },
      disclosureRequests: { toAnswer: 0, awaitingAnswer: 1 },
      meetingRequests: { toAnswer: 1, awaitingAnswer: 0 },
      challengeApplications: { toReview: 0, submitted: 1 },
      deals: { intent: 1, signed: 0, registered: 0 },
    });
    for (const [session, seen] of [[enterprise, ours], [university, theirs]] as const) {
      const unread = (await request(app.http).get('/api/v1/notifications').set(session.auth).expect(200)).body.unread as number;
      expect(unread).toBeGreaterThan(0);
      expect(seen.unreadNotifications).toBe(unread);
    }

    // Past the booking deadline a pending request is no one's to answer.
    await app.sql(`UPDATE events SET booking_closes_at = now() - interval '1 minute' WHERE id = $1`, [event.id]);
    expect((await workbench(university)).meetingRequests).toEqual({ toAnswer: 0, awaitingAnswer: 0 });

    // 对接会: a registration waiting for the organizers counts until it is decided; an event is upcoming until it is over.
    const next = (await request(app.http).post('/api/v1/events').set(organizer.auth).send(eventBody()).expect(201)).body.id as string;
    await request(app.http).post(`/api/v1/events/${next}/actions/open_registration`).set(organizer.auth).send({}).expect(200);
    const registration = (await request(app.http).post(`/api/v1/events/${next}/participants`).set(university.auth).send({ side: 'supply' }).expect(201)).body.id as string;
    expect((await workbench(university)).events).toEqual({ upcoming: 1, waiting: 1 });
    await request(app.http).post(`/api/v1/events/${next}/participants/${registration}/actions/approve`).set(organizer.auth).send({}).expect(200);
    expect((await workbench(university)).events).toEqual({ upcoming: 2, waiting: 0 });
    await request(app.http).post(`/api/v1/events/${event.id}/actions/cancel`).set(organizer.auth).send({ reason: '延期举办' }).expect(200);
    expect((await workbench(university)).events).toEqual({ upcoming: 1, waiting: 0 });
  });

  it('counts no unread 对接留言 on a match whose other item the organisation can no longer open', async () => {
    const owner = await verifiedOrganization(app, 'enterprise');
    const team = await verifiedOrganization(app, 'university');
    const demand = await publishedItem(app, owner, 'demands');
    const achievement = await publishedItem(app, team, 'achievements');
    const matchId = await insertMatch(app, demand.id, achievement.id);
    await request(app.http).post(`/api/v1/matches/${matchId}/messages`).set(team.auth).send({ body: '可以提供现场试验数据，请先签署保密协议。' }).expect(201);
    expect((await workbench(owner)).unreadMessages).toBe(1);

    // Its owner archives the achievement: the conversation is gone for the enterprise, and so is the count.
    await request(app.http).post(`/api/v1/achievements/${achievement.id}/actions/close`).set(team.auth).send({}).expect(200);
    await request(app.http).delete(`/api/v1/achievements/${achievement.id}`).set(team.auth).expect(204);
    await request(app.http).get(`/api/v1/matches/${matchId}/messages`).set(owner.auth).expect(404);
    expect((await workbench(owner)).unreadMessages).toBe(0);
  });

  it('counts meeting requests only while their 对接会 takes bookings: not once it is called off', async () => {
    const organizer = await userWithRole(app, 'organizer', 'government');
    const [buyer, seller] = [await verifiedOrganization(app, 'enterprise'), await verifiedOrganization(app, 'university')];
    const event = await bookingEvent(app, organizer, [[buyer, 'demand'], [seller, 'supply']]);
    await request(app.http).post(`/api/v1/events/${event.id}/requests`).set(buyer.auth).send({ counterpartId: event.participants[1] }).expect(201);
    expect((await workbench(seller)).meetingRequests).toEqual({ toAnswer: 1, awaitingAnswer: 0 });
    expect((await workbench(buyer)).meetingRequests).toEqual({ toAnswer: 0, awaitingAnswer: 1 });

    // Called off before its booking deadline: the request can no longer be accepted or declined.
    await request(app.http).post(`/api/v1/events/${event.id}/actions/cancel`).set(organizer.auth).send({ reason: '延期举办' }).expect(200);
    expect((await app.sql<{ status: string }>(`SELECT status FROM meeting_requests WHERE event_id = $1`, [event.id])).map((r) => r.status)).toEqual(['pending']);
    expect((await workbench(seller)).meetingRequests).toEqual({ toAnswer: 0, awaitingAnswer: 0 });
    expect((await workbench(buyer)).meetingRequests).toEqual({ toAnswer: 0, awaitingAnswer: 0 });
  });

  it('counts a demand past its 有效期 as expired before the hourly job records it', async () => {
    const owner = await verifiedOrganization(app, 'enterprise');
    const lapsed = await publishedItem(app, owner, 'demands');
    await publishedItem(app, owner, 'demands');
    await app.sql(`UPDATE tech_demands SET valid_until = $2::date - 1 WHERE id = $1`, [lapsed.id, chinaDay(0)]);
    expect((await workbench(owner)).demands).toEqual({ published: 1, expired: 1 });
    expect((await request(app.http).get(`/api/v1/demands/${lapsed.id}`).set(owner.auth).expect(200)).body.status).toBe('expired');
  });

  it('counts the open demands whose 有效期 ends within a week', async () => {
    const owner = await verifiedOrganization(app, 'enterprise');
    const [lastDay, nextWeek, later, negotiating] = await Promise.all([1, 2, 3, 4].map(() => publishedItem(app, owner, 'demands')));
    await request(app.http).post(`/api/v1/demands/${negotiating!.id}/actions/start_negotiation`).set(owner.auth).send({}).expect(200);
    expect((await workbench(owner)).expiringDemands).toBe(0);
    const validUntil = (id: string, day: string) => app.sql(`UPDATE tech_demands SET valid_until = $2 WHERE id = $1`, [id, day]);
    await validUntil(lastDay!.id, chinaDay(0));
    await validUntil(nextWeek!.id, chinaDay(7));
    await validUntil(later!.id, chinaDay(8));
    await validUntil(negotiating!.id, chinaDay(3));
    expect((await workbench(owner)).expiringDemands).toBe(3);
    // A closed one no longer lapses.
    await request(app.http).post(`/api/v1/demands/${nextWeek!.id}/actions/close`).set(owner.auth).send({}).expect(200);
    expect((await workbench(owner)).expiringDemands).toBe(2);
  });

  it('counts the awarded projects’ completions to accept and overdue milestones as their progress shows them', async () => {
    const owner = await verifiedOrganization(app, 'enterprise');
    const team = await verifiedOrganization(app, 'institute');
    const milestones = [1, 2, 3, 4].map((i) => ({ dueOn: inDays(30 * i), deliverable: `阶段成果 ${i}` }));
    const { applicationId } = await challengeProject(app, owner, team, { milestones });
    const path = `/api/v1/challenge-applications/${applicationId}`;
    const report = (body: Record<string, unknown>) => request(app.http).post(`${path}/milestone-reports`).set(team.auth).send(body).expect(201);
    // 1: completed and waiting; 2: delayed to a later day; 3: completion returned; 4: nothing reported.
    await report({ milestone: 1, kind: 'completion', note: '完成' });
    await report({ milestone: 2, kind: 'delay', note: '设备到货推迟', revisedDueOn: inDays(200) });
    const returned = await report({ milestone: 3, kind: 'completion', note: '完成' });
    await request(app.http).post(`${path}/milestone-reports/${returned.body.milestones[2].pendingReportId}/actions/return`).set(owner.auth).send({ note: '缺少数据' }).expect(200);
    // Every milestone's planned day falls into the past.
    await app.sql(`UPDATE challenge_applications SET milestones = (SELECT jsonb_agg(jsonb_set(m, '{dueOn}', to_jsonb($2::text))) FROM jsonb_array_elements(milestones) m) WHERE id = $1`, [applicationId, inDays(-1)]);

    const progress = (await request(app.http).get(`${path}/progress`).set(team.auth).expect(200)).body;
    expect(progress.milestones.map((m: { overdue: boolean }) => m.overdue)).toEqual([false, false, true, true]);
    expect((await workbench(team)).challengeProjects).toEqual({ completionsToAccept: 0, awaitingAcceptance: 1, overdueMilestones: progress.milestonesOverdue });
    expect((await workbench(owner)).challengeProjects).toEqual({ completionsToAccept: 1, awaitingAcceptance: 0, overdueMilestones: 0 });
  });

  it('is an organisation’s: a broker names the one it serves; an admin without one is refused', async () => {
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, enterprise.organizationId!);
    const served = await workbench(broker, { 'X-Acting-Organization': enterprise.organizationId! });
    expect(served).toEqual(await workbench(enterprise));
    const admin = await loginAdmin(app);
    expect((await request(app.http).get('/api/v1/me/workbench').set(admin.auth).expect(403)).body.code).toBe('no_organization');
  });

  it('gives platform admins the operators’ overview: who waits on them and what failed lately, as counts', async () => {
    const admin = await loginAdmin(app);
    const overview = async () => (await request(app.http).get('/api/v1/admin/overview').set(admin.auth).expect(200)).body;
    const before = await overview();
    const applicant = await registerOrganization(app, 'enterprise');
    await request(app.http).post(`/api/v1/organizations/${applicant.organizationId}/attachments`).set(applicant.auth).attach('file', Buffer.from('%PDF-1.4 营业执照'), '营业执照.pdf').expect(201);
    await registerOrganization(app, 'institute');
    await request(app.http).put('/api/v1/me/expert-profile').set(applicant.auth).send({ professionalTitle: '高级工程师', fieldCodes: ['equipment'], specialties: '数控机床精度保持' }).expect(200);
    await app.sql(`INSERT INTO mail_messages (kind, recipient, subject, body, status, finished_at) VALUES ('event.invitation', 'x@example.test', '邀请', '正文', 'failed', now())`);
    const after = await overview();
    expect(after.organizations.total - before.organizations.total).toBe(2);
    expect(after.organizations.awaitingVerification - before.organizations.awaitingVerification).toBe(2);
    expect(after.organizations.awaitingWithDocuments - before.organizations.awaitingWithDocuments).toBe(1);
    expect(after.expertsAwaitingApproval - before.expertsAwaitingApproval).toBe(1);
    expect(after.mail.failedLast7Days - before.mail.failedLast7Days).toBe(1);
    expect(after.mail.resendable - before.mail.resendable).toBe(1);
    expect(after.users.active - before.users.active).toBe(2);
    expect(after).toMatchObject({ catalogue: { publishedDemands: expect.any(Number) }, work: { outboxBacklog: expect.any(Number) } });
    await request(app.http).get('/api/v1/admin/overview').set(enterprise.auth).expect(403);
  });

  it('shows a broker the workbench of every organisation it serves, by name', async () => {
    const broker = await userWithRole(app, 'broker', 'agency');
    const served = async (s: Session) => (await request(app.http).get('/api/v1/me/workbench/served').set(s.auth).expect(200)).body as Array<{ organization: { id: string; name: string }; workbench: { organizationId: string; demands: Record<string, number> } }>;
    expect(await served(broker)).toEqual([]);
    await assignBroker(app, broker, enterprise.organizationId!);
    await assignBroker(app, broker, university.organizationId!);
    const both = await served(broker);
    expect(both.map((b) => b.organization.id).sort()).toEqual([enterprise.organizationId, university.organizationId].sort());
    for (const b of both) expect(b.workbench).toEqual(await workbench(b.organization.id === enterprise.organizationId ? enterprise : university));
    expect((await request(app.http).get('/api/v1/me/workbench/served').set(enterprise.auth).expect(403)).body.code).toBe('not_broker');
  });
});
