import { Column, Entity, Index } from 'typeorm';
import type { IpKind, MaturityStage } from '../codes/catalog-codes';
import { CatalogItem } from './catalog-item';
import { decimalTransformer } from './columns';

export const ACHIEVEMENT_STATUSES = ['draft', 'published', 'in_negotiation', 'transferred', 'closed'] as const;
export type AchievementStatus = (typeof ACHIEVEMENT_STATUSES)[number];

export interface IpRight {
  kind: IpKind;
  /** CNIPA application / patent number, or software copyright registration number. */
  number: string | null;
  status: 'applied' | 'granted';
  title: string | null;
}

/** 科技成果: a result a university, institute or company offers for transfer. */
@Entity('achievements')
@Index('UQ_achievements_external_ref', ['organizationId', 'externalRef'], { unique: true, where: '"external_ref" IS NOT NULL' })
// GIN indexes (full-text vectors, code arrays) are written by hand in the migration; TypeORM
// only needs to know they exist so it never drops them.
@Index('IDX_achievements_search_open', { synchronize: false })
@Index('IDX_achievements_search_full', { synchronize: false })
@Index('IDX_achievements_chain_codes', { synchronize: false })
@Index('IDX_achievements_cooperation_modes', { synchronize: false })
@Index('IDX_achievements_listing', ['status', 'visibility', 'publishedAt'])
export class Achievement extends CatalogItem {
  @Column({ type: 'text' })
  summary: string;

  /** 创新点 */
  @Column({ name: 'innovation_points', type: 'jsonb', default: () => "'[]'" })
  innovationPoints: string[];

  @Column({ name: 'application_scenarios', type: 'jsonb', default: () => "'[]'" })
  applicationScenarios: string[];

  /** Technology readiness level, GB/T 22900 (1–9). */
  @Index()
  @Column({ type: 'smallint' })
  trl: number;

  @Column({ type: 'varchar', length: 16 })
  stage: MaturityStage;

  @Column({ name: 'ip_rights', type: 'jsonb', default: () => "'[]'" })
  ipRights: IpRight[];

  @Column({ name: 'price_min_wan', type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: decimalTransformer })
  priceMinWan: number | null;

  @Column({ name: 'price_max_wan', type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: decimalTransformer })
  priceMaxWan: number | null;

  @Column({ name: 'price_negotiable', type: 'boolean', default: false })
  priceNegotiable: boolean;

  @Column({ name: 'team_lead', type: 'varchar', length: 100 })
  teamLead: string;

  @Column({ type: 'varchar', length: 16 })
  status: AchievementStatus;
}
