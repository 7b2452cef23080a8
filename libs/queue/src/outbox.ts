import type { EntityManager } from 'typeorm';
import type { JobName, JobPayloads } from './queues';

/**
 * Writes a job to the outbox inside the caller's transaction: it reaches the queue (through
 * OutboxRelay) only if that transaction commits, and the write is accepted while the queue
 * backend is down.
 */
export async function enqueueInTransaction<N extends JobName>(manager: EntityManager, name: N, data: JobPayloads[N], jobId: string): Promise<void> {
  await manager.query(`INSERT INTO outbox (job_name, job_id, payload) VALUES ($1, $2, $3)`, [name, jobId, data]);
  // Delivered at commit: the worker's listener relays at once instead of on its next poll.
  await manager.query(`SELECT pg_notify('outbox', '')`);
}
