import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobProducer } from './job-producer';
import { type JobName, type JobPayloads, QUEUE_OF } from './queues';

const BATCH = 500;
const KNOWN_JOBS = Object.keys(QUEUE_OF);
/** Rows this worker cannot route are left for a worker that can; said at most this often. */
const UNKNOWN_WARN_MS = 5 * 60_000;

interface OutboxRow {
  id: string;
  job_name: JobName;
  job_id: string;
  payload: JobPayloads[JobName];
}

/**
 * Moves outbox rows onto the queue. The rows are deleted in a transaction that commits only
 * after the queue accepted the jobs; a crash in between leaves the rows to be relayed again,
 * and the deterministic job ids make that second enqueue a no-op. Several relays (one per
 * worker process) share the table through SKIP LOCKED. A row whose job this build does not know
 * (written by a newer API during a rolling upgrade) stays in the table for a newer worker: it
 * must not block the rows behind it.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('Outbox');
  private unknownWarnedAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: JobProducer,
  ) {}

  /** Relays everything waiting; resolves with the number of jobs handed to the queue. */
  async relay(): Promise<number> {
    let total = 0;
    for (;;) {
      const relayed = await this.relayBatch();
      total += relayed;
      if (relayed < BATCH) break;
    }
    await this.warnAboutUnknown();
    return total;
  }

  private async warnAboutUnknown(): Promise<void> {
    if (Date.now() - this.unknownWarnedAt < UNKNOWN_WARN_MS) return;
    const unknown: Array<{ job_name: string; n: string }> = await this.dataSource.query(
      `SELECT job_name, count(*) AS n FROM outbox WHERE job_name <> ALL($1) GROUP BY job_name`,
      [KNOWN_JOBS],
    );
    if (!unknown.length) return;
    this.unknownWarnedAt = Date.now();
    this.logger.warn(`outbox rows left for a worker that knows their job: ${unknown.map((u) => `${u.job_name} × ${u.n}`).join(', ')}`);
  }

  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE job_name = ANY($1) ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING id, job_name, job_id, payload`,
        [KNOWN_JOBS],
      );
      const removed = Array.isArray(rows[0]) ? (rows[0] as OutboxRow[]) : rows;
      if (!removed.length) return 0;
      const byQueue = new Map<string, OutboxRow[]>();
      for (const row of removed) byQueue.set(QUEUE_OF[row.job_name], [...(byQueue.get(QUEUE_OF[row.job_name]) ?? []), row]);
      for (const [queueName, batch] of byQueue) {
        await this.producer.enqueueBulk(queueName as never, batch.map((row) => ({ name: row.job_name, data: row.payload, jobId: row.job_id })));
      }
      this.logger.debug(`relayed ${removed.length} outbox jobs`);
      return removed.length;
    });
  }
}
