import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DatabaseModule } from '@techbridge/database';
import { type AppEnv, PlatformModule } from '@techbridge/platform';
import { QueueModule } from '@techbridge/queue';
import { SystemModule } from '@techbridge/system';
import { SystemProcessor } from './processors/system.processor';
import { WorkerLifecycle } from './worker-lifecycle';

@Module({})
export class WorkerModule {
  static forRoot(env: AppEnv): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot(env, 'worker'),
        DatabaseModule.forRoot(env, 'worker'),
        QueueModule.forRoot(env),
        DiscoveryModule,
        SystemModule,
      ],
      providers: [SystemProcessor, WorkerLifecycle],
    };
  }
}
