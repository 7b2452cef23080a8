import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SystemPingStatus = 'queued' | 'processed';

/**
 * A diagnostic round trip: the API records a ping and enqueues it, the worker marks it
 * processed. It proves that API, queue backend, worker and database are wired together.
 */
@Entity('system_pings')
export class SystemPing {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: SystemPingStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @CreateDateColumn({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  /** host:pid of the worker that processed it, to show which replica took the job. */
  @Column({ name: 'processed_by', type: 'varchar', length: 200, nullable: true })
  processedBy: string | null;
}
