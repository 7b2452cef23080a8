import { Column, Entity, Index } from 'typeorm';
import type { MaturityStage } from '../codes/catalog-codes';
import { CatalogItem } from './catalog-item';
import { decimalTransformer } from './columns';

export const DEMAND_STATUSES = ['draft', 'published', 'in_negotiation', 'solved', 'closed', 'expired'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

/** 技术需求: a problem an enterprise wants solved, possibly as a 揭榜挂帅 challenge. */
@Entity('tech_demands')
@Index('UQ_tech_demands_external_ref', ['organizationId', 'externalRef'], { unique: true, where: '"external_ref" IS NOT NULL' })
// GIN indexes (full-text vectors, code arrays) are written by hand in the migration; TypeORM
// only needs to know they exist so it never drops them.
@Index('IDX_tech_demands_search_open', { synchronize: false })
@Index('IDX_tech_demands_search_full', { synchronize: false })
@Index('IDX_tech_demands_chain_codes', { synchronize: false })
@Index('IDX_tech_demands_cooperation_modes', { synchronize: false })
@Index('IDX_tech_demands_listing', ['status', 'visibility', 'publishedAt'])
export class TechDemand extends CatalogItem {
  /** 拟解决的技术难题 */
  @Column({ type: 'text' })
  description: string;

  /** 技术指标: the target figures, one per entry. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  indicators: string[];

  /** 现有基础条件 */
  @Column({ name: 'existing_basis', type: 'text', nullable: true })
  existingBasis: string | null;

  @Column({ name: 'budget_min_wan', type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: decimalTransformer })
  budgetMinWan: number | null;

  @Column({ name: 'budget_max_wan', type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: decimalTransformer })
  budgetMaxWan: number | null;

  /** 面议 */
  @Column({ name: 'budget_negotiable', type: 'boolean', default: false })
  budgetNegotiable: boolean;

  @Column({ name: 'desired_stage', type: 'varchar', length: 16 })
  desiredStage: MaturityStage;

  /** Prefers a partner in its own region (本地转化). */
  @Column({ name: 'local_preference', type: 'boolean', default: false })
  localPreference: boolean;

  /** 有效期: past it, a published demand expires. */
  @Index()
  @Column({ name: 'valid_until', type: 'date' })
  validUntil: string;

  @Column({ type: 'varchar', length: 16 })
  status: DemandStatus;

  /** 揭榜挂帅 */
  @Column({ name: 'is_challenge', type: 'boolean', default: false })
  isChallenge: boolean;

  @Column({ name: 'challenge_reward_wan', type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: decimalTransformer })
  challengeRewardWan: number | null;

  @Column({ name: 'challenge_deadline', type: 'date', nullable: true })
  challengeDeadline: string | null;

  @Column({ name: 'challenge_evaluation_plan', type: 'text', nullable: true })
  challengeEvaluationPlan: string | null;
}
