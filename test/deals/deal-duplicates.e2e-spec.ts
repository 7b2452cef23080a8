import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifiedOrganization, verifyOrganization } from '../support/catalog';
import { challengeProject } from '../support/challenges';
import { startTestApp, type TestApp } from '../support/harness';
import { insertMatch } from '../support/matching';
import { whileCommitting } from '../support/races';

/** One contract counts once: both sides of a match or of an award recording it would double the turnover. */
describe('a contract already recorded by the other side', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let organizer: Session;
  let achievement: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    achievement = (await publishedItem(app, university, 'achievements')).id;
    organizer = await userWithRole(app, 'organizer', 'government');
  });
  afterAll(() => app.close());

  const record = (session: Session, body: Record<string, unknown>) => request(app.http).post('/api/v1/deals').set(session.auth).send(body);
  const dealCount = async (): Promise<number> => Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM deals'))[0]!.n);
  const turnoverIn = async (year: number): Promise<number> =>
    (await request(app.http).get(`/api/v1/statistics/deals?from=${year}-01-01&to=${year}-12-31`).set(organizer.auth).expect(200)).body.totals.turnoverWan;

  it('on a match: the second record of the same kind is a 409 naming the standing deal; another kind is another contract', async () => {
    const matchId = await insertMatch(app, (await publishedItem(app, enterprise, 'demands')).id, achievement);
    const signed = { matchId, title: '技术许可合同', kind: 'license', stage: 'signed', amountWan: 100, signedOn: '2012-05-01' };
    const { body: first } = await record(enterprise, signed).expect(201);
    const before = await dealCount();

    const again = await record(university, { ...signed, title: '同一份许可合同' }).expect(409);
    expect(again.body).toMatchObject({ code: 'deal_exists', details: { dealId: first.id }, fields: [expect.objectContaining({ field: 'matchId', code: 'deal_exists' })] });
    expect(again.body.message).toContain(`/api/v1/deals/${first.id}/actions/dispute`);
    expect(await dealCount()).toBe(before);
    expect(await turnoverIn(2012)).toBe(100);

    await record(university, { ...signed, title: '后续技术服务合同', kind: 'technical_service', amountWan: 20 }).expect(201);
    expect(await turnoverIn(2012)).toBe(120);

    // Once the standing one is disputed, the contract may be recorded again (as it really is).
    await request(app.http).post(`/api/v1/deals/${first.id}/actions/dispute`).set(university.auth).send({ reason: '金额有误' }).expect(200);
    await record(university, { ...signed, amountWan: 80 }).expect(201);
    expect(await turnoverIn(2012)).toBe(100);
  });

  it('on an award: the other side recording it meanwhile waits for the first record and is refused', async () => {
    const owner = await verifiedOrganization(app, 'enterprise');
    const team = await verifiedOrganization(app, 'university');
    const { applicationId } = await challengeProject(app, owner, team);
    const [{ demand_id: demandId, field_code: fieldCode }] = await app.sql<{ demand_id: string; field_code: string }>(
      `SELECT a.demand_id, d.field_code FROM challenge_applications a JOIN tech_demands d ON d.id = a.demand_id WHERE a.id = $1`,
      [applicationId],
    );
    const deal = { challengeApplicationId: applicationId, title: '揭榜挂帅项目合同', kind: 'commissioned_development' };
    let ownersDeal = '';
    // The owner's record is in flight (written, not yet committed) when the team records the same contract.
    const teams = await whileCommitting(
      app,
      async (db) => {
        const { rows } = await db.query<{ id: string }>(
          `INSERT INTO deals (title, kind, stage, source, buyer_organization_id, seller_organization_id, demand_id, challenge_application_id, field_code, recorded_by, recorded_for_organization_id, version)
           VALUES ($1, $2, 'intent', 'challenge', $3, $4, $5, $6, $7, $8, $3, 1) RETURNING id`,
          [deal.title, deal.kind, owner.organizationId, team.organizationId, demandId, applicationId, fieldCode, owner.userId],
        );
        ownersDeal = rows[0]!.id;
      },
      () => record(team, deal),
    );
    expect([teams.status, teams.body.code, teams.body.details]).toEqual([409, 'deal_exists', { dealId: ownersDeal }]);
    expect(await app.sql(`SELECT id FROM deals WHERE challenge_application_id = $1`, [applicationId])).toEqual([{ id: ownersDeal }]);
    expect((await record(owner, deal).expect(409)).body.details).toEqual({ dealId: ownersDeal });
  });

  it('named directly: the same contract about the same items is refused whether the first record named them or came through their match', async () => {
    const demandId = (await publishedItem(app, enterprise, 'demands')).id;
    const matchId = await insertMatch(app, demandId, achievement);
    const facts = { title: '技术转让合同', kind: 'transfer', stage: 'signed', amountWan: 60, signedOn: '2013-04-01' };
    const { body: first } = await record(enterprise, { matchId, ...facts }).expect(201);
    const named = { buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, demandId, achievementId: achievement, ...facts };
    const again = await record(university, named).expect(409);
    expect(again.body).toMatchObject({ code: 'deal_exists', details: { dealId: first.id }, fields: [expect.objectContaining({ field: 'demandId', code: 'deal_exists' })] });
    expect(await turnoverIn(2013)).toBe(60);

    // And the other way round: a contract named first stops the same one recorded on the match.
    const otherDemand = (await publishedItem(app, enterprise, 'demands')).id;
    const { body: direct } = await record(university, { ...named, demandId: otherDemand }).expect(201);
    const otherMatch = await insertMatch(app, otherDemand, achievement);
    expect((await record(enterprise, { matchId: otherMatch, ...facts }).expect(409)).body.details).toEqual({ dealId: direct.id });
    expect(await turnoverIn(2013)).toBe(120);
    // Signed on another day, it is another contract (a licence renewed, a second transfer).
    await record(enterprise, { matchId: otherMatch, ...facts, signedOn: '2013-09-01' }).expect(201);
    expect(await turnoverIn(2013)).toBe(180);
  });
});
