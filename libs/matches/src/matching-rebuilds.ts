import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { type Actor, type CatalogKind, ConflictError, InvalidStateError, MatchingRebuild, MatchingRebuildChunk, NotFoundError } from '@techbridge/domain';
import { scoringVersion } from '@techbridge/matching';
import { jobIdFor, OutboxRelay } from '@techbridge/queue';
import { DataSource } from 'typeorm';
import { MATCHABLE_SQL, TABLE_OF } from './matchable-items';

/** Items per chunk: small enough that a crash loses little work, large enough to amortise a job. */
export const REBUILD_CHUNK_SIZE = 100;

export interface RebuildProgress {
  id: string;
  status: MatchingRebuild['status'];
  weightsVersion: string;
  totalItems: number;
  doneItems: number;
  totalChunks: number;
  doneChunks: number;
  /** Chunks given up on after their jobs kept failing: their items keep the matches they had. */
  failedChunks: number;
  failedItems: number;
  createdAt: Date;
  finishedAt: Date | null;
}

/** 409 naming the rebuild under way, to follow or to cancel before starting another. */
function rebuildRunning(rebuildId: string): ConflictError {
  const error = new ConflictError('rebuild_running', `rebuild ${rebuildId} is still running: follow it, or cancel it before starting another`);
  error.details = { rebuildId };
  return error;
}

/**
 * Full recomputation of every published item's matches, cut into chunks that travel through
 * the outbox (so starting one is atomic) and are taken by any worker process; one at a time. A
 * chunk is marked done only after all its items are stored; a worker killed mid-chunk leaves it
 * open, and the queue (stalled-job recovery) or the reconciler hands it to another worker.
 */
@Injectable()
export class MatchingRebuilds {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly audit: AuditLog,
  ) {}

  async start(actor: Actor, options: { chunkSize?: number; kinds?: readonly CatalogKind[] } = {}): Promise<RebuildProgress> {
    const chunkSize = options.chunkSize ?? REBUILD_CHUNK_SIZE;
    const kinds = (['demand', 'achievement'] as const).filter((k) => !options.kinds || options.kinds.includes(k));
    const id = await this.dataSource.transaction(async (manager) => {
      // One rebuild at a time (a second, e.g. a double-click, would compute everything twice). Every
      // start takes this lock before looking, so of two at once the second sees the first's rebuild.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['techbridge.matching_rebuild_start']);
      const running = await manager.findOne(MatchingRebuild, { where: { status: 'running' }, order: { createdAt: 'ASC' } });
      if (running) throw rebuildRunning(running.id);
      const rebuild = await manager.save(manager.create(MatchingRebuild, { status: 'running', requestedBy: actor.userId, weightsVersion: scoringVersion(), totalItems: 0, totalChunks: 0 }));
      let chunkNo = 0;
      let totalItems = 0;
      // Demands first: their lists are what enterprises read.
      for (const kind of kinds) {
        const ids = ((await manager.query(`SELECT id FROM ${TABLE_OF[kind]} WHERE ${MATCHABLE_SQL} ORDER BY id`)) as Array<{ id: string }>).map((r) => r.id);
        totalItems += ids.length;
        for (let i = 0; i < ids.length; i += chunkSize) {
          await manager.insert(MatchingRebuildChunk, { rebuildId: rebuild.id, chunkNo: chunkNo++, kind, itemIds: ids.slice(i, i + chunkSize), completedAt: null });
        }
      }
      await manager.update(MatchingRebuild, { id: rebuild.id }, { totalItems, totalChunks: chunkNo, ...(chunkNo === 0 ? { status: 'completed' as const, finishedAt: new Date() } : {}) });
      await manager.query(
        `INSERT INTO outbox (job_name, job_id, payload)
         SELECT 'matching.rebuild_chunk', $2 || '.' || chunk_no, jsonb_build_object('rebuildId', rebuild_id, 'chunkNo', chunk_no)
         FROM matching_rebuild_chunks WHERE rebuild_id = $1`,
        [rebuild.id, jobIdFor('matching.rebuild_chunk', rebuild.id)],
      );
      await this.audit.record(manager, actor, { action: 'matching.rebuild', resourceType: 'matching_rebuild', resourceId: rebuild.id, organizationId: null, details: { totalItems, chunks: chunkNo, chunkSize, kinds } });
      return rebuild.id;
    });
    // The worker's relay would pick the chunks up too; relaying now saves its polling delay.
    await this.relay.relay().catch(() => undefined);
    return this.progress(id);
  }

  /** Stops a running rebuild: chunks not yet started are skipped; what was stored stays. */
  async cancel(actor: Actor, id: string): Promise<RebuildProgress> {
    await this.dataSource.transaction(async (manager) => {
      const rebuild = await manager.findOne(MatchingRebuild, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!rebuild) throw new NotFoundError('matching_rebuild', id);
      if (rebuild.status !== 'running') throw new InvalidStateError(rebuild.status, 'cancel', 'cancelled', `cannot cancel a rebuild that is ${rebuild.status}`);
      await manager.update(MatchingRebuild, { id }, { status: 'cancelled', finishedAt: new Date() });
      await this.audit.record(manager, actor, { action: 'matching.rebuild_cancel', resourceType: 'matching_rebuild', resourceId: id, organizationId: null });
    });
    return this.progress(id);
  }

  async progress(id: string): Promise<RebuildProgress> {
    const rebuild = await this.dataSource.getRepository(MatchingRebuild).findOneBy({ id });
    if (!rebuild) throw new NotFoundError('matching_rebuild', id);
    const [counts] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE completed_at IS NOT NULL)::int AS done_chunks,
              coalesce(sum(cardinality(item_ids)) FILTER (WHERE completed_at IS NOT NULL), 0)::int AS done_items,
              count(*) FILTER (WHERE completed_at IS NULL AND failed_at IS NOT NULL)::int AS failed_chunks,
              coalesce(sum(cardinality(item_ids)) FILTER (WHERE completed_at IS NULL AND failed_at IS NOT NULL), 0)::int AS failed_items
       FROM matching_rebuild_chunks WHERE rebuild_id = $1`,
      [id],
    )) as Array<{ done_chunks: number; done_items: number; failed_chunks: number; failed_items: number }>;
    return {
      id,
      status: rebuild.status,
      weightsVersion: rebuild.weightsVersion,
      totalItems: rebuild.totalItems,
      doneItems: counts!.done_items,
      totalChunks: rebuild.totalChunks,
      doneChunks: counts!.done_chunks,
      failedChunks: counts!.failed_chunks,
      failedItems: counts!.failed_items,
      createdAt: rebuild.createdAt,
      finishedAt: rebuild.finishedAt,
    };
  }
}
