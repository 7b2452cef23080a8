import { MilestoneReminders } from '@techbridge/challenges';
import request from 'supertest';
import { assignBroker, loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { verifyOrganization } from '../support/catalog';
import { challengeProject, poolExpert } from '../support/challenges';
import { chinaDay } from '../support/days';
import { startTestApp, type TestApp } from '../support/harness';


/** After 挂帅: the awarded team reports on its plan, the owner accepts the work, organizers follow the ledger (专项工作台账). */
describe('awarded challenge projects (揭榜项目跟踪)', () => {
  let app: TestApp;
  let owner: Session;
  let team: Session;
  let rival: Session;
  let organizer: Session;
  let outsider: Session;
  let expert: Session;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await registerOrganization(app, 'enterprise');
    team = await registerOrganization(app, 'university');
    rival = await registerOrganization(app, 'institute');
    organizer = await userWithRole(app, 'organizer', 'government');
    outsider = await registerOrganization(app, 'enterprise');
    expert = await poolExpert(app, organizer, await registerOrganization(app, 'university'));
    for (const s of [owner, team, rival]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const post = (session: Session, path: string, body: Record<string, unknown> = {}) => request(app.http).post(`/api/v1${path}`).set(session.auth).send(body);
  const progress = (session: Session, id: string) => request(app.http).get(`/api/v1/challenge-applications/${id}/progress`).set(session.auth);
  const report = (session: Session, id: string, body: Record<string, unknown>) => post(session, `/challenge-applications/${id}/milestone-reports`, body);
  const decide = (session: Session, id: string, reportId: string, action: string, body: Record<string, unknown> = {}) =>
    post(session, `/challenge-applications/${id}/milestone-reports/${reportId}/actions/${action}`, body);
  const ledger = async (session: Session, query = '') => (await request(app.http).get(`/api/v1/challenge-projects${query}`).set(session.auth).expect(200)).body;

  const project = async (applicant: Session, options: Parameters<typeof challengeProject>[3] = {}) => {
    const { challengeId, applicationId } = await challengeProject(app, owner, applicant, { title: '轧机轴承座在线监测（揭榜挂帅）', ...options });
    return { challenge: challengeId, id: applicationId };
  };

  it('the team reports progress and completion; the owner accepts; everyone concerned reads the same plan', async () => {
    const { id } = await project(team);
    const fresh = (await progress(team, id).expect(200)).body;
    expect(fresh).toMatchObject({ state: 'on_track', stateLabel: '按计划推进', milestonesTotal: 2, milestonesAccepted: 0, nextDueOn: chinaDay(60), team: { applicationId: id, organizationId: team.organizationId, teamLead: '陈教授' } });

    await report(team, id, { milestone: 1, kind: 'progress', note: '样机完成装配，开始台架试验。' }).expect(201);
    const done = await report(team, id, { milestone: 1, kind: 'completion', note: '样机通过台架试验，提交测试报告。' }).expect(201);
    const first = done.body.milestones[0];
    expect(first).toMatchObject({ state: 'awaiting_acceptance', stateLabel: '待验收', pendingReportId: expect.any(String) });
    expect(first.reports.map((r: { kind: string }) => r.kind)).toEqual(['progress', 'completion']);
    expect((await report(team, id, { milestone: 1, kind: 'completion', note: '重复提交' }).expect(409)).body.code).toBe('completion_pending');

    const notices = (await request(app.http).get('/api/v1/notifications?kind=challenge').set(owner.auth).expect(200)).body.items;
    expect(notices.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['challenge.milestone_progress', 'challenge.milestone_completion']));

    expect((await decide(team, id, first.pendingReportId, 'accept').expect(403)).body.code).toBe('not_owner');
    expect((await decide(organizer, id, first.pendingReportId, 'accept').expect(403)).body.code).toBe('not_owner');
    const accepted = await decide(owner, id, first.pendingReportId, 'accept', { note: '验收通过' }).expect(200);
    expect(accepted.body).toMatchObject({ milestonesAccepted: 1, nextDueOn: chinaDay(180) });
    expect(accepted.body.milestones[0]).toMatchObject({ state: 'accepted', acceptedAt: expect.any(String), pendingReportId: null });
    expect((await decide(owner, id, first.pendingReportId, 'accept').expect(409)).body.code).toBe('already_decided');
    expect((await report(team, id, { milestone: 1, kind: 'progress', note: '补充说明' }).expect(409)).body.code).toBe('milestone_accepted');
    const teamNotices = (await request(app.http).get('/api/v1/notifications?kind=challenge.milestone_accepted').set(team.auth).expect(200)).body.items;
    expect(teamNotices).toHaveLength(1);

    for (const reader of [owner, organizer, await loginAdmin(app)]) {
      expect((await progress(reader, id).expect(200)).body.milestonesAccepted).toBe(1);
    }
    await progress(outsider, id).expect(404);
    await progress(rival, id).expect(404);
  });

  it('a returned completion goes back to work and needs a note; a delay moves the day and is refused when not later', async () => {
    const { id } = await project(team);
    const done = await report(team, id, { milestone: 2, kind: 'completion', note: '示范完成' }).expect(201);
    const reportId = done.body.milestones[1].pendingReportId;
    expect((await decide(owner, id, reportId, 'return').expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'note' })]);
    const returned = await decide(owner, id, reportId, 'return', { note: '缺少连续运行三个月的数据' }).expect(200);
    expect(returned.body.milestones[1]).toMatchObject({ state: 'in_progress', reports: [expect.objectContaining({ decision: 'returned', decisionLabel: '已退回', decisionNote: '缺少连续运行三个月的数据' })] });

    const delayed = await report(team, id, { milestone: 1, kind: 'delay', note: '关键传感器到货推迟', revisedDueOn: chinaDay(90) }).expect(201);
    expect(delayed.body.milestones[0]).toMatchObject({ dueOn: chinaDay(60), currentDueOn: chinaDay(90) });
    const notLater = await report(team, id, { milestone: 1, kind: 'delay', note: '再次延期', revisedDueOn: chinaDay(80) }).expect(400);
    expect(notLater.body.fields).toEqual([expect.objectContaining({ field: 'revisedDueOn', code: 'notLater' })]);
    for (const [body, field] of [
      [{ milestone: 3, kind: 'progress', note: 'x' }, 'milestone'],
      [{ milestone: 1, kind: 'delay', note: 'x' }, 'revisedDueOn'],
      [{ milestone: 1, kind: 'progress', note: '   ' }, 'note'],
      [{ milestone: 1, kind: 'finished', note: 'x' }, 'kind'],
    ] as const) {
      expect((await report(team, id, body).expect(400)).body.fields).toEqual([expect.objectContaining({ field })]);
    }
    expect((await progress(team, id).expect(200)).body.milestones[0].reports).toHaveLength(1);
  });

  it('only the awarded team reports, and only on an awarded project', async () => {
    const { id } = await project(team);
    expect((await report(owner, id, { milestone: 1, kind: 'progress', note: 'x' }).expect(403)).body.code).toBe('not_applicant');
    await report(outsider, id, { milestone: 1, kind: 'progress', note: 'x' }).expect(404);
    const pending = await project(rival, { award: false });
    expect((await report(rival, pending.id, { milestone: 1, kind: 'progress', note: 'x' }).expect(409)).body.code).toBe('invalid_transition');
    await progress(rival, pending.id).expect(409);
    // An expert scores applications; following the project is not theirs.
    await post(owner, `/demands/${pending.challenge}/experts`, { userId: expert.userId }).expect(201);
    await progress(expert, pending.id).expect(404);
  });

  type Notice = { kind: string; title: string; body: string; subject: { applicationId?: string } };
  const noticesOf = async (session: Session, applicationId: string) =>
    ((await request(app.http).get('/api/v1/notifications?kind=challenge').set(session.auth).expect(200)).body.items as Notice[]).filter((n) => n.subject.applicationId === applicationId);
  /** Milestone `no` of the project fell due yesterday; the daily reminders run. */
  const overdueAndReminded = async (id: string, no: number) => {
    await app.sql(`UPDATE challenge_applications SET milestones = jsonb_set(milestones, $2::text[], to_jsonb($3::text)) WHERE id = $1`, [id, [String(no - 1), 'dueOn'], chinaDay(-1)]);
    await app.api.get(MilestoneReminders).remind();
  };

  it('a team not disclosed a challenge made confidential after the award reads its neutral title, in its project and every notice', async () => {
    const { challenge, id } = await project(team);
    const { version } = (await request(app.http).get(`/api/v1/demands/${challenge}`).set(owner.auth).expect(200)).body;
    const secret = { visibility: 'confidential', title: '某型舰船推进主轴轴承座在线监测', neutralTitle: '某装备企业监测技术难题', version };
    await request(app.http).patch(`/api/v1/demands/${challenge}`).set(owner.auth).send(secret).expect(200);
    expect((await progress(team, id).expect(200)).body.challenge.title).toBe(secret.neutralTitle);
    const done = await report(team, id, { milestone: 1, kind: 'completion', note: '样机完成' }).expect(201);
    await decide(owner, id, done.body.milestones[0].pendingReportId, 'return', { note: '缺少测试报告' }).expect(200);
    await overdueAndReminded(id, 2);
    // Told after the change: the returned completion and the overdue milestone.
    const toTeam = (await noticesOf(team, id)).filter((n) => n.kind.startsWith('challenge.milestone_'));
    expect(toTeam.map((n) => n.kind).sort()).toEqual(['challenge.milestone_overdue', 'challenge.milestone_returned']);
    expect(toTeam.every((n) => n.title.startsWith(`${secret.neutralTitle}：`))).toBe(true);
    expect((await noticesOf(owner, id)).find((n) => n.kind === 'challenge.milestone_overdue')?.title).toMatch(new RegExp(`^${secret.title}：`));
  });

  it('the owner terminates a project its team cannot carry through, with a reason: it stands still, the team is told, the ledger and the application (still awarded) show it', async () => {
    const { challenge, id } = await project(team);
    const reason = '团队核心成员调离，无法继续实施';
    const terminate = (session: Session, body: Record<string, unknown> = { reason }) => post(session, `/challenge-applications/${id}/termination`, body);
    const done = await report(team, id, { milestone: 1, kind: 'completion', note: '样机完成' }).expect(201);
    expect((await terminate(owner).expect(409)).body.code).toBe('completion_pending');
    await decide(owner, id, done.body.milestones[0].pendingReportId, 'accept').expect(200);
    for (const body of [{}, { reason: '   ' }]) expect((await terminate(owner, body).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    for (const session of [team, organizer]) expect((await terminate(session).expect(403)).body.code).toBe('not_owner');
    await terminate(outsider).expect(404);

    const ended = await terminate(owner).expect(200);
    expect(ended.body).toMatchObject({ state: 'terminated', stateLabel: '已终止', terminationReason: reason, terminatedAt: expect.any(String), milestonesAccepted: 1, nextDueOn: null });
    expect((await terminate(owner).expect(409)).body.code).toBe('project_terminated');
    expect((await report(team, id, { milestone: 2, kind: 'progress', note: '继续推进' }).expect(409)).body.code).toBe('project_terminated');
    expect((await noticesOf(team, id)).filter((n) => n.kind === 'challenge.project_terminated').map((n) => n.body)).toEqual([reason]);
    expect(await app.sql(`SELECT details->>'reason' AS reason FROM audit_entries WHERE resource_id = $1 AND action = 'challenge_project.terminate'`, [id])).toEqual([{ reason }]);

    // Past its days it is late no more and reminds no one.
    await overdueAndReminded(id, 2);
    expect((await progress(owner, id).expect(200)).body).toMatchObject({ state: 'terminated', milestonesOverdue: 0 });
    for (const session of [team, owner]) expect((await noticesOf(session, id)).filter((n) => n.kind === 'challenge.milestone_overdue')).toEqual([]);
    expect((await ledger(organizer, '?state=terminated')).items.map((p: { team: { applicationId: string } }) => p.team.applicationId)).toContain(id);
    const csv = await request(app.http).get('/api/v1/challenge-projects/export?format=csv&state=terminated').set(owner.auth).expect(200);
    expect(csv.text.split(/\r?\n/).find((r) => r.startsWith(id))).toMatch(new RegExp(`已终止.*${reason}`));

    // The application stays awarded (the figures count it so) but reads 已终止, with when and why, to those who follow the project: in the view, the list and the spreadsheet.
    const terminated = { status: 'awarded', statusLabel: '已终止', terminatedAt: ended.body.terminatedAt, terminationReason: reason };
    const listed = async (session: Session) => (await request(app.http).get(`/api/v1/challenge-applications?demandId=${challenge}`).set(session.auth).expect(200)).body.items;
    for (const session of [owner, team, organizer]) {
      expect((await request(app.http).get(`/api/v1/challenge-applications/${id}`).set(session.auth).expect(200)).body).toMatchObject(terminated);
      expect(await listed(session)).toEqual([expect.objectContaining(terminated)]);
    }
    const sheet = await request(app.http).get(`/api/v1/challenge-applications/export?format=csv&demandId=${challenge}`).set(team.auth).expect(200);
    expect(sheet.text.split(/\r?\n/).find((r) => r.startsWith(id))).toMatch(new RegExp(`已终止.*${reason}`));
    // An expert scores applications and follows no project: the decision as taken.
    await post(owner, `/demands/${challenge}/experts`, { userId: expert.userId }).expect(201);
    expect((await request(app.http).get(`/api/v1/challenge-applications/${id}`).set(expert.auth).expect(200)).body).toMatchObject({ statusLabel: '已挂帅', terminatedAt: null, terminationReason: null });
  });

  it('the ledger lists awarded projects by where they stand, for organizers all of them and for each side its own', async () => {
    const late = await project(rival);
    await app.sql(`UPDATE challenge_applications SET milestones = jsonb_set(milestones, '{0,dueOn}', to_jsonb($2::text)) WHERE id = $1`, [late.id, chinaDay(-3)]);
    const finished = await project(rival, { milestones: [{ dueOn: chinaDay(20), deliverable: '技术报告' }] });
    const completion = await report(rival, finished.id, { milestone: 1, kind: 'completion', note: '提交报告' }).expect(201);
    await decide(owner, finished.id, completion.body.milestones[0].pendingReportId, 'accept').expect(200);
    await project(rival, { award: false });

    const overdue = await ledger(organizer, '?state=overdue');
    expect(overdue.items.map((p: { team: { applicationId: string } }) => p.team.applicationId)).toContain(late.id);
    const lateView = overdue.items.find((p: { team: { applicationId: string } }) => p.team.applicationId === late.id);
    expect(lateView).toMatchObject({ state: 'overdue', stateLabel: '逾期', milestonesOverdue: 1, challenge: { id: late.challenge } });
    expect(lateView.milestones[0]).not.toHaveProperty('reports');
    expect((await ledger(organizer, '?state=completed')).items.map((p: { team: { applicationId: string } }) => p.team.applicationId)).toEqual([finished.id]);

    const all = await ledger(organizer);
    expect(all.items.every((p: { state: string }) => ['on_track', 'overdue', 'completed', 'terminated'].includes(p.state))).toBe(true);
    expect(all.total).toBe((await app.sql<{ n: number }>(`SELECT count(*)::int AS n FROM challenge_applications WHERE status = 'awarded'`))[0]!.n);
    const mine = await ledger(rival);
    expect(mine.items.every((p: { team: { organizationId: string } }) => p.team.organizationId === rival.organizationId)).toBe(true);
    expect(mine.total).toBe(2);
    expect((await ledger(outsider)).total).toBe(0);
    // A broker sees the projects of the organisations it serves.
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, rival.organizationId!);
    expect((await ledger(broker, `?demandId=${late.challenge}`)).items.map((p: { team: { applicationId: string } }) => p.team.applicationId)).toEqual([late.id]);
    expect((await request(app.http).get('/api/v1/challenge-projects?state=late').set(organizer.auth).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'state' })]);

    // The organizers' figures say the same as the ledger (every challenge here was published today).
    type Project = { state: string; milestonesTotal: number; milestonesAccepted: number; milestonesOverdue: number };
    const sum = (pick: (p: Project) => number) => (all.items as Project[]).reduce((n, p) => n + pick(p), 0);
    const stats = await request(app.http).get(`/api/v1/statistics/challenges?from=${chinaDay(0)}&to=${chinaDay(0)}`).set(organizer.auth).expect(200);
    expect(stats.body.totals).toMatchObject({
      milestones: sum((p) => p.milestonesTotal),
      milestonesAccepted: sum((p) => p.milestonesAccepted),
      milestonesOverdue: sum((p) => p.milestonesOverdue),
      projectsOverdue: sum((p) => (p.state === 'overdue' ? 1 : 0)),
    });
    expect(stats.body.totals.milestonesOverdue).toBeGreaterThan(0);
    expect(stats.body.totals.milestonesAccepted).toBeGreaterThan(0);

    // The same ledger as a spreadsheet for a 调度会.
    const csv = await request(app.http).get('/api/v1/challenge-projects/export?format=csv&state=overdue').set(organizer.auth).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(header!.split(',')).toEqual(expect.arrayContaining(['申请编号', '项目状态', '逾期', '下一到期日', '里程碑进度']));
    expect(rows).toHaveLength(overdue.total);
    expect(rows.find((r) => r.startsWith(late.id))).toMatch(new RegExp(`逾期.*1\\. 实验室样机（${chinaDay(-3)}，进行中，逾期）`));
  });
});
