import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MatchingRebuild, MatchingRebuildChunk } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { MatchRefresher } from './match-refresher';

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
      // Serialises the last chunks' completions, so one of them sees all others done.
      await manager.query(`SELECT id FROM matching_rebuilds WHERE id = $1 FOR UPDATE`, [rebuildId]);
      await manager.update(MatchingRebuildChunk, { rebuildId, chunkNo }, { completedAt: new Date() });
      await manager.query(
        `UPDATE matching_rebuilds SET status = 'completed', finished_at = now()
         WHERE id = $1 AND status = 'running' AND NOT EXISTS (SELECT 1 FROM matching_rebuild_chunks WHERE rebuild_id = $1 AND completed_at IS NULL)`,
        [rebuildId],
      );
    });
    return { items: chunk.itemIds.length, skipped: false };
  }
}
