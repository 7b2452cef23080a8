import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { chinaDay } from '../support/days';
import { startTestApp, type TestApp } from '../support/harness';
import { insertMatch } from '../support/matching';

/**
 * No statistics grouping by organisation names the owner of a confidential item: what is counted
 * about a party's confidential demand or achievement falls under 保密单位, in the reports and their exports.
 */
describe('statistics name no owner of a confidential item', () => {
  let app: TestApp;
  let organizer: Session;
  let secretBuyer: Session;
  let secretSeller: Session;
  let openBuyer: Session;
  let openSeller: Session;
  let secretDemand: string;
  let secretAchievement: string;
  let openDemand: string;
  let openAchievement: string;

  // The buyers (demand owners) lie in 大连市中山区: both reports count by their region.
  const DISTRICT = '210202';
  const SECRET_NAMES = ['大连保密受让机械有限公司', '沈阳保密转让研究院'];
  const confidential = { visibility: 'confidential', neutralTitle: '装备制造领域技术' };

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
    const party = async (type: 'enterprise' | 'university' | 'institute', name: string, regionCode: string) => {
      const session = await registerOrganization(app, type, { name, regionCode });
      await verifyOrganization(app, session.organizationId!);
      return session;
    };
    secretBuyer = await party('enterprise', SECRET_NAMES[0]!, DISTRICT);
    openBuyer = await party('enterprise', '大连公开受让装备有限公司', DISTRICT);
    secretSeller = await party('institute', SECRET_NAMES[1]!, '210102');
    openSeller = await party('university', '沈阳公开转让大学', '210102');
    secretDemand = (await publishedItem(app, secretBuyer, 'demands', { ...confidential, regionCode: DISTRICT })).id;
    openDemand = (await publishedItem(app, openBuyer, 'demands', { regionCode: DISTRICT })).id;
    secretAchievement = (await publishedItem(app, secretSeller, 'achievements', { ...confidential, regionCode: '210102' })).id;
    openAchievement = (await publishedItem(app, openSeller, 'achievements', { regionCode: '210102' })).id;
  });
  afterAll(() => app.close());

  const read = (report: string, groupBy: string) =>
    request(app.http).get(`/api/v1/statistics/${report}`).query({ from: chinaDay(-1), to: chinaDay(), regionPrefix: DISTRICT, groupBy }).set(organizer.auth).expect(200);
  const sheet = async (report: string, groupBy: string) =>
    (await request(app.http).get(`/api/v1/statistics/${report}/export`).query({ from: chinaDay(-1), to: chinaDay(), regionPrefix: DISTRICT, groupBy, format: 'csv' }).set(organizer.auth).expect(200)).text;
  const expectNoSecretOwner = (text: string) => {
    for (const leak of [...SECRET_NAMES, secretBuyer.organizationId!, secretSeller.organizationId!]) expect(text).not.toContain(leak);
  };

  it('turnover by buyer and by seller: a contract about a confidential item counts under 保密单位', async () => {
    const signed = { kind: 'transfer', stage: 'signed', signedOn: chinaDay() };
    // The buyer's confidential demand, bought from an open seller; an open buyer's purchase of a confidential achievement.
    await request(app.http).post('/api/v1/deals').set(secretBuyer.auth)
      .send({ ...signed, buyerOrganizationId: secretBuyer.organizationId, sellerOrganizationId: openSeller.organizationId, demandId: secretDemand, title: '保密需求合同', amountWan: 100 }).expect(201);
    await request(app.http).post('/api/v1/deals').set(secretSeller.auth)
      .send({ ...signed, buyerOrganizationId: openBuyer.organizationId, sellerOrganizationId: secretSeller.organizationId, achievementId: secretAchievement, title: '保密成果合同', amountWan: 40 }).expect(201);

    const byBuyer = await read('deals', 'buyer');
    expect(byBuyer.body.totals).toMatchObject({ deals: 2, turnoverWan: 140 });
    expect(byBuyer.body.groups).toEqual([
      expect.objectContaining({ key: null, label: '保密单位', deals: 1, turnoverWan: 100 }),
      expect.objectContaining({ key: openBuyer.organizationId, label: '大连公开受让装备有限公司', deals: 1, turnoverWan: 40 }),
    ]);
    const bySeller = await read('deals', 'seller');
    expect(bySeller.body.groups).toEqual([
      expect.objectContaining({ key: openSeller.organizationId, label: '沈阳公开转让大学', deals: 1, turnoverWan: 100 }),
      expect.objectContaining({ key: null, label: '保密单位', deals: 1, turnoverWan: 40 }),
    ]);
    for (const res of [byBuyer, bySeller]) expectNoSecretOwner(JSON.stringify(res.body));
    const buyers = await sheet('deals', 'buyer');
    expect(buyers).toContain('保密单位,1,100,');
    expectNoSecretOwner(buyers);
    expectNoSecretOwner(await sheet('deals', 'seller'));
  });

  it('the conversion funnel by buyer and by seller: a pair about a confidential item counts under 保密单位', async () => {
    for (const [demandId, achievementId] of [[secretDemand, openAchievement], [openDemand, secretAchievement]] as const) {
      const matchId = await insertMatch(app, demandId, achievementId);
      await app.sql(`UPDATE matches SET state = 'contacted', contacted_at = now() WHERE id = $1`, [matchId]);
    }

    const byBuyer = await read('conversion', 'buyer');
    expect(byBuyer.body.totals).toMatchObject({ followedUp: 2 });
    expect(byBuyer.body.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: null, label: '保密单位', followedUp: 1 }),
        expect.objectContaining({ key: openBuyer.organizationId, label: '大连公开受让装备有限公司', followedUp: 1 }),
      ]),
    );
    const bySeller = await read('conversion', 'seller');
    expect(bySeller.body.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: null, label: '保密单位', followedUp: 1 }),
        expect.objectContaining({ key: openSeller.organizationId, label: '沈阳公开转让大学', followedUp: 1 }),
      ]),
    );
    for (const res of [byBuyer, bySeller]) {
      expect(res.body.groups).toHaveLength(2);
      expectNoSecretOwner(JSON.stringify(res.body));
    }
    expectNoSecretOwner(await sheet('conversion', 'buyer'));
    expectNoSecretOwner(await sheet('conversion', 'seller'));
  });
});
