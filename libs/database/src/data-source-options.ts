import { ENTITIES } from '@techbridge/domain';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';

export interface DatabaseSettings {
  databaseUrl: string;
  databaseReadUrls?: string[];
  databasePoolSize?: number;
  applicationName?: string;
}

/**
 * The ONE DataSource options object: the API, the worker, the migration CLI and the tests all
 * build their connection from here. Schema changes happen only through reviewed migrations.
 */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const poolSize = settings.databasePoolSize ?? 10;
  const readUrls = settings.databaseReadUrls ?? [];
  const connection =
    readUrls.length > 0
      ? // Reads go to the primary unless a query asks for a replica (readQuery: catalogue search and lists):
        // a replica lags, and a read just after a write (a job loading the row its enqueuer committed, a
        // user reading what they saved) must see it.
        { replication: { master: { url: settings.databaseUrl }, slaves: readUrls.map((url) => ({ url })), defaultMode: 'master' as const } }
      : { url: settings.databaseUrl };
  return {
    type: 'postgres',
    ...connection,
    applicationName: settings.applicationName ?? 'techbridge',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    useUTC: true,
    // gen_random_uuid() is core since PostgreSQL 13; extensions are created by migrations, so the
    // app never needs superuser rights on a managed database.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    poolSize,
    // Fail fast instead of hanging a request when the database is unreachable.
    connectTimeoutMS: 5_000,
    extra: { max: poolSize, idleTimeoutMillis: 30_000 },
  };
}
