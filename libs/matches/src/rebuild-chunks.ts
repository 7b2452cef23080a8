import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MatchingRebuild, MatchingRebuildChunk } from '@techbridge/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { MatchRefresher } from './match-refresher';

/**
 * Ends the running rebuilds among `rebuildIds` whose chunks are all done or given up on:
 * `completed`, or `completed_with_failures` when the reconciliation gave up on some. The caller
 * holds the rebuilds' rows locked, so of the last chunks to end, one sees all the others ended.
 */
export async function finishRebuilds(manager: EntityManager, rebuildIds: readonly string[]): Promise<void> {
  await manager.query(
    `UPDATE matching_rebuilds r
     SET status = CASE WHEN EXISTS (SELECT 1 FROM matching_rebuild_chunks c WHERE c.rebuild_id = r.id AND c.completed_at IS NULL) THEN 'completed_with_failures' ELSE 'completed' END,
         finished_at = now()
     WHERE r.id = ANY($1::uuid[]) AND r.status = 'running'
       AND NOT EXISTS (SELECT 1 FROM matching_rebuild_chunks c WHERE c.rebuild_id = r.id AND c.completed_at IS NULL AND c.failed_at IS NULL)`,
    [rebuildIds],
  );
}

/** The worker's half of a rebuild (see MatchingRebuilds). */
@Injectable()
export class RebuildChunks {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refresher: MatchRefresher,
  ) {}

  /** Recomputes one chunk (idempotent: a chunk already done is skipped). */
  async runChunk(rebuildId: string, chunkNo: number): Promise<{ items: number; skipped: boolean }> {
    const chunk = await this.dataSource.getRepository(MatchingRebuildChunk).findOneBy({ rebuildId, chunkNo });
    if (!chunk || chunk.completedAt) return { items: 0, skipped: true };
    const rebuild = await this.dataSource.getRepository(MatchingRebuild).findOneBy({ id: rebuildId });
    if (rebuild?.status !== 'running') return { items: 0, skipped: true };
    await this.refresher.refreshAll(chunk.kind, chunk.itemIds, { force: true });
    await this.dataSource.transaction(async (manager) => {
      // Serialises the last chunks' completions (and the reconciliation's giving up), so one of them sees all others ended.
      await manager.query(`SELECT id FROM matching_rebuilds WHERE id = $1 FOR UPDATE`, [rebuildId]);
      // A chunk given up on whose late job got through after all is done like any other.
      await manager.update(MatchingRebuildChunk, { rebuildId, chunkNo }, { completedAt: new Date(), failedAt: null });
      await finishRebuilds(manager, [rebuildId]);
    });
    return { items: chunk.itemIds.length, skipped: false };
  }
}
