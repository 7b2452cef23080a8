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

  it('every index the entities leave to the migrations exists, the followed-up pairs\' one covering what the reports read', async () => {
    const dataSource = await new DataSource(buildDataSourceOptions({ databaseUrl: await testDatabaseUrl(), databasePoolSize: 1 })).initialize();
    try {
      // TypeORM's schema diff skips these (`synchronize: false`), so only this test notices one missing.
      const byHand = dataSource.entityMetadatas.flatMap((m) => m.indices.filter((i) => !i.synchronize).map((i) => i.name));
      expect(byHand.length).toBeGreaterThan(8);
      const rows: Array<{ indexname: string; indexdef: string }> = await dataSource.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1)`, [byHand]);
      expect(rows.map((r) => r.indexname).sort()).toEqual([...byHand].sort());
      const followedUp = rows.find((r) => r.indexname === 'IDX_matches_contacted_at')!.indexdef;
      expect(followedUp).toMatch(/INCLUDE \(id, demand_id, achievement_id, state, met_at, negotiated_at, dealt_at\) WHERE \(contacted_at IS NOT NULL\)/);
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
