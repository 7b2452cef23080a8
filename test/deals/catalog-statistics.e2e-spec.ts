import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
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

  it('is for organizers and admins, over a real period', async () => {
    expect((await report({}, enterprise).expect(403)).body.code).toBeDefined();
    const bad = await report({ from: chinaDay(), to: chinaDay(-1) }).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'to' })]);
    expect((await report({ groupBy: 'organization' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'groupBy' })]);
  });
});
