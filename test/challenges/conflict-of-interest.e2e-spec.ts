import request from 'supertest';
import { assignBroker, login, loginAdmin, PASSWORD, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { poolExpert } from '../support/challenges';
import { chinaDay } from '../support/days';
import { startTestApp, type TestApp } from '../support/harness';

/**
 * 揭榜挂帅 is a race: nobody acting for an organisation running in it judges the others. Organizers
 * do not apply; a colleague's, a served organisation's or one's own organisation's application makes
 * the other applications to that challenge invisible to the caller, who keeps its applicant's view,
 * voids the scores the caller gave them, and keeps the caller off the challenge's expert panel.
 */
describe('conflict of interest in challenge reviews', () => {
  let app: TestApp;
  let owner: Session;
  let university: Session;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [owner, university]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const newChallenge = async () =>
    (await publishedItem(app, owner, 'demands', { title: '高寒风电主轴轴承早期损伤预警（揭榜挂帅）', challenge: { rewardWan: 300, deadline: chinaDay(60), evaluationPlan: '三步评审' } })).id;
  const proposal = { teamLead: '李明 教授', proposal: '以声发射与振动融合监测低速重载轴承滚道早期剥落，并在风场开展示范验证。', budgetWan: 280, milestones: [{ dueOn: chinaDay(120), deliverable: '样机' }] };
  const apply = (session: Session, demandId: string, headers: Record<string, string> = {}) =>
    request(app.http).post(`/api/v1/demands/${demandId}/applications`).set({ ...session.auth, ...headers }).send(proposal);
  const read = (session: Session, id: string) => request(app.http).get(`/api/v1/challenge-applications/${id}`).set(session.auth);
  const listed = async (session: Session, demandId: string): Promise<string[]> =>
    ((await request(app.http).get(`/api/v1/challenge-applications?demandId=${demandId}`).set(session.auth).expect(200)).body.items as Array<{ id: string }>).map((a) => a.id);
  const score = (session: Session, id: string, value = 80) => request(app.http).post(`/api/v1/challenge-applications/${id}/reviews`).set(session.auth).send({ stage: 'desk', score: value });
  const reject = (session: Session, id: string) => request(app.http).post(`/api/v1/challenge-applications/${id}/actions/reject`).set(session.auth).send({ note: '不符合榜单指标' });

  /** A member of `org` who is also one of the platform's organizers (产业技术研究院 staff run events). */
  async function organizerIn(org: Session): Promise<Session> {
    const email = `organizer-${Math.random().toString(36).slice(2)}@example.test`;
    const invitation = await request(app.http).post(`/api/v1/organizations/${org.organizationId}/invitations`).set(org.auth).send({ email }).expect(201);
    const joined = await request(app.http).post('/api/v1/auth/register').send({ email, password: PASSWORD, displayName: '院方组织者', invitationToken: invitation.body.token }).expect(201);
    await request(app.http).put(`/api/v1/admin/users/${joined.body.user.id}/roles/organizer`).set((await loginAdmin(app)).auth).expect(200);
    return login(app, email);
  }

  it('an organizer, even of a verified institute, does not apply (nor does an admin), and nothing is stored', async () => {
    const challenge = await newChallenge();
    const institute = await userWithRole(app, 'organizer', 'institute');
    await verifyOrganization(app, institute.organizationId!);
    expect((await apply(institute, challenge).expect(403)).body.code).toBe('cannot_apply');
    expect((await apply(await loginAdmin(app), challenge).expect(403)).body.code).toBe('cannot_apply');
    expect(await app.sql('SELECT id FROM challenge_applications WHERE demand_id = $1', [challenge])).toEqual([]);
  });

  it('an organizer whose institute applied neither reads, scores nor decides the rival applications, and reads its own as the applicant', async () => {
    const challenge = await newChallenge();
    const institute = await registerOrganization(app, 'institute');
    await verifyOrganization(app, institute.organizationId!);
    const colleague = await organizerIn(institute);
    const ownId = (await apply(institute, challenge).expect(201)).body.id as string;
    const rivalId = (await apply(university, challenge).expect(201)).body.id as string;
    await score(owner, rivalId, 90).expect(200);

    await read(colleague, rivalId).expect(404);
    await score(colleague, rivalId).expect(404);
    await reject(colleague, rivalId).expect(404);
    expect(await listed(colleague, challenge)).toEqual([ownId]);
    const sheet = await request(app.http).get(`/api/v1/challenge-applications/export?format=csv&demandId=${challenge}`).set(colleague.auth).expect(200);
    expect(sheet.text).not.toContain(rivalId);
    expect((await read(colleague, ownId).expect(200)).body).toMatchObject({ id: ownId, scores: null, reviews: null });
    expect((await score(colleague, ownId).expect(403)).body.code).toBe('conflict_of_interest');
    // The rival stands as the owner left it, and other organizers still review it.
    expect((await read(owner, rivalId).expect(200)).body).toMatchObject({ status: 'under_review', reviews: [expect.objectContaining({ reviewerId: owner.userId, score: 90 })] });
    const other = await userWithRole(app, 'organizer', 'government');
    expect(await listed(other, challenge)).toEqual(expect.arrayContaining([ownId, rivalId]));
    await score(other, rivalId, 70).expect(200);
  });

  it('a broker serving both the owner and an applicant judges none of the race, and still acts for the applicant', async () => {
    const challenge = await newChallenge();
    const lab = await registerOrganization(app, 'institute');
    await verifyOrganization(app, lab.organizationId!);
    const broker = await userWithRole(app, 'broker', 'agency');
    for (const org of [owner, lab]) await assignBroker(app, broker, org.organizationId!);
    const rivalId = (await apply(university, challenge).expect(201)).body.id as string;
    // Before the lab applies, the broker reviews for the owner.
    await score(broker, rivalId, 60).expect(200);
    const ownId = (await apply(broker, challenge, { 'X-Acting-Organization': lab.organizationId! }).expect(201)).body.id as string;

    await read(broker, rivalId).expect(404);
    await score(broker, rivalId, 95).expect(404);
    await reject(broker, rivalId).expect(404);
    expect(await listed(broker, challenge)).toEqual([ownId]);
    expect((await read(broker, ownId).expect(200)).body.reviews).toBeNull();
    expect((await score(broker, ownId, 100).expect(403)).body.code).toBe('conflict_of_interest');
    await request(app.http).patch(`/api/v1/challenge-applications/${ownId}`).set(broker.auth).send({ budgetWan: 260, version: 1 }).expect(200);
    // The score the broker gave before is void once the lab runs: the owner is told, and the rival is scored again.
    expect((await read(owner, rivalId).expect(200)).body).toMatchObject({ reviews: [], scores: [] });
    const notices = (await request(app.http).get('/api/v1/notifications').set(owner.auth).expect(200)).body.items as Array<{ kind: string; subject: Record<string, string> }>;
    expect(notices.filter((n) => n.kind === 'challenge.reviews_voided').map((n) => n.subject)).toEqual([{ demandId: challenge }]);
  });

  it('nobody acting for an applicant appoints, removes or lists the challenge’s experts', async () => {
    const challenge = await newChallenge();
    const institute = await registerOrganization(app, 'institute');
    await verifyOrganization(app, institute.organizationId!);
    const colleague = await organizerIn(institute);
    const broker = await userWithRole(app, 'broker', 'agency');
    for (const org of [owner, institute]) await assignBroker(app, broker, org.organizationId!);
    const expert = await poolExpert(app, await userWithRole(app, 'organizer', 'government'), await registerOrganization(app, 'university'));
    await request(app.http).post(`/api/v1/demands/${challenge}/experts`).set(owner.auth).send({ userId: expert.userId }).expect(201);
    await apply(institute, challenge).expect(201);

    for (const insider of [colleague, broker]) {
      expect((await request(app.http).get(`/api/v1/demands/${challenge}/experts`).set(insider.auth).expect(403)).body.code).toBe('conflict_of_interest');
      expect((await request(app.http).delete(`/api/v1/demands/${challenge}/experts/${expert.userId}`).set(insider.auth).expect(403)).body.code).toBe('conflict_of_interest');
      expect((await request(app.http).post(`/api/v1/demands/${challenge}/experts`).set(insider.auth).send({ userId: expert.userId }).expect(403)).body.code).toBe('conflict_of_interest');
    }
    expect(await app.sql('SELECT user_id FROM challenge_experts WHERE demand_id = $1', [challenge])).toEqual([{ user_id: expert.userId }]);
  });
});
