import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppEnv } from '@techbridge/platform';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './data-source-options';
import { runMigrationsWithLock } from './migrate';
import { logSecondConnections } from './second-connections';

/** TypeORM for a Nest app, built from the shared options; migrates at start-up when asked to. */
@Module({})
export class DatabaseModule {
  static forRoot(env: AppEnv, role: 'api' | 'worker'): DynamicModule {
    const options = buildDataSourceOptions({ ...env, applicationName: `techbridge-${role}` });
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => options,
          // Migrating before the DataSource is handed out means no provider can query a
          // schema that is still being changed.
          dataSourceFactory: async () => {
            const dataSource = await new DataSource(options).initialize();
            logSecondConnections(dataSource, { strict: env.nodeEnv === 'test' });
            if (env.migrationsRun) {
              const applied = await runMigrationsWithLock(dataSource);
              new Logger('Database').log(`migrations applied at start-up: ${applied.length}`);
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}
