import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, Unique } from 'typeorm';
import { Organization } from '../accounts/organization.entity';
import { MatchmakingEvent, type ParticipantSide } from './event.entity';
import { codeList } from '../codes/code-list';
import { VersionedRow } from '../versioned-row';

export const PARTICIPANT_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];
export const ParticipantStatuses = codeList<ParticipantStatus>({ pending: '待审核', approved: '已通过', rejected: '未通过', withdrawn: '已退出' });

/** An organisation taking part in an event (报名), approved by the organizer. */
@Entity('event_participants')
@Unique('UQ_event_participants_org', ['eventId', 'organizationId'])
export class EventParticipant extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @ManyToOne(() => MatchmakingEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_event_participants_event' })
  event?: Relation<MatchmakingEvent>;

  @Index('IDX_event_participants_organization')
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_event_participants_organization' })
  organization?: Relation<Organization>;

  @Column({ type: 'varchar', length: 16 })
  side: ParticipantSide;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ParticipantStatus;

  /** Session keys attended; empty means every session. */
  @Column({ name: 'session_keys', type: 'text', array: true, default: () => "'{}'" })
  sessionKeys: string[];

  /** Global slot indices the participant is not available in. */
  @Column({ name: 'unavailable_slots', type: 'integer', array: true, default: () => "'{}'" })
  unavailableSlots: number[];

  /** A booth: all its meetings are held at this table. Set by the organizer. */
  @Column({ name: 'fixed_table', type: 'integer', nullable: true })
  fixedTable: number | null;

  /** The check-in code (printed as a QR code on the badge). */
  @Index('UQ_event_participants_check_in', { unique: true })
  @Column({ name: 'check_in_code', type: 'varchar', length: 32 })
  checkInCode: string;

  /** The latest check-in; each day's is in `event_check_ins`. */
  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true })
  checkedInAt: Date | null;

  /** Part of the calendar feed's secret address: raised to revoke the address given out before. */
  @Column({ name: 'calendar_key', type: 'integer', default: 0 })
  calendarKey: number;

  @Column({ name: 'registered_by', type: 'uuid' })
  registeredBy: string;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
