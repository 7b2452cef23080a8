import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { type Actor, CatalogImport, type CatalogKind, ForbiddenError, hasRole, NotFoundError, ownOrganizations, ValidationError } from '@techbridge/domain';
import { enqueueInTransaction, jobIdFor, StuckWork } from '@techbridge/queue';
import { DataSource } from 'typeorm';
import { cleanFileName } from '../attachments/attachment-rules';
import { CatalogKinds } from '../catalog-kinds';
import { TaxonomyService } from '../taxonomy.service';
import { ImportRun } from './import-run';

export interface UploadedSheet {
  originalName: string;
  content: Buffer;
}

export interface ImportOptions {
  dryRun: boolean;
  /** Publish newly created items at once (the organisation must be verified). */
  publish: boolean;
}

/**
 * Spreadsheet imports. A file is atomic: it is validated whole, and only when every row is good
 * are all rows written, in one transaction; otherwise nothing is written and every bad row is
 * reported with its row number, column and reason. Rows carry the owner's 外部编号, so importing
 * the same file again updates those items instead of duplicating them.
 */
@Injectable()
export class CatalogImports implements OnModuleInit {
  private readonly logger = new Logger('CatalogImports');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly kinds: CatalogKinds,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditLog,
    private readonly stuckWork: StuckWork,
  ) {}

  /** An import whose job is lost or given up on must not stay queued or processing forever. */
  onModuleInit(): void {
    this.stuckWork.register({
      jobName: 'catalog.import',
      table: 'catalog_imports',
      unfinished: ['queued', 'processing'],
      payload: (row) => ({ importId: row.id as string }),
      idOf: (data) => data.importId,
      // The error is internal (and logged); the owner learns that the file is untouched.
      failureReason: () => 'the import could not be completed; nothing was written',
    });
  }

  async create(actor: Actor, kind: CatalogKind, file: UploadedSheet, options: ImportOptions): Promise<CatalogImport> {
    const format = /\.xlsx$/i.test(file.originalName) ? 'xlsx' : /\.csv$/i.test(file.originalName) ? 'csv' : null;
    if (!format) throw ValidationError.of('file', 'format', 'file must be a .csv or .xlsx spreadsheet');
    if (file.content.length === 0) throw ValidationError.of('file', 'empty', 'file is empty');
    return this.dataSource.transaction(async (manager) => {
      const owner = await this.kinds.of(kind).ownerFor(manager, actor);
      if (options.publish && !owner.verified) {
        throw new ForbiddenError('organization_not_verified', 'the organisation must be verified by the platform before it can publish');
      }
      const row = await manager.save(
        manager.create(CatalogImport, {
          kind,
          organizationId: owner.id,
          createdBy: actor.userId,
          brokerUserId: actor.organizationId === owner.id ? null : actor.userId,
          // Shown back as it was given, less what a name cannot carry (busboy decodes filename*=utf-8''a%00b.csv to a NUL, which text columns refuse).
          fileName: cleanFileName(file.originalName),
          format,
          content: file.content,
          dryRun: options.dryRun,
          publish: options.publish,
        }),
      );
      await this.audit.record(manager, actor, { action: `${kind}.import_requested`, resourceType: 'catalog_import', resourceId: row.id, organizationId: owner.id, details: { fileName: row.fileName, dryRun: options.dryRun } });
      // Through the outbox: accepted while the queue is down, and never enqueued if this rolls back.
      await enqueueInTransaction(manager, 'catalog.import', { importId: row.id }, jobIdFor('catalog.import', row.id));
      delete row.content;
      return row;
    });
  }

  async get(actor: Actor, id: string): Promise<CatalogImport> {
    const row = await this.dataSource.getRepository(CatalogImport).findOneBy({ id });
    if (!row || !(hasRole(actor, 'admin') || ownOrganizations(actor).includes(row.organizationId))) throw new NotFoundError('import', id);
    return row;
  }

  /**
   * Worker side; safe to run twice (a finished import is left as it is). An unexpected error is
   * rethrown so BullMQ retries; when it gives up, StuckWork marks the import failed.
   */
  async process(importId: string): Promise<void> {
    const row = await this.dataSource.getRepository(CatalogImport).createQueryBuilder('i').addSelect('i.content').where('i.id = :importId', { importId }).getOne();
    if (!row) throw new NotFoundError('import', importId);
    if (['completed', 'rejected', 'failed'].includes(row.status)) return;
    const taxonomy = await this.taxonomy.snapshot();
    const run = new ImportRun(this.dataSource, row, this.kinds.of(row.kind), taxonomy, this.audit);
    try {
      await run.execute();
    } catch (err) {
      this.logger.error(`import ${importId} failed: ${(err as Error).stack ?? err}`);
      throw err;
    }
  }
}
