import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CatalogKind } from './disclosure.entity';
import { TrackedWork } from '../tracked-work';

export type ImportStatus = 'queued' | 'processing' | 'completed' | 'rejected' | 'failed';

export interface ImportProblem {
  /** 1-based spreadsheet row (the header is row 1). */
  row: number;
  column: string;
  reason: string;
}

/**
 * An uploaded CSV/XLSX file and its processing state. The file lives here (not on an API
 * replica's disk) so any worker can process it; the job carries only this id.
 */
@Entity('catalog_imports')
@Index('IDX_catalog_imports_organization', ['organizationId', 'createdAt'])
export class CatalogImport extends TrackedWork {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CatalogKind;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'broker_user_id', type: 'uuid', nullable: true })
  brokerUserId: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  @Column({ type: 'varchar', length: 8 })
  format: 'csv' | 'xlsx';

  @Column({ type: 'bytea', select: false })
  content?: Buffer;

  @Column({ name: 'dry_run', type: 'boolean', default: false })
  dryRun: boolean;

  /** Publish newly created items straight away. */
  @Column({ type: 'boolean', default: false })
  publish: boolean;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status: ImportStatus;

  @Column({ name: 'total_rows', type: 'int', default: 0 })
  totalRows: number;

  @Column({ name: 'processed_rows', type: 'int', default: 0 })
  processedRows: number;

  @Column({ name: 'created_count', type: 'int', default: 0 })
  createdCount: number;

  @Column({ name: 'updated_count', type: 'int', default: 0 })
  updatedCount: number;

  @Column({ name: 'error_count', type: 'int', default: 0 })
  errorCount: number;

  /** The first problems found (capped); `errorCount` has the total. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  problems: ImportProblem[];

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
