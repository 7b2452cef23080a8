import request from 'supertest';
import { loginAdmin, registerOrganization, type Session } from '../support/accounts';
import { achievementBody, publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';

/** 机构库: verified organisations, found by type, field, region, tier or name, with what they have open. */
describe('the organisation directory', () => {
  let app: TestApp;
  let university: Session;
  let enterprise: Session;
  let unverified: Session;
  const tag = `目录${Math.random().toString(36).slice(2, 7)}`;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    university = await registerOrganization(app, 'university', { name: `${tag}大连理工测试大学`, regionCode: '210211' });
    enterprise = await registerOrganization(app, 'enterprise', { name: `${tag}沈阳精密机床有限公司`, regionCode: '210102' });
    unverified = await registerOrganization(app, 'enterprise', { name: `${tag}未审核公司` });
    for (const s of [university, enterprise]) await verifyOrganization(app, s.organizationId!);
    const profile = async (s: Session, changes: Record<string, unknown>) => {
      const { version } = (await request(app.http).get(`/api/v1/organizations/${s.organizationId}`).set(s.auth).expect(200)).body;
      await request(app.http).patch(`/api/v1/organizations/${s.organizationId}`).set(s.auth).send({ ...changes, version }).expect(200);
    };
    await profile(university, { fields: ['materials', 'equipment'] });
    await profile(enterprise, { fields: ['equipment'], tiers: ['high_tech'] });
    // Open: two achievements and a demand; not open: a draft, and a demand whose 有效期 has passed.
    await publishedItem(app, university, 'achievements');
    await publishedItem(app, university, 'achievements');
    await request(app.http).post('/api/v1/achievements').set(university.auth).send(achievementBody()).expect(201);
    await publishedItem(app, enterprise, 'demands');
    const lapsing = await publishedItem(app, enterprise, 'demands');
    // Not counted either: one the platform took down, and a confidential one, whose owner is hidden from others.
    const takenDown = await publishedItem(app, university, 'achievements');
    await request(app.http).post(`/api/v1/achievements/${takenDown.id}/take-down`).set((await loginAdmin(app)).auth).send({ reason: '重复发布' }).expect(200);
    await publishedItem(app, enterprise, 'demands', { visibility: 'confidential' });
    await app.sql(`UPDATE tech_demands SET valid_until = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE id = $1`, [lapsing.id]);
  });
  afterAll(() => app.close());

  const find = (query: Record<string, string>) => request(app.http).get('/api/v1/organizations').query({ q: tag, ...query }).set(unverified.auth);
  const names = (res: request.Response): string[] => (res.body.items as Array<{ name: string }>).map((o) => o.name);

  it('lists verified organisations by name, with the open achievements and demands anyone may find under them', async () => {
    const res = await find({}).expect(200);
    expect(res.body.total).toBe(2);
    // By name: 大连… before 沈阳… (in code-point and in pinyin order alike).
    expect(res.body.items).toEqual([
      expect.objectContaining({ name: `${tag}大连理工测试大学`, type: 'university', regionName: '辽宁省大连市甘井子区', openAchievements: 2, openDemands: 0 }),
      expect.objectContaining({ name: `${tag}沈阳精密机床有限公司`, openAchievements: 0, openDemands: 1 }),
    ]);
    expect(names(res)).not.toContain(`${tag}未审核公司`);
  });

  it('filters by type, field, region and tier', async () => {
    expect(names(await find({ type: 'university' }).expect(200))).toEqual([`${tag}大连理工测试大学`]);
    expect(names(await find({ fieldCode: 'materials' }).expect(200))).toEqual([`${tag}大连理工测试大学`]);
    expect(names(await find({ fieldCode: 'equipment' }).expect(200)).sort()).toEqual([`${tag}大连理工测试大学`, `${tag}沈阳精密机床有限公司`].sort());
    expect(names(await find({ regionPrefix: '2101' }).expect(200))).toEqual([`${tag}沈阳精密机床有限公司`]);
    expect(names(await find({ tier: 'high_tech' }).expect(200))).toEqual([`${tag}沈阳精密机床有限公司`]);
  });

  it('refuses a filter it does not know, naming it, and callers who are not signed in', async () => {
    expect((await find({ tier: 'unicorn-ish' }).expect(400)).body.fields[0]).toMatchObject({ field: 'tier' });
    expect((await find({ type: 'club' }).expect(400)).body.fields[0]).toMatchObject({ field: 'type' });
    await request(app.http).get('/api/v1/organizations').expect(401);
  });
});
