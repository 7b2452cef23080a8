import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { MatchmakingEvent } from './event.entity';
import { EventParticipant } from './participant.entity';

/**
 * 签到: a participant checked in on one of the event's days (China time). One row per participant
 * and day, so on a multi-day event each day has its own check-in.
 */
@Entity('event_check_ins')
@Index('IDX_event_check_ins_event_day', ['eventId', 'day'])
export class EventCheckIn {
  @PrimaryColumn({ name: 'participant_id', type: 'uuid' })
  participantId: string;

  @ManyToOne(() => EventParticipant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'participant_id', foreignKeyConstraintName: 'FK_event_check_ins_participant' })
  participant?: Relation<EventParticipant>;

  /** The China calendar day, YYYY-MM-DD. */
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => MatchmakingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_event_check_ins_event' })
  event?: Relation<MatchmakingEvent>;

  @Column({ name: 'checked_in_at', type: 'timestamptz' })
  checkedInAt: Date;

  /** The organizer who scanned the badge. */
  @Column({ name: 'checked_in_by', type: 'uuid' })
  checkedInBy: string;
}
