import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';

/** `completed_with_failures`: every chunk ran, but some were given up on after their jobs kept failing. */
export type RebuildStatus = 'running' | 'completed' | 'completed_with_failures' | 'cancelled';

/**
 * A full recomputation of every published item's matches (after a change of weights,
 * dictionary or taxonomy), cut into chunks that any worker process may take.
 */
@Entity('matching_rebuilds')
export class MatchingRebuild {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  status: RebuildStatus;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ name: 'weights_version', type: 'varchar', length: 32 })
  weightsVersion: string;

  @Column({ name: 'total_items', type: 'integer' })
  totalItems: number;

  @Column({ name: 'total_chunks', type: 'integer' })
  totalChunks: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/** One chunk of a rebuild: which items, and when it was done (null while pending) or given up on. */
@Entity('matching_rebuild_chunks')
export class MatchingRebuildChunk {
  @Column({ name: 'rebuild_id', type: 'uuid', primary: true })
  rebuildId: string;

  @ManyToOne(() => MatchingRebuild, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rebuild_id' })
  rebuild?: Relation<MatchingRebuild>;

  @Column({ name: 'chunk_no', type: 'integer', primary: true })
  chunkNo: number;

  @Column({ type: 'varchar', length: 16 })
  kind: 'demand' | 'achievement';

  @Column({ name: 'item_ids', type: 'uuid', array: true })
  itemIds: string[];

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** Jobs the reconciliation enqueued again for this chunk (their jobs lost or failed for good). */
  @Column({ type: 'integer', default: 0 })
  retries: number;

  /** When the reconciliation gave up on the chunk; its items keep the matches they had. */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;
}
