import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';
import type { QueueOptions } from 'bullmq';
import type { AppEnv } from '@techbridge/platform';
import { DEFAULT_JOB_OPTIONS } from './queues';

export type QueueSettings = Pick<AppEnv, 'queueBackend' | 'redisUrl' | 'queueDatabaseUrl' | 'queueNamespace'>;

/**
 * Options shared by every queue and worker of this process. On the postgres backend BullMQ keeps
 * its tables in their own schema (`queueNamespace`) and migrates them itself under its own lock.
 * @nestjs/bullmq has no per-queue backend option, so the backend is chosen process-wide here,
 * before any queue is constructed.
 */
export function queueOptionsFor(settings: QueueSettings): QueueOptions<never> {
  if (settings.queueBackend === 'postgres') {
    setDefaultBackendFactory(createPostgresBackend);
    const connection = {
      connectionString: settings.queueDatabaseUrl,
      schema: settings.queueNamespace,
      migrate: true,
      max: 5,
      application_name: 'techbridge-queue',
    };
    return { connection: connection as never, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  }
  setDefaultBackendFactory(undefined);
  const connection = {
    url: settings.redisUrl,
    // BullMQ workers block on Redis; ioredis must retry forever rather than fail a command.
    maxRetriesPerRequest: null,
  };
  return { connection: connection as never, prefix: settings.queueNamespace, defaultJobOptions: DEFAULT_JOB_OPTIONS };
}
