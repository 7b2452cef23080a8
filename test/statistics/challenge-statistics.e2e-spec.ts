import request from 'supertest';
import { loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifiedOrganization, verifyOrganization } from '../support/catalog';
import { chinaDay } from '../support/days';
import { startTestApp, type TestApp } from '../support/harness';

/** 揭榜挂帅 statistics: what organizers read of the challenges published in a period, and what they may not. */
describe('challenge statistics', () => {
  let app: TestApp;
  let organizer: Session;
  let admin: Session;
  let university: Session;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
    admin = await loginAdmin(app);
    university = await verifiedOrganization(app, 'university');
  });
  afterAll(() => app.close());

  /** Each test works in a district of its own, so its figures are its own. */
  const report = (query: Record<string, string>, as = organizer) => request(app.http).get('/api/v1/statistics/challenges').query({ from: chinaDay(), to: chinaDay(), ...query }).set(as.auth);
  const issuer = async (name: string, regionCode: string) => {
    const session = await registerOrganization(app, 'enterprise', { name, regionCode });
    await verifyOrganization(app, session.organizationId!);
    return session;
  };
  const challenge = (owner: Session, rewardWan: number, overrides: Record<string, unknown> = {}) =>
    publishedItem(app, owner, 'demands', { title: '高寒风电主轴轴承早期损伤预警（揭榜挂帅）', challenge: { rewardWan, deadline: chinaDay(30), evaluationPlan: '三步评审' }, ...overrides });
  const confidential = { visibility: 'confidential', neutralTitle: '某装备企业技术难题' };
  const apply = (demandId: string) =>
    request(app.http)
      .post(`/api/v1/demands/${demandId}/applications`)
      .set(university.auth)
      .send({ teamLead: '李明 教授', proposal: '以声发射监测低速重载轴承早期损伤，并在风场开展示范验证。', budgetWan: 90, milestones: [{ dueOn: chinaDay(90), deliverable: '样机' }] })
      .expect(201);

  it('names no owner of a confidential challenge: they are counted together under 保密单位, in the report and its export', async () => {
    const open = await issuer('大连公开发榜机械有限公司', '210202');
    const secret = await issuer('大连保密发榜重工有限公司', '210202');
    await challenge(open, 100);
    await challenge(open, 50, confidential); // the same owner, not named for this one either
    await challenge(secret, 200, confidential);

    const byOwner = await report({ groupBy: 'owner', regionPrefix: '210202' }).expect(200);
    expect(byOwner.body.totals).toMatchObject({ challenges: 3, rewardWan: 350 });
    expect(byOwner.body.groups).toEqual([
      expect.objectContaining({ key: null, label: '保密单位', challenges: 2, rewardWan: 250 }),
      expect.objectContaining({ key: open.organizationId, label: '大连公开发榜机械有限公司', challenges: 1, rewardWan: 100 }),
    ]);
    expect(JSON.stringify(byOwner.body)).not.toContain(secret.organizationId);
    expect(JSON.stringify(byOwner.body)).not.toContain('大连保密发榜重工有限公司');

    const sheet = await request(app.http).get('/api/v1/statistics/challenges/export').query({ from: chinaDay(), to: chinaDay(), groupBy: 'owner', regionPrefix: '210202', format: 'csv' }).set(admin.auth).expect(200);
    expect(sheet.text).toContain('保密单位,2,250,');
    expect(sheet.text).toContain('大连公开发榜机械有限公司,1,100,');
    expect(sheet.text).not.toContain('大连保密发榜重工有限公司');
  });

  it('leaves out challenges the platform took down, with their applications, but counts those their owner archived', async () => {
    const owner = await issuer('大连西岗发榜科技有限公司', '210203');
    const kept = await challenge(owner, 100);
    const archived = await challenge(owner, 20);
    const takenDown = await challenge(owner, 500);
    await apply(kept.id);
    await apply(takenDown.id);
    await request(app.http).post(`/api/v1/demands/${archived.id}/actions/close`).set(owner.auth).send({}).expect(200);
    await request(app.http).delete(`/api/v1/demands/${archived.id}`).set(owner.auth).expect(204);
    await request(app.http).post(`/api/v1/demands/${takenDown.id}/take-down`).set(admin.auth).send({ reason: '榜单内容与技术无关，属广告推广' }).expect(200);

    const byOwner = await report({ groupBy: 'owner', regionPrefix: '210203' }).expect(200);
    expect(byOwner.body.totals).toMatchObject({ challenges: 2, rewardWan: 120, applications: 1 });
    expect(byOwner.body.groups).toEqual([expect.objectContaining({ key: owner.organizationId, challenges: 2, rewardWan: 120, applications: 1 })]);
  });
});
