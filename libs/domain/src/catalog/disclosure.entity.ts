import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type CatalogKind = 'demand' | 'achievement';

/** The owner of a confidential item released its details to this organisation (staged disclosure). */
@Entity('disclosures')
@Index('IDX_disclosures_organization', ['organizationId', 'itemKind'])
export class Disclosure {
  @PrimaryColumn({ name: 'item_kind', type: 'varchar', length: 16 })
  itemKind: CatalogKind;

  @PrimaryColumn({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'granted_by', type: 'uuid' })
  grantedBy: string;

  @CreateDateColumn({ name: 'granted_at', type: 'timestamptz' })
  grantedAt: Date;
}
