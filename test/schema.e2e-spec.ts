import { buildDataSourceOptions, dropDatabase, ensureDatabase, migrateDatabase, pendingSchemaChanges, withDatabase } from '@techbridge/database';
import { DataSource } from 'typeorm';
import { testDatabaseUrl } from './support/harness';
import { testServices } from './support/test-services';

describe('database schema', () => {
  it('the migrations produce exactly what the entities describe', async () => {
    const dataSource = await new DataSource(buildDataSourceOptions({ databaseUrl: await testDatabaseUrl(), databasePoolSize: 1 })).initialize();
    try {
      expect(await pendingSchemaChanges(dataSource)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('replicas starting together migrate once, under the advisory lock', async () => {
    const { postgresServerUrl, databaseBase } = testServices();
    const url = withDatabase(postgresServerUrl, `${databaseBase}_race_w${process.env.JEST_WORKER_ID ?? 1}`);
    await dropDatabase(url);
    await ensureDatabase(url);
    try {
      const runs = await Promise.all([1, 2, 3].map(() => migrateDatabase({ databaseUrl: url })));
      // Exactly one replica applied the migrations; the others found nothing left to do.
      expect(runs.filter((applied) => applied.length > 0)).toHaveLength(1);
      const dataSource = await new DataSource(buildDataSourceOptions({ databaseUrl: url, databasePoolSize: 1 })).initialize();
      try {
        const rows = await dataSource.query('SELECT name, count(*)::int AS n FROM schema_migrations GROUP BY name');
        expect(rows.length).toBe(runs.find((a) => a.length > 0)!.length);
        expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await dropDatabase(url);
    }
  });
});
