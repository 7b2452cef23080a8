import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CatalogKind } from '@techbridge/domain';
import { type JobName, JobProducer, jobIdFor, OutboxRelay, QUEUE_OF } from '@techbridge/queue';
import type { JobType } from 'bullmq';
import { DataSource } from 'typeorm';
import { MATCHABLE_SQL, TABLE_OF } from './matchable-items';

const LIMIT = 5_000;
/** An item this long behind has lost its job (a queue store wiped, a job failed for good). */
const GRACE = `interval '2 minutes'`;
/** States in which a job will still run. */
const STILL_TO_RUN: JobType[] = ['active', 'waiting', 'delayed', 'prioritized'];

/**
 * The safety net under the outbox: relays what is left in it, and re-enqueues items whose
 * stored matches are behind their version although their change is long committed, and
 * rebuild chunks whose job is gone. Runs on a schedule; everything it does is idempotent.
 */
@Injectable()
export class MatchingReconciler {
  private readonly logger = new Logger('MatchingReconciler');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly producer: JobProducer,
  ) {}

  async run(): Promise<{ relayed: number; requeued: number; chunks: number }> {
    // The outbox listener retries the relay; what follows must not depend on it.
    const relayed = await this.relay.relay().catch((err: Error) => {
      this.logger.warn(`outbox relay failed, re-enqueuing anyway: ${err.message}`);
      return 0;
    });
    // A fresh id per run so a failed or finished job of the same version does not swallow it.
    const round = Date.now().toString(36);
    let requeued = 0;
    let queued: Set<string> | undefined;
    for (const kind of ['demand', 'achievement'] as CatalogKind[]) {
      const behind: Array<{ id: string; version: number }> = await this.dataSource.query(
        `SELECT id, version FROM ${TABLE_OF[kind]}
         WHERE matched_version IS DISTINCT FROM version AND (${MATCHABLE_SQL} OR matched_version IS NOT NULL)
           AND updated_at < now() - ${GRACE} LIMIT ${LIMIT}`,
      );
      // Behind only because the queue is long (a big import, a rebuild): its job is still to run.
      queued ??= behind.length ? await this.stillToRun('matching.item') : undefined;
      const lost = behind.filter((item) => !queued?.has(jobIdFor('matching.item', kind, item.id, item.version)));
      if (!lost.length) continue;
      requeued += lost.length;
      await this.producer.enqueueBulk(
        QUEUE_OF['matching.item'],
        lost.map((item) => ({ name: 'matching.item', data: { kind, id: item.id, version: item.version }, jobId: jobIdFor('matching.item', kind, item.id, item.version, round) })),
      );
    }
    const chunks = await this.requeueLostChunks(round);
    if (relayed + requeued + chunks) this.logger.log(`relayed ${relayed} outbox jobs, re-enqueued ${requeued} items and ${chunks} rebuild chunks`);
    return { relayed, requeued, chunks };
  }

  private async requeueLostChunks(round: string): Promise<number> {
    const pending: Array<{ rebuild_id: string; chunk_no: number }> = await this.dataSource.query(
      `SELECT c.rebuild_id, c.chunk_no FROM matching_rebuild_chunks c JOIN matching_rebuilds r ON r.id = c.rebuild_id
       WHERE r.status = 'running' AND c.completed_at IS NULL AND r.created_at < now() - ${GRACE} LIMIT ${LIMIT}`,
    );
    if (!pending.length) return 0;
    const queued = await this.stillToRun('matching.rebuild_chunk');
    const lost = pending.filter((c) => !queued.has(jobIdFor('matching.rebuild_chunk', c.rebuild_id, c.chunk_no)));
    if (lost.length) {
      await this.producer.enqueueBulk(
        QUEUE_OF['matching.rebuild_chunk'],
        lost.map((c) => ({ name: 'matching.rebuild_chunk', data: { rebuildId: c.rebuild_id, chunkNo: c.chunk_no }, jobId: jobIdFor('matching.rebuild_chunk', c.rebuild_id, c.chunk_no, round) })),
      );
    }
    return lost.length;
  }

  /**
   * The jobs of `name` still to run, by their id without the reconciliation round: the first
   * enqueue's and any earlier pass's re-enqueue alike, so a pass never stacks another copy on a
   * job that is merely waiting its turn. One listing of the queue, not a look-up per item.
   */
  private async stillToRun(name: JobName): Promise<Set<string>> {
    const parts = name === 'matching.item' ? 5 : 4; // matching.item.<kind>.<id>.<version>, matching.rebuild_chunk.<rebuild>.<chunk>
    const ids = await this.producer.queue(QUEUE_OF[name]).getRanges(STILL_TO_RUN, 0, -1);
    return new Set(ids.filter((id) => id.startsWith(`${name}.`)).map((id) => id.split('.').slice(0, parts).join('.')));
  }
}
