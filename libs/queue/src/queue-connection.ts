import { createPostgresBackend, setDefaultBackendFactory } from 'bullmq';
import type { BackendFactory, PostgresConnectionOptions, PostgresQueueBackend, QueueOptions } from 'bullmq';
import type { AppEnv } from '@techbridge/platform';
import { DEFAULT_JOB_OPTIONS } from './queues';

export type QueueSettings = Pick<AppEnv, 'queueBackend' | 'redisUrl' | 'queueDatabaseUrl' | 'queueNamespace'>;

/**
 * PostgreSQL connections each BullMQ object may hold on the postgres backend. Every queue and
 * every worker has a pool of its own (BullMQ's default is 10), and a process has one of each per
 * queue: at 5 each, a worker process could open 77 connections and an API process 40, so two of
 * each exhausted PostgreSQL's default 100. Their queries are single statements of a few
 * milliseconds, so a producer needs one; a worker two, so that lock renewals and stalled-job
 * checks do not wait behind its jobs' moves. A worker also holds one LISTEN connection of its
 * own, outside its pool. Totals per process: docs/operations.md, "Connections".
 */
export const QUEUE_POOL_MAX = 1;
export const WORKER_POOL_MAX = 2;

/** BullMQ's postgres backend, with each pool sized for its role (a worker's backend has a blocking connection). */
export const sizedPostgresBackend: BackendFactory<PostgresQueueBackend, PostgresConnectionOptions> = (name, opts, role) =>
  createPostgresBackend(name, { ...opts, connection: { ...(opts.connection as object), max: role?.withBlockingConnection ? WORKER_POOL_MAX : QUEUE_POOL_MAX } }, role);

/**
 * Options shared by every queue and worker of this process. On the postgres backend BullMQ keeps
 * its tables in their own schema (`queueNamespace`) and migrates them itself under its own lock.
 * @nestjs/bullmq has no per-queue backend option, so the backend is chosen process-wide here,
 * before any queue is constructed.
 */
export function queueOptionsFor(settings: QueueSettings): QueueOptions<never> {
  if (settings.queueBackend === 'postgres') {
    setDefaultBackendFactory(sizedPostgresBackend);
    const connection = {
      connectionString: settings.queueDatabaseUrl,
      schema: settings.queueNamespace,
      migrate: true,
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
