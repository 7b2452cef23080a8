import { Column, CreateDateColumn } from 'typeorm';

/**
 * A row standing for work one job does (an import, a scheduling run). The stuck-work reconciliation
 * (StuckWork in libs/queue) reads these columns by name to find and re-enqueue lost jobs.
 */
export abstract class TrackedWork {
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Jobs the stuck-work reconciliation enqueued again after this one's was lost. */
  @Column({ name: 'requeue_rounds', type: 'int', default: 0 })
  requeueRounds: number;

  @Column({ name: 'requeued_at', type: 'timestamptz', nullable: true })
  requeuedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
