import request from 'supertest';
import { assignBroker, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';

/** 技术经纪人业绩: which broker each deal credits, and turnover by broker. */
describe('deals credit the 技术经纪人 who brought them about', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let broker: Session;
  let otherBroker: Session;
  let achievement: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    achievement = (await publishedItem(app, university, 'achievements')).id;
    broker = await userWithRole(app, 'broker', 'agency');
    otherBroker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, university.organizationId!);
  });
  afterAll(() => app.close());

  // Each record its own contract: the same contract recorded twice (same kind, parties, item and day) is refused.
  let day = 0;
  const nextDay = () => `-03-${String(++day).padStart(2, '0')}`;
  const contract = (extra: Record<string, unknown> = {}) => ({
    buyerOrganizationId: enterprise.organizationId,
    sellerOrganizationId: university.organizationId,
    achievementId: achievement,
    title: '技术转让合同',
    kind: 'transfer',
    stage: 'signed',
    amountWan: 200,
    signedOn: `2018${nextDay()}`,
    ...extra,
  });
  const record = (session: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    request(app.http).post('/api/v1/deals').set(session.auth).set(headers).send(body);

  it('a broker recording a deal for the party it serves is credited; a party recording alone credits nobody', async () => {
    const byBroker = await record(broker, contract(), { 'X-Acting-Organization': university.organizationId! }).expect(201);
    expect(byBroker.body.broker).toEqual({ id: broker.userId, name: expect.any(String) });
    const byParty = await record(enterprise, contract()).expect(201);
    expect(byParty.body.broker).toBeNull();
  });

  it('a party names the broker serving either side; a broker serving neither is refused and nothing is written', async () => {
    const named = await record(enterprise, contract({ brokerUserId: broker.userId })).expect(201);
    expect(named.body.broker.id).toBe(broker.userId);
    const before = await app.sql('SELECT id FROM deals');
    for (const brokerUserId of [otherBroker.userId, enterprise.userId]) {
      const refused = await record(enterprise, contract({ brokerUserId })).expect(400);
      expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'brokerUserId', code: 'not_serving' })]);
    }
    expect(await app.sql('SELECT id FROM deals')).toHaveLength(before.length);
  });

  it('a broker lists the deals crediting it; organizers read turnover by broker', async () => {
    // This test's own year: the deals above were signed in 2018.
    const in2017 = () => ({ signedOn: `2017${nextDay()}` });
    const credited = [
      (await record(broker, contract({ ...in2017(), amountWan: 150 }), { 'X-Acting-Organization': university.organizationId! }).expect(201)).body.id,
      (await record(enterprise, contract({ ...in2017(), amountWan: 250, brokerUserId: broker.userId })).expect(201)).body.id,
    ];
    await record(enterprise, contract({ ...in2017(), amountWan: 200 })).expect(201);
    const mine = await request(app.http).get('/api/v1/deals?brokered=true&pageSize=100').set(broker.auth).expect(200);
    expect(mine.body.items.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(credited));
    expect(mine.body.items.every((d: { broker: { id: string } | null }) => d.broker?.id === broker.userId)).toBe(true);

    const organizer = await userWithRole(app, 'organizer', 'government');
    const report = await request(app.http).get('/api/v1/statistics/deals?from=2017-01-01&to=2017-12-31&groupBy=broker').set(organizer.auth).expect(200);
    const [brokerName] = (await app.sql<{ name: string }>(`SELECT u.display_name || '（' || o.name || '）' AS name FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`, [broker.userId])).map((r) => r.name);
    expect(report.body.groups).toEqual([
      expect.objectContaining({ key: broker.userId, label: brokerName, deals: 2, turnoverWan: 400 }),
      expect.objectContaining({ key: null, label: '未经技术经纪人', deals: 1, turnoverWan: 200 }),
    ]);
    const sheet = await request(app.http).get('/api/v1/statistics/deals/export?from=2017-01-01&to=2017-12-31&groupBy=broker&format=csv').set(organizer.auth).expect(200);
    expect(sheet.text.split(/\r?\n/)[0]).toMatch(/^\uFEFF?技术经纪人,/);
  });
});
