import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { MatchmakingEvent } from './event.entity';
import { TrackedWork } from '../tracked-work';

/** `superseded`: the event moved on (status or set-up) after the run was requested; it wrote nothing. */
export const SCHEDULE_RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'superseded'] as const;
export type ScheduleRunStatus = (typeof SCHEDULE_RUN_STATUSES)[number];

/** What a schedule run reports: scheduled, left out and why, the bound and the gap, moves. */
export interface ScheduleReport {
  requests: number;
  scheduled: number;
  scheduledWeight: number;
  upperBound: number;
  boundMethod: string;
  gapPercent: number;
  totalBreaks: number;
  maxBreaks: number;
  moved: number;
  dropped: number;
  mode: string;
  meetingsOptimal: boolean | null;
  solveMs: number;
  /** Every request left out, its two participants, why (a code) and a sentence. */
  unscheduled: Array<{ requestId: string; requesterId: string; counterpartId: string; reason: string; detail: string }>;
}

/** One run of the scheduler on an event (requested over the API, run by the worker). */
@Entity('event_schedule_runs')
@Index('IDX_event_schedule_runs_event', ['eventId', 'createdAt'])
export class ScheduleRun extends TrackedWork {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => MatchmakingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_event_schedule_runs_event' })
  event?: Relation<MatchmakingEvent>;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: ScheduleRunStatus;

  /** The event's version when the run was requested; a run whose event moved on since is superseded (null: runs from before). */
  @Column({ name: 'event_version', type: 'int', nullable: true })
  eventVersion: number | null;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'jsonb', nullable: true })
  report: ScheduleReport | null;

  @Column({ name: 'failure_reason', type: 'varchar', length: 1000, nullable: true })
  failureReason: string | null;
}
