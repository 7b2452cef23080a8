import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabaseModule } from '@techbridge/database';
import { type AppEnv, PlatformModule } from '@techbridge/platform';
import { QueueModule } from '@techbridge/queue';
import { SystemModule } from '@techbridge/system';
import { HealthController } from './health/health.controller';
import { SystemPingsController } from './system/system-pings.controller';

@Module({})
export class ApiModule {
  static forRoot(env: AppEnv): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(env, 'api'),
        DatabaseModule.forRoot(env, 'api'),
        QueueModule.forRoot(env),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        SystemModule,
      ],
      controllers: [HealthController, SystemPingsController],
    };
  }
}
