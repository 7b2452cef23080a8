import { getQueueToken, type WorkerHost } from '@nestjs/bullmq';
import type { Type } from '@nestjs/common';
import { ALL_QUEUES, QUEUE_POOL_MAX, WORKER_POOL_MAX } from '@techbridge/queue';
import type { PostgresQueueBackend, Queue, Worker } from 'bullmq';
import type { Pool } from 'pg';
import { CatalogProcessor } from '../../apps/worker/src/processors/catalog.processor';
import { EventsProcessor } from '../../apps/worker/src/processors/events.processor';
import { MailProcessor } from '../../apps/worker/src/processors/mail.processor';
import { MatchingRebuildProcessor } from '../../apps/worker/src/processors/matching-rebuild.processor';
import { MatchingProcessor } from '../../apps/worker/src/processors/matching.processor';
import { SystemProcessor } from '../../apps/worker/src/processors/system.processor';
import { startTestApp, type TestApp } from '../support/harness';

const PROCESSORS: Array<Type<WorkerHost>> = [SystemProcessor, CatalogProcessor, MatchingProcessor, MatchingRebuildProcessor, EventsProcessor, MailProcessor];
const poolOf = (owner: Queue | Worker) => (owner.getBackend() as unknown as PostgresQueueBackend).connection.pool as unknown as Pool;

/**
 * On the postgres backend every BullMQ queue and worker has a connection pool of its own, and a
 * process has one of each per queue: their sizes decide how many processes PostgreSQL's
 * max_connections allows (docs/operations.md, "Connections").
 */
describe('queue connections on the postgres backend', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ queueBackend: 'postgres' });
  });
  afterAll(() => app.close());

  it('stay within the pool sizes however many calls are in flight', async () => {
    const queues = ALL_QUEUES.map((name) => app.api.get<Queue>(getQueueToken(name), { strict: false }));
    // A burst on every queue: a pool opens another connection for each call waiting, up to its size.
    await Promise.all(queues.flatMap((queue) => Array.from({ length: 20 }, () => queue.getJobCounts('waiting', 'active', 'failed'))));
    expect(queues.map((queue) => poolOf(queue).totalCount).filter((n) => n > QUEUE_POOL_MAX)).toEqual([]);

    const workers = PROCESSORS.map((processor) => app.worker!.get(processor, { strict: false }).worker);
    expect(workers.map((worker) => poolOf(worker).options.max)).toEqual(PROCESSORS.map(() => WORKER_POOL_MAX));

    // This process holds the API's queues and the worker's queues and workers (whose LISTEN connections are named after their queue).
    const [pooled] = await app.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'techbridge-queue'`);
    expect(pooled!.n).toBeLessThanOrEqual(ALL_QUEUES.length * (2 * QUEUE_POOL_MAX + WORKER_POOL_MAX));
  });
});
