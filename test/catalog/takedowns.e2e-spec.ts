import request from 'supertest';
import { loginAdmin, type Session } from '../support/accounts';
import { achievementBody, publishedItem, verifiedOrganization } from '../support/catalog';
import { eventually, startTestApp, type TestApp } from '../support/harness';
import { matchesReady, matchList } from '../support/matching';

/** 违规下架: platform operators take an item off every list with a reason, and may put it back. */
describe('taking catalogue items down', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let admin: Session;
  beforeAll(async () => {
    app = await startTestApp();
    [enterprise, university] = await Promise.all([verifiedOrganization(app, 'enterprise'), verifiedOrganization(app, 'university')]);
    admin = await loginAdmin(app);
  });
  afterAll(() => app.close());

  const http = () => request(app.http);
  const takeDown = (s: Session, kind: string, id: string, body: object = { reason: '含有与技术无关的广告推广信息' }) => http().post(`/api/v1/${kind}/${id}/take-down`).set(s.auth).send(body);
  const restore = (s: Session, kind: string, id: string) => http().delete(`/api/v1/${kind}/${id}/take-down`).set(s.auth);
  const noticesOf = async (s: Session, kind: string, itemId: string) =>
    ((await http().get('/api/v1/notifications').query({ kind }).set(s.auth).expect(200)).body.items as Array<{ title: string; body: string; subject: { itemId: string } }>).filter((n) => n.subject.itemId === itemId);
  /** The enterprise's demands a word search finds (narrowed to the enterprise: other files publish alike demands). */
  const searchIds = async (s: Session, q: string) =>
    ((await http().get('/api/v1/demands').query({ q, organizationId: enterprise.organizationId }).set(s.auth).expect(200)).body.items as Array<{ id: string }>).map((d) => d.id);
  const matchedDemands = async (achievementId: string) => (await matchList(app, university, 'achievements', achievementId)).map((m) => m.demandId);

  it('takes an item off search, matching and its readers with a reason its owner is told; restoring puts it back as it was', async () => {
    const title = '风电主轴轴承早期损伤预警（下架核验）';
    const demand = await publishedItem(app, enterprise, 'demands', { title });
    const achievement = await publishedItem(app, university, 'achievements');
    await matchesReady(app, enterprise, 'demands', demand.id);
    await eventually(async () => ((await matchedDemands(achievement.id)).includes(demand.id) ? true : undefined), 30_000);
    expect(await searchIds(university, '主轴轴承')).toEqual([demand.id]);

    const { body: down } = await takeDown(admin, 'demands', demand.id).expect(200);
    expect(down).toMatchObject({ status: 'published', takedownReason: '含有与技术无关的广告推广信息', archivedAt: expect.any(String) });
    // Gone for everyone but its owner (and the operators), from search and from the other side's matches.
    await http().get(`/api/v1/demands/${demand.id}`).set(university.auth).expect(404);
    await http().get(`/api/v1/demands/${demand.id}`).expect(404);
    expect(await searchIds(university, '主轴轴承')).toEqual([]);
    await eventually(async () => (!(await matchedDemands(achievement.id)).includes(demand.id) ? true : undefined), 30_000);
    // Its owner reads it with the reason, is told, and can no longer change it.
    expect((await http().get(`/api/v1/demands/${demand.id}`).set(enterprise.auth).expect(200)).body).toMatchObject({ takedownReason: '含有与技术无关的广告推广信息' });
    const [told, ...more] = await noticesOf(enterprise, 'catalog.taken_down', demand.id);
    expect(more).toEqual([]);
    expect(told!.title).toBe(`技术需求「${title}」已被平台下架`);
    expect(told!.body).toContain('下架原因：含有与技术无关的广告推广信息。');
    const edit = await http().patch(`/api/v1/demands/${demand.id}`).set(enterprise.auth).send({ version: down.version, title: '换个标题重新上架' }).expect(409);
    expect(edit.body.details).toMatchObject({ from: 'archived' });
    expect((await takeDown(admin, 'demands', demand.id).expect(409)).body.details).toMatchObject({ from: 'taken_down', action: 'take_down' });
    const [audit] = await app.sql<{ actor_user_id: string; details: { reason: string } }>(`SELECT actor_user_id, details FROM audit_entries WHERE action = 'demand.take_down' AND resource_id = $1`, [demand.id]);
    expect(audit).toMatchObject({ actor_user_id: admin.userId, details: { reason: '含有与技术无关的广告推广信息' } });

    // A mistake, or a settled complaint: back as it was, in search and matching again.
    const { body: back } = await restore(admin, 'demands', demand.id).expect(200);
    expect(back).toMatchObject({ status: 'published', takedownReason: null, archivedAt: null });
    await http().get(`/api/v1/demands/${demand.id}`).set(university.auth).expect(200);
    expect(await searchIds(university, '主轴轴承')).toEqual([demand.id]);
    await eventually(async () => ((await matchedDemands(achievement.id)).includes(demand.id) ? true : undefined), 30_000);
    expect((await noticesOf(enterprise, 'catalog.restored', demand.id)).map((n) => n.title)).toEqual([`技术需求「${title}」已恢复`]);
    await http().patch(`/api/v1/demands/${demand.id}`).set(enterprise.auth).send({ version: back.version, title: `${title}（修订）` }).expect(200);
    expect((await restore(admin, 'demands', demand.id).expect(409)).body.details).toMatchObject({ action: 'restore' });
  });

  it('is for the operators alone: an owner gets 403, an outsider to a draft 404; a reason is required; an item its owner archived is left alone', async () => {
    const { body: draft } = await http().post('/api/v1/achievements').set(university.auth).send(achievementBody()).expect(201);
    expect((await takeDown(university, 'achievements', draft.id).expect(403)).body.code).toBe('not_admin');
    await takeDown(enterprise, 'achievements', draft.id).expect(404);
    await restore(enterprise, 'achievements', draft.id).expect(404);
    for (const body of [{}, { reason: 'x' }, { reason: 'x'.repeat(501) }, { reason: 42 }]) {
      const refused = await takeDown(admin, 'achievements', draft.id, body).expect(400);
      expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    }
    await takeDown(admin, 'achievements', '00000000-0000-4000-8000-000000000000').expect(404);
    expect((await app.sql<{ archived_at: Date | null }>('SELECT archived_at FROM achievements WHERE id = $1', [draft.id]))[0]!.archived_at).toBeNull();

    await http().delete(`/api/v1/achievements/${draft.id}`).set(university.auth).expect(204);
    expect((await takeDown(admin, 'achievements', draft.id).expect(409)).body.details).toMatchObject({ from: 'archived' });
    expect((await restore(admin, 'achievements', draft.id).expect(409)).body.details).toMatchObject({ from: 'archived', action: 'restore' });
    expect(await noticesOf(university, 'catalog.taken_down', draft.id)).toEqual([]);
  });
});
