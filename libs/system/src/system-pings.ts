import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotFoundError, SystemPing } from '@techbridge/domain';
import { enqueueInTransaction, type JobPayloads, jobIdFor } from '@techbridge/queue';
import { DataSource } from 'typeorm';

export const MAX_HOLD_MS = 10_000;

/** The diagnostic round trip API → queue → worker → database. */
@Injectable()
export class SystemPings {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records the ping and its outbox row in one transaction: the worker's relay enqueues it once
   * committed, so the request is accepted while the queue is down and a rolled-back ping is
   * never enqueued.
   */
  async request(note: string | null, holdMs = 0): Promise<SystemPing> {
    return this.dataSource.transaction(async (manager) => {
      const ping = await manager.save(manager.create(SystemPing, { note, status: 'queued' }));
      await enqueueInTransaction(manager, 'system.ping', { pingId: ping.id, holdMs }, jobIdFor('system.ping', ping.id));
      return ping;
    });
  }

  async get(id: string): Promise<SystemPing> {
    const ping = await this.dataSource.getRepository(SystemPing).findOneBy({ id });
    if (!ping) throw new NotFoundError('system_ping', id);
    return ping;
  }

  /**
   * Worker side. Idempotent: the first delivery marks it processed and later deliveries change
   * nothing. A ping that is gone fails the job.
   */
  async process(job: JobPayloads['system.ping'], processedBy: string): Promise<void> {
    if (job.holdMs) await new Promise((resolve) => setTimeout(resolve, Math.min(job.holdMs!, MAX_HOLD_MS)));
    await this.record(job.pingId, processedBy);
  }

  private async record(pingId: string, processedBy: string): Promise<void> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(SystemPing)
      .set({ status: 'processed', processedAt: () => 'COALESCE(processed_at, now())', processedBy: () => 'COALESCE(processed_by, :by)' })
      .setParameter('by', processedBy)
      .where('id = :id', { id: pingId })
      .execute();
    if (result.affected === 0) throw new NotFoundError('system_ping', pingId);
  }
}
