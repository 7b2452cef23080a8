import request from 'supertest';
import { loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { demandBody, publishedItem, verifyOrganization } from '../support/catalog';
import { chinaDay } from '../support/days';
import { startTestApp, type TestApp } from '../support/harness';
import { insertMatch } from '../support/matching';

const MATERIALS = { fieldCode: 'materials', chainCodes: ['titanium'] };

/** 供需统计: demand and supply by field and city, as organizers plan 专场. */
describe('supply-and-demand statistics', () => {
  let app: TestApp;
  let organizer: Session;
  let enterprise: Session;
  let university: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const report = (query: Record<string, string>, as = organizer) => request(app.http).get('/api/v1/statistics/catalog').query({ from: chinaDay(-7), to: chinaDay(), ...query }).set(as.auth);
  type Group = { key: string; label: string; [figure: string]: unknown };

  it('counts what was published, what is open today, supply per demand, budgets, and open demands nobody followed up', async () => {
    // 装备: three demands (one followed up, one past its 有效期, one closed) and one achievement; 新材料: a challenge and two achievements.
    const followed = await publishedItem(app, enterprise, 'demands', { budget: { minWan: 50, maxWan: 150 } });
    await publishedItem(app, enterprise, 'demands', { budget: { minWan: 80 } });
    const lapsed = await publishedItem(app, enterprise, 'demands');
    const closed = await publishedItem(app, enterprise, 'demands');
    await request(app.http).post(`/api/v1/demands/${closed.id}/actions/close`).set(enterprise.auth).send({}).expect(200);
    await app.sql(`UPDATE tech_demands SET valid_until = $2::date - 1 WHERE id = $1`, [lapsed.id, chinaDay()]);
    await publishedItem(app, enterprise, 'demands', { ...MATERIALS, budget: { negotiable: true }, challenge: { rewardWan: 300, deadline: chinaDay(30), evaluationPlan: '三步评审' } });
    const bearing = await publishedItem(app, university, 'achievements');
    await publishedItem(app, university, 'achievements', MATERIALS);
    await publishedItem(app, university, 'achievements', { ...MATERIALS, regionCode: '210102' });
    await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody({ title: '草稿不计入' })).expect(201);
    const matchId = await insertMatch(app, followed.id, bearing.id);
    await request(app.http).post(`/api/v1/matches/${matchId}/actions/contact`).set(enterprise.auth).send({}).expect(200);
    // Published long ago and still open: open today, not new in the period.
    const old = await publishedItem(app, university, 'achievements');
    await app.sql(`UPDATE achievements SET published_at = now() - interval '60 days' WHERE id = $1`, [old.id]);

    const byField = await report({ groupBy: 'field' }).expect(200);
    expect(byField.body).toMatchObject({ groupBy: 'field', asOf: chinaDay() });
    expect(byField.body.totals).toEqual({
      demandsPublished: 5, achievementsPublished: 3, openDemands: 3, openAchievements: 4, supplyPerDemand: 1.33,
      openChallenges: 1, openBudgetWan: 230, demandsWithoutFollowUp: 2,
    });
    const groups = Object.fromEntries((byField.body.groups as Group[]).map((g) => [g.key, g]));
    expect(groups.equipment).toMatchObject({ label: '装备制造', demandsPublished: 4, openDemands: 2, openAchievements: 2, supplyPerDemand: 1, demandsWithoutFollowUp: 1, openBudgetWan: 230 });
    expect(groups.materials).toMatchObject({ label: '新材料', demandsPublished: 1, openDemands: 1, openAchievements: 2, supplyPerDemand: 2, openChallenges: 1, demandsWithoutFollowUp: 1 });

    const byRegion = await report({ groupBy: 'region' }).expect(200);
    expect((byRegion.body.groups as Group[]).map((g) => [g.key, g.openAchievements])).toEqual(expect.arrayContaining([['210200', 3], ['210100', 1]]));
    // Narrowed to 沈阳: only what lies there, by district.
    const inShenyang = await report({ groupBy: 'region', regionPrefix: '2101' }).expect(200);
    expect(inShenyang.body).toMatchObject({ regionPrefix: '2101', regionName: '辽宁省沈阳市', totals: { achievementsPublished: 1, openAchievements: 1, demandsPublished: 0 } });
    expect((inShenyang.body.groups as Group[]).map((g) => [g.key, g.label])).toEqual([['210102', '辽宁省沈阳市和平区']]);

    const sheet = await request(app.http).get('/api/v1/statistics/catalog/export').query({ from: chinaDay(-7), to: chinaDay(), format: 'csv' }).set(organizer.auth).expect(200);
    expect(sheet.text).toContain(`在征需求（${chinaDay()}）`);
    expect(sheet.text).toMatch(/合计（.+）,5,3,3,4,1.33,1,230,2/);
  });

  it('counts a challenge open while it takes applications (its deadline day included), leaves out what the platform took down, and sums no confidential budget', async () => {
    // In 沙河口区 alone, so the figures are this test's.
    const here = { regionCode: '210204' };
    const challengeUntil = async (deadline: string) => {
      const { id } = await publishedItem(app, enterprise, 'demands', { ...here, challenge: { rewardWan: 100, deadline: chinaDay(30), evaluationPlan: '三步评审' } });
      await app.sql(`UPDATE tech_demands SET challenge_deadline = $2 WHERE id = $1`, [id, deadline]);
    };
    await challengeUntil(chinaDay(30));
    await challengeUntil(chinaDay(0));
    await challengeUntil(chinaDay(-1)); // applications refused since today
    const admin = await loginAdmin(app);
    const takeDown = (kind: string, id: string) => request(app.http).post(`/api/v1/${kind}/${id}/take-down`).set(admin.auth).send({ reason: '含有与技术无关的广告推广信息' }).expect(200);
    await takeDown('demands', (await publishedItem(app, enterprise, 'demands', here)).id);
    await takeDown('achievements', (await publishedItem(app, university, 'achievements', here)).id);
    await publishedItem(app, university, 'achievements', here);
    // A confidential demand counts, but its budget is not summed (with it, 540: three challenges at 150, and 90).
    await publishedItem(app, enterprise, 'demands', { ...here, visibility: 'confidential', neutralTitle: '某装备企业技术需求', budget: { minWan: 40, maxWan: 90 } });
    // Archived by its owner since: published in the period all the same.
    const archived = await publishedItem(app, enterprise, 'demands', here);
    await request(app.http).post(`/api/v1/demands/${archived.id}/actions/close`).set(enterprise.auth).send({}).expect(200);
    await request(app.http).delete(`/api/v1/demands/${archived.id}`).set(enterprise.auth).expect(204);

    const res = await report({ regionPrefix: '210204' }).expect(200);
    expect(res.body.totals).toMatchObject({ demandsPublished: 5, achievementsPublished: 1, openDemands: 4, openAchievements: 1, openChallenges: 2, openBudgetWan: 450 });
    expect(res.body.groups).toEqual([expect.objectContaining({ key: 'equipment', demandsPublished: 5, achievementsPublished: 1, openChallenges: 2, openBudgetWan: 450 })]);
  });

  it('names its downloads by the China day: after 16:00 UTC it is already the next day there', async () => {
    // 23:30 UTC yesterday: today in China, yesterday in UTC. Only the clock is stopped; timers run.
    const at = new Date(`${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}T23:30:00Z`);
    const chinaToday = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    jest.useFakeTimers({ now: at, doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    try {
      const sheet = await request(app.http).get('/api/v1/statistics/catalog/export').query({ from: chinaDay(-7), to: chinaDay(), format: 'csv' }).set(organizer.auth).expect(200);
      expect(sheet.headers['content-disposition']).toBe(`attachment; filename="catalog-statistics-${chinaToday}.csv"`);
      expect(sheet.text).toContain(`在征需求（${chinaToday}）`); // the day the report counts on
    } finally {
      jest.useRealTimers();
    }
  });

  it('is for organizers and admins, over a real period', async () => {
    expect((await report({}, enterprise).expect(403)).body.code).toBeDefined();
    const bad = await report({ from: chinaDay(), to: chinaDay(-1) }).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'to' })]);
    expect((await report({ groupBy: 'organization' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'groupBy' })]);
  });
});
