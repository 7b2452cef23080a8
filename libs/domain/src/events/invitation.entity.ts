import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { MatchmakingEvent, type ParticipantSide } from './event.entity';

/**
 * An organizer's invitation of an organisation not yet on the platform, by e-mail (a partner
 * event's list). The organisation that registers for the event with the code mailed to that address
 * (libs/events event-invitations) is approved at once with the side given here.
 */
@Entity('event_invitations')
@Unique('UQ_event_invitations_email', ['eventId', 'email'])
export class EventInvitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => MatchmakingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_event_invitations_event' })
  event?: Relation<MatchmakingEvent>;

  /** Lower-cased, as user e-mails are stored. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'organization_name', type: 'varchar', length: 200, nullable: true })
  organizationName: string | null;

  @Column({ type: 'varchar', length: 16 })
  side: ParticipantSide;

  @Column({ name: 'session_keys', type: 'text', array: true, default: () => "'{}'" })
  sessionKeys: string[];

  @Column({ name: 'invited_by', type: 'uuid' })
  invitedBy: string;

  /** The participant it became, once that organisation registered. */
  @Column({ name: 'participant_id', type: 'uuid', nullable: true })
  participantId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
