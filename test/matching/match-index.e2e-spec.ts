import { getDataSourceToken } from '@nestjs/typeorm';
import { MatchIndex } from '@techbridge/matches';
import { Metrics } from '@techbridge/platform';
import type { DataSource, EntityManager } from 'typeorm';
import { registerOrganization } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';

/** A worker's in-memory matching index, loaded from the database. */
describe('the matching index of a worker', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    const enterprise = await registerOrganization(app, 'enterprise');
    const university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    for (let i = 0; i < 3; i++) await publishedItem(app, enterprise, 'demands');
    await publishedItem(app, university, 'achievements');
  });
  afterAll(() => app.close());

  it('loads every item again after a load that failed half-way (a dropped connection)', async () => {
    const dataSource = app.api.get<DataSource>(getDataSourceToken());
    // The database answers the demands, then the connection drops before the achievements are read.
    let dropped = false;
    const flaky = Object.create(dataSource) as DataSource;
    flaky.transaction = ((isolation: never, work: (manager: EntityManager) => Promise<unknown>) =>
      dataSource.transaction(isolation, (manager) =>
        work(
          new Proxy(manager, {
            get: (target, name) =>
              name === 'query'
                ? (sql: string, params?: unknown[]) => {
                    if (!dropped && sql.includes('FROM achievements')) {
                      dropped = true;
                      throw new Error('Connection terminated unexpectedly');
                    }
                    return target.query(sql, params);
                  }
                : Reflect.get(target, name),
          }),
        ),
      )) as DataSource['transaction'];
    const index = new MatchIndex(flaky, app.env, new Metrics('worker', false));
    await expect(index.current()).rejects.toThrow('Connection terminated unexpectedly');

    const engine = await index.current();
    const [{ demands, achievements }] = await app.sql<{ demands: number; achievements: number }>(
      `SELECT (SELECT count(*)::int FROM tech_demands WHERE status = 'published' AND archived_at IS NULL) AS demands,
              (SELECT count(*)::int FROM achievements WHERE status = 'published' AND archived_at IS NULL) AS achievements`,
    );
    expect(engine.size).toEqual({ demand: demands, achievement: achievements });
    expect(demands).toBeGreaterThanOrEqual(3);
  });
});
