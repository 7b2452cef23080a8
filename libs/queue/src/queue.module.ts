import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobProducer } from './job-producer';
import { OutboxRelay } from './outbox-relay';
import { type QueueSettings, queueOptionsFor } from './queue-connection';
import { QueueHealth } from './queue-health';
import { QueueStorePolicy } from './queue-store-policy';
import { ALL_QUEUES } from './queues';
import { StuckWork } from './stuck-work';

/** Registers every queue on the configured backend and exposes the producer and its health check. */
@Global()
@Module({})
export class QueueModule {
  static forRoot(settings: QueueSettings): DynamicModule {
    const bullModules = [BullModule.forRoot(queueOptionsFor(settings)), BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })))];
    return {
      module: QueueModule,
      imports: bullModules,
      providers: [JobProducer, QueueHealth, QueueStorePolicy, OutboxRelay, StuckWork],
      exports: [...bullModules, JobProducer, QueueHealth, QueueStorePolicy, OutboxRelay, StuckWork],
    };
  }
}
