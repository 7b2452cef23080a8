import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { whileCommitting } from '../support/races';

/** A report reads one snapshot: what is committed while it is read counts in all of its figures or in none. */
describe('statistics read one snapshot', () => {
  let app: TestApp;
  let organizer: Session;
  let buyer: Session;
  let seller: Session;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
    buyer = await registerOrganization(app, 'enterprise', { regionCode: '210211' });
    seller = await registerOrganization(app, 'university', { regionCode: '210102' });
    for (const s of [buyer, seller]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  it('a contract signed while the turnover report is read counts in its totals and its groups alike', async () => {
    const achievementId = (await publishedItem(app, seller, 'achievements')).id;
    const signed = await request(app.http)
      .post('/api/v1/deals')
      .set(buyer.auth)
      .send({ buyerOrganizationId: buyer.organizationId, sellerOrganizationId: seller.organizationId, achievementId, kind: 'license', stage: 'signed', title: '许可合同', amountWan: 100, signedOn: '2021-03-01' })
      .expect(201);
    const report = () => request(app.http).get('/api/v1/statistics/deals').query({ from: '2021-01-01', to: '2021-12-31', groupBy: 'buyer' }).set(organizer.auth).expect(200);

    // The grouped query reads tech_demands (is the contract's demand confidential?), the totals do not:
    // holding that table makes the groups wait until a second contract is committed, after the totals were read.
    const during = await whileCommitting(
      app,
      async (db) => {
        await db.query('LOCK TABLE tech_demands IN ACCESS EXCLUSIVE MODE');
        await db.query(
          `INSERT INTO deals (title, kind, stage, source, buyer_organization_id, seller_organization_id, achievement_id, field_code, amount_wan, signed_on, recorded_by, version)
           SELECT '第二份合同', kind, stage, source, buyer_organization_id, seller_organization_id, achievement_id, field_code, 50, signed_on, recorded_by, 1 FROM deals WHERE id = $1`,
          [signed.body.id],
        );
      },
      report,
    );
    const sum = (figure: 'deals' | 'turnoverWan') => (during.body.groups as Array<Record<typeof figure, number>>).reduce((n, g) => n + g[figure], 0);
    expect([sum('deals'), sum('turnoverWan')]).toEqual([during.body.totals.deals, during.body.totals.turnoverWan]);
    expect(during.body.totals).toMatchObject({ deals: 1, turnoverWan: 100 });
    expect((await report()).body.totals).toMatchObject({ deals: 2, turnoverWan: 150 });
  });
});
