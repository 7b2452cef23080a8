import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organization } from '../accounts/organization.entity';
import { User } from '../accounts/user.entity';
import { Achievement } from '../catalog/achievement.entity';
import { ChallengeApplication } from '../challenges/challenge-application.entity';
import { decimalTransformer } from '../catalog/columns';
import { TechDemand } from '../catalog/tech-demand.entity';
import type { CooperationMode } from '../codes/catalog-codes';
import { codeList } from '../codes/code-list';
import { MatchmakingEvent } from '../events/event.entity';
import { Match } from '../matching/match.entity';
import { VersionedRow } from '../versioned-row';

/**
 * 意向 → 签约 → 技术合同登记; an intent or a signed contract may also fall through (cancelled), the
 * party named by the other side may dispute the record (disputed), an admin may void it (voided).
 */
export const DealStages = codeList({
  intent: '意向',
  signed: '已签约',
  registered: '已登记',
  cancelled: '已终止',
  disputed: '对方有异议',
  voided: '已作废',
});
export type DealStage = (typeof DealStages.codes)[number];

/** Where the deal came from: a suggested match, a 对接会, an awarded 揭榜挂帅 application, or the parties' own contact. */
export const DealSources = codeList({
  match: '平台匹配',
  event: '对接会',
  challenge: '揭榜挂帅',
  direct: '自行对接',
});
export type DealSource = (typeof DealSources.codes)[number];

/**
 * 成交: a technology contract between a buyer (the party taking the technology: 受让方, 委托方)
 * and a seller (the party providing it), about a demand and/or an achievement. The field and the
 * parties' regions are what statistics group by; a registered deal carries its 技术合同登记号.
 */
@Entity('deals')
@Check('CHK_deals_parties', 'buyer_organization_id <> seller_organization_id')
@Check('CHK_deals_recorded_for', 'recorded_for_organization_id IN (buyer_organization_id, seller_organization_id)')
export class Deal extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The contract's name, as the parties call it. */
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 32 })
  kind: CooperationMode;

  @Index('IDX_deals_stage')
  @Column({ type: 'varchar', length: 16, default: 'intent' })
  stage: DealStage;

  @Column({ type: 'varchar', length: 16 })
  source: DealSource;

  @Index('IDX_deals_buyer')
  @Column({ name: 'buyer_organization_id', type: 'uuid' })
  buyerOrganizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'buyer_organization_id', foreignKeyConstraintName: 'FK_deals_buyer' })
  buyer?: Relation<Organization>;

  @Index('IDX_deals_seller')
  @Column({ name: 'seller_organization_id', type: 'uuid' })
  sellerOrganizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'seller_organization_id', foreignKeyConstraintName: 'FK_deals_seller' })
  seller?: Relation<Organization>;

  @Column({ name: 'demand_id', type: 'uuid', nullable: true })
  demandId: string | null;

  @ManyToOne(() => TechDemand, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'demand_id', foreignKeyConstraintName: 'FK_deals_demand' })
  demand?: Relation<TechDemand>;

  @Column({ name: 'achievement_id', type: 'uuid', nullable: true })
  achievementId: string | null;

  @ManyToOne(() => Achievement, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'achievement_id', foreignKeyConstraintName: 'FK_deals_achievement' })
  achievement?: Relation<Achievement>;

  @Index('IDX_deals_match')
  @Column({ name: 'match_id', type: 'uuid', nullable: true })
  matchId: string | null;

  @ManyToOne(() => Match, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'match_id', foreignKeyConstraintName: 'FK_deals_match' })
  match?: Relation<Match>;

  /** The awarded 揭榜 application the contract carries out. */
  @Index('IDX_deals_challenge_application')
  @Column({ name: 'challenge_application_id', type: 'uuid', nullable: true })
  challengeApplicationId: string | null;

  @ManyToOne(() => ChallengeApplication, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'challenge_application_id', foreignKeyConstraintName: 'FK_deals_challenge_application' })
  challengeApplication?: Relation<ChallengeApplication>;

  @Index('IDX_deals_event')
  @Column({ name: 'event_id', type: 'uuid', nullable: true })
  eventId: string | null;

  @ManyToOne(() => MatchmakingEvent, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_deals_event' })
  event?: Relation<MatchmakingEvent>;

  /** The 技术经纪人 credited with bringing the deal about: a broker serving the buyer or the seller. */
  @Index('IDX_deals_broker')
  @Column({ name: 'broker_user_id', type: 'uuid', nullable: true })
  brokerUserId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'broker_user_id', foreignKeyConstraintName: 'FK_deals_broker' })
  broker?: Relation<User>;

  /** 技术领域 of the demand (else the achievement) when the deal was recorded. */
  @Column({ name: 'field_code', type: 'varchar', length: 40 })
  fieldCode: string;

  /** 成交金额 (万元): required from signing on. */
  @Column({ name: 'amount_wan', type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: decimalTransformer })
  amountWan: number | null;

  @Column({ name: 'signed_on', type: 'date', nullable: true })
  signedOn: string | null;

  /** 技术合同登记号, unique among registered deals: a disputed or voided record frees it for the real contract. */
  @Index('UQ_deals_registration_number', { unique: true, where: `stage = 'registered'` })
  @Column({ name: 'registration_number', type: 'varchar', length: 40, nullable: true })
  registrationNumber: string | null;

  @Column({ name: 'registered_on', type: 'date', nullable: true })
  registeredOn: string | null;

  /** Why the deal ended: cancelled, disputed or voided (its stage says which). */
  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  /**
   * The party (buyer or seller) the recorder acted for: the other one, named by it, may dispute the
   * record. Null only on rows written outside the service.
   */
  @Column({ name: 'recorded_for_organization_id', type: 'uuid', nullable: true })
  recordedForOrganizationId: string | null;
}
