import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AccountsHousekeepingModule } from '@techbridge/accounts';
import { DatabaseModule } from '@techbridge/database';
import { type AppEnv, PlatformModule } from '@techbridge/platform';
import { OutboxListener, QueueMetrics, QueueModule } from '@techbridge/queue';
import { MatchingWorkModule } from '@techbridge/matches';
import { SystemModule } from '@techbridge/system';
import { CatalogModule } from '@techbridge/catalog';
import { ChallengesModule } from '@techbridge/challenges';
import { EventsModule } from '@techbridge/events';
import { MailModule } from '@techbridge/mail';
import { NotificationsModule } from '@techbridge/notifications';
import { CatalogProcessor } from './processors/catalog.processor';
import { EventsProcessor } from './processors/events.processor';
import { MailProcessor } from './processors/mail.processor';
import { MatchingProcessor } from './processors/matching.processor';
import { MatchingRebuildProcessor } from './processors/matching-rebuild.processor';
import { SystemProcessor } from './processors/system.processor';
import { Schedules } from './schedules';
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
        CatalogModule,
        MatchingWorkModule,
        EventsModule,
        AccountsHousekeepingModule,
        ChallengesModule,
        MailModule,
        NotificationsModule,
      ],
      providers: [SystemProcessor, CatalogProcessor, MatchingProcessor, MatchingRebuildProcessor, EventsProcessor, MailProcessor, OutboxListener, QueueMetrics, WorkerLifecycle, Schedules],
    };
  }
}
