import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/** 技术领域, editable by admins; deactivated codes stay valid on existing items but not for new ones. */
@Entity('taxonomy_fields')
export class TaxonomyFieldRow {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 60 })
  label: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'int', default: 0 })
  position: number;
}

/** 产业链, each under a field. */
@Entity('taxonomy_chains')
export class TaxonomyChainRow {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 60 })
  label: string;

  @Column({ name: 'field_code', type: 'varchar', length: 40 })
  fieldCode: string;

  @ManyToOne(() => TaxonomyFieldRow, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'field_code', foreignKeyConstraintName: 'FK_taxonomy_chains_field' })
  field?: Relation<TaxonomyFieldRow>;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'int', default: 0 })
  position: number;
}
