import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organization } from '../accounts/organization.entity';
import { codeList } from '../codes/code-list';
import { VersionedRow } from '../versioned-row';

/**
 * 对接会 lifecycle: draft → registration → booking → scheduled → published → live → closed; an event
 * called off before any of its slots started is `cancelled` instead (a draft discarded, too).
 */
export const EventStatuses = codeList({
  draft: '草稿',
  registration: '报名中',
  booking: '预约中',
  scheduled: '已排程',
  published: '已发布',
  live: '进行中',
  closed: '已结束',
  cancelled: '已取消',
});
export type EventStatus = (typeof EventStatuses.codes)[number];
export const EVENT_STATUSES = EventStatuses.codes;

/** Which side a participant takes: 需求方 (enterprises with demands), 供给方 (holders of achievements), 观察员. */
export const ParticipantSides = codeList({ demand: '需求方', supply: '供给方', observer: '观察员' });
export type ParticipantSide = (typeof ParticipantSides.codes)[number];
export const PARTICIPANT_SIDES = ParticipantSides.codes;

/**
 * Who may book whom: `demand_to_supply` (enterprises book research teams), `supply_to_demand`,
 * `cross` (either, but across sides) or `any` (any two participants). Observers never meet.
 */
export const BookingRules = codeList({
  demand_to_supply: '需求方预约供给方',
  supply_to_demand: '供给方预约需求方',
  cross: '需求方与供给方互约',
  any: '任意参会方互约',
});
export type BookingRule = (typeof BookingRules.codes)[number];
export const BOOKING_RULES = BookingRules.codes;

/**
 * How registrations are admitted: `manual` (the organizers approve each: 报名审核) or `automatic`
 * (approved at once while 名额 remain; past them they wait, and move up by registration order as
 * places free up: 候补自动递补).
 */
export const RegistrationApprovals = codeList({
  manual: '人工审核',
  automatic: '自动通过，满额候补递补',
});
export type RegistrationApproval = (typeof RegistrationApprovals.codes)[number];
export const REGISTRATION_APPROVALS = RegistrationApprovals.codes;

/** A session (上午场, 下午场): `slotCount` slots of `slotMinutes` from `startsAt`, `tables` tables in each. */
export interface EventSession {
  key: string;
  name: string;
  /** ISO 8601 with offset, e.g. 2026-12-01T09:00:00+08:00 */
  startsAt: string;
  slotMinutes: number;
  slotCount: number;
  tables: number;
}

/** The meeting caps of an event; null means no cap. */
export interface MeetingCaps {
  perParticipant: number | null;
  perSession: number | null;
  /** By participant side, e.g. { demand: 8, supply: 12 }. */
  bySide: Partial<Record<ParticipantSide, number>>;
  /** Fairness: the most breaks any participant's agenda may have. */
  breaksPerParticipant: number | null;
}

/** A 对接会 (matchmaking event) run by an organizer organisation. */
@Entity('events')
@Index('IDX_events_status', ['status', 'createdAt'])
export class MatchmakingEvent extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_events_organizer')
  @Column({ name: 'organizer_organization_id', type: 'uuid' })
  organizerOrganizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organizer_organization_id', foreignKeyConstraintName: 'FK_events_organizer' })
  organizer?: Relation<Organization>;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  /** 专场: a taxonomy field, optionally narrowed to an industry chain. */
  @Column({ name: 'theme_field_code', type: 'varchar', length: 64, nullable: true })
  themeFieldCode: string | null;

  @Column({ name: 'theme_chain_code', type: 'varchar', length: 64, nullable: true })
  themeChainCode: string | null;

  /** Where it takes place; an online event has a meeting link instead (or both, hybrid). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  venue: string | null;

  @Column({ name: 'online_url', type: 'varchar', length: 500, nullable: true })
  onlineUrl: string | null;

  @Column({ name: 'registration_opens_at', type: 'timestamptz', nullable: true })
  registrationOpensAt: Date | null;

  @Column({ name: 'registration_closes_at', type: 'timestamptz' })
  registrationClosesAt: Date;

  @Column({ name: 'booking_opens_at', type: 'timestamptz', nullable: true })
  bookingOpensAt: Date | null;

  /** Pending meeting requests expire at this deadline. */
  @Column({ name: 'booking_closes_at', type: 'timestamptz' })
  bookingClosesAt: Date;

  @Column({ type: 'jsonb' })
  sessions: EventSession[];

  @Column({ type: 'jsonb' })
  caps: MeetingCaps;

  /** 名额: the most organisations approved at once (the venue's size); null for no limit. Registrations past it wait. */
  @Column({ name: 'max_participants', type: 'integer', nullable: true })
  maxParticipants: number | null;

  @Column({ name: 'registration_approval', type: 'varchar', length: 16, default: 'manual' })
  registrationApproval: RegistrationApproval;

  @Column({ name: 'booking_rule', type: 'varchar', length: 32, default: 'cross' })
  bookingRule: BookingRule;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status: EventStatus;

  /** Bumped on every publish: agendas and .ics feeds carry it as their SEQUENCE. */
  @Column({ name: 'agenda_version', type: 'integer', default: 0 })
  agendaVersion: number;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** When registration first opened: from then on the event is advertised. Null: never (a draft, or one discarded). */
  @Column({ name: 'registration_opened_at', type: 'timestamptz', nullable: true })
  registrationOpenedAt: Date | null;

  /** Called off (`cancelled`): when, and why, as its participants were told. */
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancellation_reason', type: 'varchar', length: 500, nullable: true })
  cancellationReason: string | null;
}
