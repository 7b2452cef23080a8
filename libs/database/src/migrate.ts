import { DataSource, type Migration, MigrationExecutor } from 'typeorm';
import { buildDataSourceOptions, type DatabaseSettings } from './data-source-options';

/** Arbitrary but fixed: every TechBridge process that migrates takes this session lock. */
export const MIGRATION_LOCK_KEY = 0x7465636862; // "techb"

/**
 * Runs pending migrations while holding a PostgreSQL advisory lock, so several replicas
 * starting together migrate once: the first takes the lock and migrates, the others wait on
 * the lock and then find nothing left to do. They run on the connection holding the lock: on a
 * second one, a pool of one connection would wait for it forever.
 */
export async function runMigrationsWithLock(dataSource: DataSource): Promise<Migration[]> {
  const lockRunner = dataSource.createQueryRunner('master');
  await lockRunner.connect();
  try {
    await lockRunner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const migrations = new MigrationExecutor(dataSource, lockRunner);
    migrations.transaction = 'each';
    return await migrations.executePendingMigrations();
  } finally {
    await lockRunner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockRunner.release();
  }
}

/** SQL that would bring the database in line with the entities; empty when they agree. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

/** Connects, migrates under the lock, disconnects: for the launcher, the CLI and the tests. */
export async function migrateDatabase(settings: DatabaseSettings): Promise<string[]> {
  const dataSource = await new DataSource(buildDataSourceOptions({ ...settings, databasePoolSize: 2 })).initialize();
  try {
    return (await runMigrationsWithLock(dataSource)).map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
