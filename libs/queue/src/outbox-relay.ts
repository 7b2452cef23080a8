import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobProducer } from './job-producer';
import { type JobName, type JobPayloads, QUEUE_OF } from './queues';

const BATCH = 500;

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
 * worker process) share the table through SKIP LOCKED.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('Outbox');

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
      if (relayed < BATCH) return total;
    }
  }

  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING id, job_name, job_id, payload`,
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
