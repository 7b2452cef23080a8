import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { EnterpriseTier, OrganizationType } from '../codes/catalog-codes';
import { VersionedRow } from '../versioned-row';

export const ORGANIZATION_SIZES = ['micro', 'small', 'medium', 'large'] as const;
export type OrganizationSize = (typeof ORGANIZATION_SIZES)[number];

/** 企业, 高校, 科研院所, 技术转移机构 or 政府部门: the party every write is made on behalf of. */
@Entity('organizations')
export class Organization extends VersionedRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  type: OrganizationType;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** 统一社会信用代码, validated with its GB 32100 check character. */
  @Index('UQ_organizations_credit_code', { unique: true })
  @Column({ name: 'credit_code', type: 'char', length: 18 })
  creditCode: string;

  /** GB/T 2260 code of the province, city or district. */
  @Column({ name: 'region_code', type: 'char', length: 6 })
  regionCode: string;

  /** Taxonomy field codes (技术领域) the organisation works in. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fields: string[];

  @Column({ type: 'varchar', length: 16, nullable: true })
  size: OrganizationSize | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tiers: EnterpriseTier[];

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description: string | null;

  /** Set by a platform admin; an unverified organisation can draft but not publish. */
  @Column({ type: 'boolean', default: false })
  verified: boolean;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;
}
