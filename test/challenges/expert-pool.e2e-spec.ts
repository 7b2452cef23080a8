import request from 'supertest';
import { loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const PROFILE = { professionalTitle: '教授', fieldCodes: ['equipment', 'materials'], specialties: '滚动轴承故障诊断、旋转机械状态监测' };

/** 专家库: experts enter themselves, organizers approve them, challenge owners find and appoint them. */
describe('the expert pool (专家库)', () => {
  let app: TestApp;
  let organizer: Session;
  let owner: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
    owner = await registerOrganization(app, 'enterprise');
    await verifyOrganization(app, owner.organizationId!);
  });
  afterAll(() => app.close());

  const enter = (s: Session, body: Record<string, unknown> = PROFILE) => request(app.http).put('/api/v1/me/expert-profile').set(s.auth).send(body);
  const find = (s: Session, query: Record<string, string>) => request(app.http).get('/api/v1/experts').query(query).set(s.auth);
  const decide = (s: Session, userId: string, action: string) => request(app.http).post(`/api/v1/experts/${userId}/actions/${action}`).set(s.auth);
  const idsOf = (res: request.Response): string[] => (res.body.items as Array<{ userId: string }>).map((e) => e.userId);

  it('an entry waits for an organizer, then everyone finds it by field or words, without its e-mail', async () => {
    const expert = await registerOrganization(app, 'university', { name: '东北轴承研究大学' });
    const entered = await enter(expert).expect(200);
    expect(entered.body).toMatchObject({ userId: expert.userId, status: 'pending', professionalTitle: '教授', fieldCodes: ['equipment', 'materials'], organization: { name: '东北轴承研究大学' } });
    expect(idsOf(await find(owner, { fieldCode: 'equipment', pageSize: '100' }).expect(200))).not.toContain(expert.userId);
    expect(idsOf(await find(organizer, { pending: 'true', pageSize: '100' }).expect(200))).toContain(expert.userId);

    await decide(owner, expert.userId, 'approve').expect(403);
    expect((await decide(organizer, expert.userId, 'approve').expect(200)).body.status).toBe('approved');
    const queries: Array<Record<string, string>> = [{ fieldCode: 'materials' }, { q: '轴承故障' }, { q: '东北轴承' }];
    for (const query of queries) {
      const res = await find(owner, { ...query, pageSize: '100' }).expect(200);
      expect(idsOf(res)).toContain(expert.userId);
    }
    expect(idsOf(await find(owner, { fieldCode: 'agriculture', pageSize: '100' }).expect(200))).not.toContain(expert.userId);
    const listed = (await find(owner, { q: '东北轴承' }).expect(200)).body.items[0];
    expect(listed).not.toHaveProperty('email');
    expect(JSON.stringify(listed)).not.toContain(expert.email);

    // Refining the words keeps the approval; revoking it takes the entry out of the lists.
    expect((await enter(expert, { ...PROFILE, specialties: '轴承寿命评估' }).expect(200)).body.status).toBe('approved');
    await decide(organizer, expert.userId, 'revoke').expect(200);
    expect(idsOf(await find(owner, { q: '东北轴承' }).expect(200))).toEqual([]);
    expect((await request(app.http).get('/api/v1/me/expert-profile').set(expert.auth).expect(200)).body.status).toBe('pending');

    // A deactivated account has left the pool: there is nothing to decide (and nothing is mailed or recorded).
    const admin = await loginAdmin(app);
    await request(app.http).post(`/api/v1/admin/users/${expert.userId}/deactivate`).set(admin.auth).send({}).expect(200);
    await decide(organizer, expert.userId, 'approve').expect(404);
    expect(await app.sql(`SELECT approved_at FROM expert_profiles WHERE user_id = $1`, [expert.userId])).toEqual([{ approved_at: null }]);
  });

  it('a challenge owner appoints an expert from the pool by user id', async () => {
    const expert = await registerOrganization(app, 'institute');
    await enter(expert).expect(200);
    await decide(organizer, expert.userId, 'approve').expect(200);
    const challenge = await publishedItem(app, owner, 'demands', { challenge: { rewardWan: 100, deadline: inDays(30), evaluationPlan: '三步评审' } });
    const appoint = (body: Record<string, unknown>) => request(app.http).post(`/api/v1/demands/${challenge.id}/experts`).set(owner.auth).send(body);

    // Only from the pool: an e-mail names nobody, even beside the id.
    expect((await appoint({ userId: expert.userId, email: expert.email }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'email', code: 'unknown_field' })]);
    expect((await appoint({ stages: ['desk'] }).expect(400)).body.fields[0]).toMatchObject({ field: 'userId', code: 'isUuid' });
    expect((await appoint({ userId: '00000000-0000-4000-8000-000000000000' }).expect(400)).body.fields[0]).toMatchObject({ field: 'userId', code: 'unknown' });
    // An id reaches only someone the pool lists: not any account (whose address the answer would give away), nor one still waiting.
    const stranger = await registerOrganization(app, 'university');
    const waiting = await registerOrganization(app, 'university');
    await enter(waiting).expect(200);
    for (const id of [stranger.userId, waiting.userId]) {
      const refused = await appoint({ userId: id }).expect(400);
      expect(refused.body.fields[0]).toMatchObject({ field: 'userId', code: 'unknown' });
      expect(JSON.stringify(refused.body)).not.toContain('@');
    }
    const appointed = await appoint({ userId: expert.userId, stages: ['panel'] }).expect(201);
    expect(appointed.body).toMatchObject({ userId: expert.userId, stages: ['panel'] });
    const assignments = await request(app.http).get('/api/v1/me/review-assignments').set(expert.auth).expect(200);
    expect(assignments.body.map((a: { challenge: { id: string } }) => a.challenge.id)).toEqual([challenge.id]);
  });

  it('refuses unknown fields and empty entries, and a caller who is not an organizer the approval queue', async () => {
    const expert = await registerOrganization(app, 'university');
    const bad = await enter(expert, { ...PROFILE, fieldCodes: ['equipment', 'astrology'] }).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'fieldCodes.1', code: 'isIn' })]);
    expect((await enter(expert, { ...PROFILE, fieldCodes: [] }).expect(400)).body.fields[0]).toMatchObject({ field: 'fieldCodes' });
    expect((await enter(expert, { ...PROFILE, specialties: '   ' }).expect(400)).body.fields[0]).toMatchObject({ field: 'specialties' });
    await request(app.http).get('/api/v1/me/expert-profile').set(expert.auth).expect(404);
    expect((await find(owner, { pending: 'true' }).expect(403)).body.code).toBe('not_organizer');
    await decide(organizer, expert.userId, 'approve').expect(404);
    await decide(organizer, expert.userId, 'promote').expect(400);
  });

  it('an expert who leaves, or whose account is deactivated, is no longer listed', async () => {
    const leaving = await registerOrganization(app, 'university');
    const deactivated = await registerOrganization(app, 'university');
    for (const s of [leaving, deactivated]) {
      await enter(s, { ...PROFILE, specialties: '离开测试专用方向' }).expect(200);
      await decide(organizer, s.userId, 'approve').expect(200);
    }
    expect(idsOf(await find(owner, { q: '离开测试专用' }).expect(200)).sort()).toEqual([leaving.userId, deactivated.userId].sort());
    await request(app.http).delete('/api/v1/me/expert-profile').set(leaving.auth).expect(204);
    await request(app.http).delete('/api/v1/me/expert-profile').set(leaving.auth).expect(404);
    await request(app.http).post(`/api/v1/admin/users/${deactivated.userId}/deactivate`).set((await loginAdmin(app)).auth).expect(200);
    expect(idsOf(await find(owner, { q: '离开测试专用' }).expect(200))).toEqual([]);
  });
});
