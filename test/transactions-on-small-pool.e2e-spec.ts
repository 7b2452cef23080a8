import { type INestApplicationContext, Logger } from '@nestjs/common';
import { buildDataSourceOptions, runMigrationsWithLock } from '@techbridge/database';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loginAdmin, type Session, userWithRole } from './support/accounts';
import { achievementSheetRow, demandBody, publishedItem, sheetCsv } from './support/catalog';
import { challengeProject } from './support/challenges';
import { createEvent } from './support/events';
import { eventually, startTestApp, startWorker, type TestApp, testEnv } from './support/harness';
import { type MatchParties, matchParties } from './support/matching';

/** As many requests at once as the pool has connections, and more. */
const AT_ONCE = 4;
const atOnce = <T>(make: (i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: AT_ONCE }, (_, i) => make(i)));

/**
 * A use case holding a transaction (one pooled connection) must not wait inside it for a second
 * connection from the pool: once every connection is held by such transactions, each waits for one
 * that never comes, and every request fails on the pool's time-out (503). On a pool of 2, 4 requests
 * at once of each path that used to read or write through the pool inside its transaction all succeed.
 */
describe('transactions do not wait for a second pooled connection (a pool of 2)', () => {
  let app: TestApp;
  let worker: INestApplicationContext;
  let admin: Session;
  let enterprise: Session;
  let university: Session;
  let outsider: Session;
  let freshMatch: MatchParties['freshMatch'];
  beforeAll(async () => {
    app = await startTestApp({ worker: false, env: { DATABASE_POOL_SIZE: '2' } });
    // A worker of its own with a single connection: an import that needed a second one would never finish.
    worker = await startWorker(await testEnv({ env: { DATABASE_POOL_SIZE: '1' } }));
    ({ enterprise, university, outsider, freshMatch } = await matchParties(app));
    admin = await loginAdmin(app);
  });
  afterAll(async () => {
    await worker.close();
    await app.close();
  });

  /** An admin's change of the taxonomy empties its cache: the next use reads it from the database. */
  let fields = 0;
  const emptyTaxonomyCache = () => request(app.http).put(`/api/v1/admin/taxonomy/fields/pool_test_${fields++}`).set(admin.auth).send({ label: `连接池测试领域${fields}` }).expect(200);
  const statuses = (responses: Array<{ status: number }>) => responses.map((r) => r.status);

  it('items first published at once, the taxonomy read afresh for their subscribers, are all published', async () => {
    const drafts = await atOnce(async () => (await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody()).expect(201)).body.id as string);
    await emptyTaxonomyCache();
    const published = await atOnce((i) => request(app.http).post(`/api/v1/demands/${drafts[i]}/actions/publish`).set(enterprise.auth).send({}));
    expect(statuses(published)).toEqual(Array(AT_ONCE).fill(200));
  });

  it('deals recorded at once between named parties about items of theirs are all recorded', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    const achievement = await publishedItem(app, university, 'achievements');
    const recorded = await atOnce((i) =>
      request(app.http).post('/api/v1/deals').set(enterprise.auth).send({
        title: `技术服务合同 ${i}`, kind: 'technical_service', buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, demandId: demand.id, achievementId: achievement.id,
      }),
    );
    expect(statuses(recorded)).toEqual(Array(AT_ONCE).fill(201));
  });

  it('takedowns asked at once by someone who is no operator are all refused as such (403)', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    const refused = await atOnce(() => request(app.http).post(`/api/v1/demands/${demand.id}/take-down`).set(outsider.auth).send({ reason: '含有与技术无关的广告推广信息' }));
    expect(statuses(refused)).toEqual(Array(AT_ONCE).fill(403));
  });

  it('statistics by field read at once, the taxonomy read afresh for their labels, are all answered', async () => {
    await emptyTaxonomyCache();
    const reports = await atOnce(() => request(app.http).get('/api/v1/statistics/catalog').query({ from: '2025-01-01', to: '2025-12-31', groupBy: 'field' }).set(admin.auth));
    expect(statuses(reports)).toEqual(Array(AT_ONCE).fill(200));
  });

  it('events edited at once, the taxonomy read afresh to check their theme, are all edited', async () => {
    const organizer = await userWithRole(app, 'organizer', 'government');
    const events = await atOnce(() => createEvent(app, organizer));
    await emptyTaxonomyCache();
    const edited = await atOnce((i) => request(app.http).patch(`/api/v1/events/${events[i]!.id}`).set(organizer.auth).send({ version: events[i]!.version, themeFieldCode: 'materials' }));
    expect(statuses(edited)).toEqual(Array(AT_ONCE).fill(200));
  });

  it('揭榜 applications amended at once to build on an achievement of the applicant are all amended', async () => {
    const applications: string[] = [];
    for (let i = 0; i < AT_ONCE; i++) applications.push((await challengeProject(app, enterprise, university, { award: false })).applicationId);
    const achievement = await publishedItem(app, university, 'achievements');
    const versions = await Promise.all(applications.map(async (id) => (await request(app.http).get(`/api/v1/challenge-applications/${id}`).set(university.auth).expect(200)).body.version as number));
    const amended = await atOnce((i) => request(app.http).patch(`/api/v1/challenge-applications/${applications[i]}`).set(university.auth).send({ achievementId: achievement.id, version: versions[i] }));
    expect(statuses(amended)).toEqual(Array(AT_ONCE).fill(200));
  });

  it('feedback on a match given at once by both sides is all kept', async () => {
    const matchId = await freshMatch();
    const given = await atOnce((i) => request(app.http).post(`/api/v1/matches/${matchId}/feedback`).set(i % 2 ? university.auth : enterprise.auth).send({ verdict: 'interested' }));
    expect(statuses(given)).toEqual(Array(AT_ONCE).fill(200));
  });

  it('an import is written by a worker with a single connection', async () => {
    const file = Buffer.from(sheetCsv([achievementSheetRow('POOL-1', '钛合金电子束冷床熔炼技术'), achievementSheetRow('POOL-2', '钛材低成本轧制工艺')]), 'utf8');
    const accepted = await request(app.http).post('/api/v1/achievements/import').set(university.auth).attach('file', file, 'achievements.csv').expect(201);
    const done = await eventually(async () => {
      const { body } = await request(app.http).get(`/api/v1/imports/${accepted.body.id}`).set(university.auth).expect(200);
      return ['completed', 'rejected', 'failed'].includes(body.status) ? body : undefined;
    }, 30_000);
    expect(done).toMatchObject({ status: 'completed', createdCount: 2 });
  });

  it('migrations at start-up run on the connection that holds their lock (a pool of 1)', async () => {
    const dataSource = await new DataSource(buildDataSourceOptions({ databaseUrl: app.env.databaseUrl, databasePoolSize: 1 })).initialize();
    try {
      await expect(runMigrationsWithLock(dataSource)).resolves.toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('a pooled query inside a transaction is logged as an error naming where it came from, and under test fails; the transaction’s own queries do not', async () => {
    const dataSource = app.api.get(DataSource);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await dataSource.transaction((manager) => manager.query('SELECT 1'));
      await dataSource.query('SELECT 1');
      expect(logged).not.toHaveBeenCalled();
      const secondConnection = dataSource.transaction(async () => {
        await dataSource.query('SELECT 1');
      });
      // NODE_ENV=test: strict, so a test on an idle pool (where it would not hang) still catches it.
      await expect(secondConnection).rejects.toThrow(/second connection[\s\S]*transactions-on-small-pool\.e2e-spec\.ts/);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(logged.mock.calls[0]![0]).toEqual(expect.stringMatching(/second connection[\s\S]*transactions-on-small-pool\.e2e-spec\.ts/));
    } finally {
      logged.mockRestore();
    }
  });
});
