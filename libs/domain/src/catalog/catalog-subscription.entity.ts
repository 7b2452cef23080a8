import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Organization } from '../accounts/organization.entity';
import type { CatalogKind } from './disclosure.entity';

/**
 * 订阅 (需求/成果推送): an organisation asks to hear of newly published demands or achievements
 * in some fields, regions or with some words. Each criterion given must hold; at least one is.
 */
@Entity('catalog_subscriptions')
@Index('IDX_catalog_subscriptions_kind', ['kind'])
export class CatalogSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_catalog_subscriptions_organization')
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_catalog_subscriptions_organization' })
  organization?: Relation<Organization>;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  /** What it is about: new demands or new achievements. */
  @Column({ type: 'varchar', length: 16 })
  kind: CatalogKind;

  /** 技术领域 codes; empty: any field. */
  @Column({ name: 'field_codes', type: 'text', array: true, default: () => "'{}'" })
  fieldCodes: string[];

  /** Words, any of which the title or keywords hold; empty: any words. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  /** 2, 4 or 6 digits of a GB/T 2260 code; null: anywhere. */
  @Column({ name: 'region_prefix', type: 'varchar', length: 6, nullable: true })
  regionPrefix: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
