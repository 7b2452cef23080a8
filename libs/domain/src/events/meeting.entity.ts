import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { MatchmakingEvent } from './event.entity';
import { MeetingRequest } from './meeting-request.entity';
import { EventParticipant } from './participant.entity';
import { codeList } from '../codes/code-list';
import { VersionedRow } from '../versioned-row';

export const MEETING_STATUSES = ['scheduled', 'held', 'no_show', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MeetingStatuses = codeList<MeetingStatus>({ scheduled: '已排定', held: '已举行', no_show: '缺席', cancelled: '已取消' });

/** One side's opinion after the meeting. */
export interface MeetingFeedback {
  rating: number;
  wantsFollowUp: boolean;
  comment: string | null;
  at: string;
  by: string;
  /** When this side first wanted a follow-up: that wish moved the match, and only that one. */
  followUpAt?: string;
}

/**
 * An accepted request placed in a slot at a table. A slot's table holds one active meeting
 * (unique index below); a participant's one meeting per slot is held by `meeting_seats`.
 */
@Entity('meetings')
@Index('UQ_meetings_slot_table', ['eventId', 'slot', 'tableNo'], { unique: true, where: `"status" <> 'cancelled'` })
@Index('UQ_meetings_active_request', ['requestId'], { unique: true, where: `"status" <> 'cancelled'` })
// A participant's agenda and calendar feed (cancelled meetings included, which the partial indexes leave out).
@Index('IDX_meetings_requester', ['eventId', 'requesterId'])
@Index('IDX_meetings_counterpart', ['eventId', 'counterpartId'])
export class Meeting extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => MatchmakingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_meetings_event' })
  event?: Relation<MatchmakingEvent>;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @ManyToOne(() => MeetingRequest, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'FK_meetings_request' })
  request?: Relation<MeetingRequest>;

  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId: string;

  @Column({ name: 'counterpart_id', type: 'uuid' })
  counterpartId: string;

  /** Global slot index (sessions in time order, slots within each). */
  @Column({ type: 'integer' })
  slot: number;

  @Column({ name: 'table_no', type: 'integer' })
  tableNo: number;

  /** Set by the organizer: re-scheduling leaves it where it is. */
  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ type: 'varchar', length: 16, default: 'scheduled' })
  status: MeetingStatus;

  /** Where the last published agenda had it (null before publishing). */
  @Column({ name: 'published_slot', type: 'integer', nullable: true })
  publishedSlot: number | null;

  @Column({ name: 'published_table', type: 'integer', nullable: true })
  publishedTable: number | null;

  @Column({ name: 'requester_feedback', type: 'jsonb', nullable: true })
  requesterFeedback: MeetingFeedback | null;

  @Column({ name: 'counterpart_feedback', type: 'jsonb', nullable: true })
  counterpartFeedback: MeetingFeedback | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz', nullable: true })
  statusChangedAt: Date | null;
}

/** A participant's seat in an active meeting: at most one per participant and slot. */
@Entity('meeting_seats')
@Index('UQ_meeting_seats_participant_slot', ['participantId', 'slot'], { unique: true })
export class MeetingSeat {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'FK_meeting_seats_meeting' })
  meeting?: Relation<Meeting>;

  @PrimaryColumn({ name: 'participant_id', type: 'uuid' })
  participantId: string;

  @ManyToOne(() => EventParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'FK_meeting_seats_participant' })
  participant?: Relation<EventParticipant>;

  @Column({ type: 'integer' })
  slot: number;
}
