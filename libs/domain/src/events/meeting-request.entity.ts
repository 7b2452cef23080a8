import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Match } from '../matching/match.entity';
import { MatchmakingEvent } from './event.entity';
import { EventParticipant } from './participant.entity';
import { VersionedRow } from '../versioned-row';

/** `rebooked`: accepted, its meeting missed (no-show), and the pair booked again on the day under a request of its own. */
export const MEETING_REQUEST_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'cancelled', 'rebooked'] as const;
export type MeetingRequestStatus = (typeof MEETING_REQUEST_STATUSES)[number];

/** `pairKey` of two participants, the same whichever asked. */
export const pairKeyOf = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** One participant asks to meet another; the counterpart accepts or declines. */
@Entity('meeting_requests')
@Index('IDX_meeting_requests_event', ['eventId', 'status'])
// A match's requests (its follow-up's last progress, libs/matches idle-follow-ups); most requests name none.
@Index('IDX_meeting_requests_match', ['matchId'], { where: '"match_id" IS NOT NULL' })
// Two participants have at most one open (pending or accepted) request between them.
@Index('UQ_meeting_requests_open_pair', ['eventId', 'pairKey'], { unique: true, where: `"status" IN ('pending', 'accepted')` })
export class MeetingRequest extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => MatchmakingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_meeting_requests_event' })
  event?: Relation<MatchmakingEvent>;

  @Index('IDX_meeting_requests_requester')
  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId: string;

  @ManyToOne(() => EventParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requester_id', foreignKeyConstraintName: 'FK_meeting_requests_requester' })
  requester?: Relation<EventParticipant>;

  @Index('IDX_meeting_requests_counterpart')
  @Column({ name: 'counterpart_id', type: 'uuid' })
  counterpartId: string;

  @ManyToOne(() => EventParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'counterpart_id', foreignKeyConstraintName: 'FK_meeting_requests_counterpart' })
  counterpart?: Relation<EventParticipant>;

  @Column({ name: 'pair_key', type: 'varchar', length: 80 })
  pairKey: string;

  /** The match it came from, if any. */
  @Column({ name: 'match_id', type: 'uuid', nullable: true })
  matchId: string | null;

  @ManyToOne(() => Match, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'match_id', foreignKeyConstraintName: 'FK_meeting_requests_match' })
  match?: Relation<Match>;

  /** 1 (normal) to 5: the scheduler's weight. */
  @Column({ type: 'smallint', default: 1 })
  priority: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  message: string | null;

  /** Restricts the meeting to one session. */
  @Column({ name: 'session_key', type: 'varchar', length: 32, nullable: true })
  sessionKey: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: MeetingRequestStatus;

  /** `organizer` when added by the organizer (accepted at once). */
  @Column({ type: 'varchar', length: 16, default: 'participant' })
  source: 'participant' | 'organizer';

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @Column({ name: 'responded_by', type: 'uuid', nullable: true })
  respondedBy: string | null;
}
