import type { AuditLog } from '@techbridge/accounts';
import { CatalogImport, type ImportProblem } from '@techbridge/domain';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { SomeCatalogItems } from '../catalog-items';
import { noticeSubscribers } from '../subscriptions/subscriber-notices';
import type { CatalogEntity } from '../catalog-kind';
import { fieldLabel, type TaxonomySnapshot } from '../rules/taxonomy-snapshot';
import { itemVectors } from '../search/item-vectors';
import { bulkInsert } from './bulk-insert';
import { CellError } from './cells';
import { type Columns, columnOfField } from './columns';
import { readSpreadsheet, UnreadableFileError } from './parse';

const MAX_REPORTED = 1_000;
const BATCH = 1_000;
const PROGRESS_EVERY = 2_000;

interface GoodRow {
  row: number;
  input: { externalRef?: string | null; neutralTitle?: string | null };
}

/** One import, start to finish: read, validate every row, then write all or nothing. */
export class ImportRun {
  private readonly problems: ImportProblem[] = [];
  private errorCount = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly job: CatalogImport,
    private readonly service: SomeCatalogItems,
    private readonly taxonomy: TaxonomySnapshot,
    private readonly audit: AuditLog,
  ) {}

  private problem(row: number, column: string, reason: string): void {
    this.errorCount++;
    // Reasons quote the cell; the report is jsonb, which refuses NUL: shown escaped, as the reader would type it.
    const shown = (text: string) => text.replaceAll('\u0000', '\\0');
    if (this.problems.length < MAX_REPORTED) this.problems.push({ row, column: shown(column), reason: shown(reason) });
  }

  private progress(values: Partial<CatalogImport>): Promise<unknown> {
    return this.dataSource.getRepository(CatalogImport).update({ id: this.job.id }, values);
  }

  private finished(status: CatalogImport['status'], values: Partial<CatalogImport> = {}): Partial<CatalogImport> {
    return { status, problems: this.problems, errorCount: this.errorCount, finishedAt: new Date(), ...values };
  }

  private finish(status: CatalogImport['status'], values: Partial<CatalogImport> = {}): Promise<unknown> {
    return this.progress(this.finished(status, values));
  }

  async execute(): Promise<void> {
    await this.progress({ status: 'processing' });
    const columns = this.service.spec.columns(this.taxonomy) as Columns<object, CatalogEntity>;
    const defaults = this.service.spec.defaults;
    let sheet;
    try {
      sheet = await readSpreadsheet(this.job.format, this.job.content!);
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      return void (await this.finish('failed', { failureReason: err.message }));
    }
    const index = this.headerIndex(columns, sheet.headers);
    await this.progress({ totalRows: sheet.rows.length });
    const good = index ? await this.validateRows(columns, defaults, index, sheet.rows) : [];
    const existing = await this.existing(good);
    if (this.errorCount > 0) return void (await this.finish('rejected', { processedRows: sheet.rows.length }));
    const created = good.filter((g) => !existing.has(g.input.externalRef!)).length;
    if (this.job.dryRun) return void (await this.finish('completed', { processedRows: sheet.rows.length, createdCount: created, updatedCount: good.length - created }));
    const written = await this.dataSource.transaction(async (manager) => {
      // The rows, the audit and the completed status commit together: a redelivery finds the import
      // completed, never its rows without the status. The lock keeps two deliveries from both writing
      // (a transaction lock, as progress updates write the import's row from another connection).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('catalog_import:' || $1))`, [this.job.id]);
      const [now] = await manager.query(`SELECT status FROM catalog_imports WHERE id = $1`, [this.job.id]);
      if (now?.status === 'completed') return true;
      if (!(await this.write(manager, good, existing))) return false;
      await manager.update(CatalogImport, { id: this.job.id }, this.finished('completed', { processedRows: sheet.rows.length, createdCount: created, updatedCount: good.length - created }));
      return true;
    });
    if (!written) await this.finish('rejected', { processedRows: sheet.rows.length });
  }

  /**
   * Column positions by header (Chinese) or key (English); missing required or unknown columns are
   * row-1 problems. Export-only columns (状态, 编号, 地区名称) are ignored, so an exported file imports back.
   */
  private headerIndex(columns: Columns<object, CatalogEntity>, headers: string[]): Map<string, number> | null {
    const index = new Map<string, number>();
    headers.forEach((header, i) => {
      const column = columns.find((c) => c.header === header || c.key === header);
      if (!column) return header && this.problem(1, header, 'is not a known column');
      if (column.read) index.set(column.key, i);
    });
    for (const column of columns) if (column.required && !index.has(column.key)) this.problem(1, column.header, 'column is missing');
    return this.errorCount > 0 ? null : index;
  }

  private async validateRows(columns: Columns<object, CatalogEntity>, defaults: object, index: Map<string, number>, rows: Array<{ row: number; cells: string[] }>): Promise<GoodRow[]> {
    const good: GoodRow[] = [];
    const refs = new Map<string, number>();
    for (const [n, { row, cells }] of rows.entries()) {
      const input = structuredClone(defaults) as Record<string, unknown>;
      let ok = true;
      for (const column of columns) {
        const at = index.get(column.key);
        if (at === undefined || !column.read) continue;
        const cell = cells[at] ?? '';
        try {
          column.read(cell, input);
        } catch (err) {
          if (!(err instanceof CellError)) throw err;
          this.problem(row, column.header, err.message);
          ok = false;
        }
      }
      if (ok) {
        for (const p of this.service.spec.problems(input as never, this.taxonomy)) {
          this.problem(row, columnOfField(columns, p.field), p.message);
          ok = false;
        }
      }
      const ref = input.externalRef as string | undefined;
      if (ref && refs.has(ref)) {
        this.problem(row, '外部编号', `"${ref}" is also used on row ${refs.get(ref)}`);
        ok = false;
      } else if (ref) refs.set(ref, row);
      if (ok) good.push({ row, input: input as GoodRow['input'] });
      if ((n + 1) % PROGRESS_EVERY === 0) await this.progress({ processedRows: n + 1 });
    }
    return good;
  }

  /** Items this organisation already has under the file's 外部编号: they are updated, if still editable. */
  private async existing(good: GoodRow[]): Promise<Map<string, { id: string; status: string }>> {
    const spec = this.service.spec;
    const found = new Map<string, { id: string; status: string; archivedAt: Date | null }>();
    const refs = good.map((g) => g.input.externalRef!);
    for (let i = 0; i < refs.length; i += 10_000) {
      const rows = await this.dataSource.getRepository(spec.entity).find({
        select: { id: true, externalRef: true, status: true, archivedAt: true } as never,
        where: { organizationId: this.job.organizationId, externalRef: In(refs.slice(i, i + 10_000)) } as never,
      });
      for (const r of rows) found.set(r.externalRef!, { id: r.id, status: r.status, archivedAt: r.archivedAt });
    }
    for (const g of good) {
      const match = found.get(g.input.externalRef!);
      if (match?.archivedAt) this.problem(g.row, '外部编号', `matches an existing ${spec.kind} that is archived and can no longer be changed`);
      else if (match && !spec.editable.includes(match.status)) {
        this.problem(g.row, '外部编号', `matches an existing ${spec.kind} that is ${match.status} and can no longer be changed`);
      }
    }
    return found;
  }

  /** Items published by the import, read back by 外部编号 (the database gave them their ids), are news to subscribers. */
  private async noticeSubscribers(manager: EntityManager, refs: string[]): Promise<void> {
    const spec = this.service.spec;
    for (let i = 0; i < refs.length; i += 10_000) {
      const items = await manager.find(spec.entity, { where: { organizationId: this.job.organizationId, externalRef: In(refs.slice(i, i + 10_000)) } as never });
      await noticeSubscribers(manager, spec.kind, items, this.taxonomy);
    }
  }

  /** Writes every row, or (an item changed meanwhile so that it may no longer be) none: false, with the rows reported. */
  private async write(manager: EntityManager, good: GoodRow[], existing: Map<string, { id: string }>): Promise<boolean> {
    const spec = this.service.spec;
    const fresh = good.filter((g) => !existing.has(g.input.externalRef!));
    // Locked and checked again: validation ran outside this transaction, and meanwhile an item may
    // have been archived, taken down, expired or moved on by its owner. Then nothing is written.
    const updates = good.filter((row) => existing.has(row.input.externalRef!));
    const items = [];
    for (const g of updates) {
      const item = await manager.findOneOrFail(spec.entity, { where: { id: existing.get(g.input.externalRef!)!.id } as never, lock: { mode: 'pessimistic_write' } });
      if (item.archivedAt || !spec.editable.includes(item.status)) this.problem(g.row, '外部编号', `matches an existing ${spec.kind} that is ${item.archivedAt ? 'archived' : item.status} and can no longer be changed`);
      items.push(item);
    }
    if (this.errorCount > 0) return false;
    const now = new Date();
    for (let i = 0; i < fresh.length; i += BATCH) {
      const entities = fresh.slice(i, i + BATCH).map(({ input }) => {
        const item = manager.create(spec.entity, { organizationId: this.job.organizationId, createdBy: this.job.createdBy, status: this.job.publish ? 'published' : 'draft', publishedAt: this.job.publish ? now : null } as never);
        spec.assign(item, input as never);
        item.neutralTitle = input.neutralTitle?.trim() || spec.defaultNeutralTitle(fieldLabel(this.taxonomy, item.fieldCode));
        const vectors = itemVectors(spec, item, this.taxonomy);
        item.searchFull = vectors.full;
        item.searchOpen = vectors.open ?? undefined;
        return item;
      });
      await bulkInsert(manager, this.dataSource, spec.entity, entities);
      await this.progress({ createdCount: i + entities.length });
    }
    if (this.job.publish) await this.noticeSubscribers(manager, fresh.map((g) => g.input.externalRef!));
    let updated = 0;
    for (const [i, g] of updates.entries()) {
      await this.service.write(manager, items[i]!, g.input as never, this.taxonomy);
      if (++updated % BATCH === 0) await this.progress({ updatedCount: updated });
    }
    await this.audit.record(manager, null, {
      action: `${spec.kind}.import`,
      resourceType: 'catalog_import',
      resourceId: this.job.id,
      organizationId: this.job.organizationId,
      details: { created: fresh.length, updated, createdBy: this.job.createdBy, brokerUserId: this.job.brokerUserId },
    });
    return true;
  }
}
