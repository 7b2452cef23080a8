import type { AuditLog } from '@techbridge/accounts';
import { CatalogImport, DomainError, type ImportProblem } from '@techbridge/domain';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { SomeCatalogItems, WithNeutralTitle } from '../catalog-items';
import { noticeSubscribers } from '../subscriptions/subscriber-notices';
import type { CatalogEntity } from '../catalog-kind';
import { updateProblems } from '../rules/item-rules';
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
  /** Kept to read the row again over the item it updates, once that is locked. */
  cells: string[];
  input: WithNeutralTitle;
}

/** The file's columns: each known column present in its header, by position. */
interface SheetColumns {
  columns: Columns<object, CatalogEntity>;
  index: Map<string, number>;
}

/** An item the file updates, as it was when the file was validated. */
interface Existing {
  id: string;
  status: string;
  archivedAt: Date | null;
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

  /** The rules other libs add to an edit (a challenge with live applications keeps its 揭榜 cells), as an edit over the API meets them. */
  private async allowed(manager: EntityManager, sheet: SheetColumns, row: number, item: CatalogEntity, after: WithNeutralTitle): Promise<boolean> {
    try {
      await this.service.assertUpdateAllowed(manager, item, { before: this.currentInput(item), after });
      return true;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const field = err.fields[0]?.field;
      this.problem(row, field ? columnOfField(sheet.columns, field) : '外部编号', err.message);
      return false;
    }
  }

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
    let sheet;
    try {
      sheet = await readSpreadsheet(this.job.format, this.job.content!);
    } catch (err) {
      if (!(err instanceof UnreadableFileError)) throw err;
      return void (await this.finish('failed', { failureReason: err.message }));
    }
    const index = this.headerIndex(columns, sheet.headers);
    await this.progress({ totalRows: sheet.rows.length });
    const existing = new Map<string, Existing>();
    const good = index ? await this.validateRows({ columns, index }, sheet.rows, existing) : [];
    this.checkEditable(good, existing);
    if (this.errorCount > 0) return void (await this.finish('rejected', { processedRows: sheet.rows.length }));
    const created = good.filter((g) => !existing.has(g.input.externalRef!)).length;
    if (this.job.dryRun) return void (await this.finish('completed', { processedRows: sheet.rows.length, createdCount: created, updatedCount: good.length - created }));
    const written = await this.dataSource.transaction(async (manager) => {
      // The rows, the audit and the completed status commit together: a redelivery finds the import
      // completed, never its rows without the status. The lock keeps two deliveries from both writing
      // (a transaction lock, not the import's row: another delivery still validating writes its progress there).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('catalog_import:' || $1))`, [this.job.id]);
      const [now] = await manager.query(`SELECT status FROM catalog_imports WHERE id = $1`, [this.job.id]);
      if (now?.status === 'completed') return true;
      if (!(await this.write(manager, { columns, index: index! }, good, existing))) return false;
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

  /**
   * Reads and validates every row, a thousand at a time, each batch after loading the items of this
   * organisation its 外部编号 already name (recorded in `existing`): a row updating one is read over it.
   */
  private async validateRows(sheet: SheetColumns, rows: Array<{ row: number; cells: string[] }>, existing: Map<string, Existing>): Promise<GoodRow[]> {
    const good: GoodRow[] = [];
    const refs = new Map<string, number>();
    const refAt = sheet.index.get('externalRef')!;
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      const items = await this.itemsByRef(batch.map(({ cells }) => (cells[refAt] ?? '').trim()));
      for (const [k, { row, cells }] of batch.entries()) {
        const item = items.get((cells[refAt] ?? '').trim());
        if (item) existing.set(item.externalRef!, { id: item.id, status: item.status, archivedAt: item.archivedAt });
        const { input, ok } = this.readRow(sheet, row, cells, item);
        const ref = input.externalRef;
        if (ref && refs.has(ref)) {
          this.problem(row, '外部编号', `"${ref}" is also used on row ${refs.get(ref)}`);
        } else {
          if (ref) refs.set(ref, row);
          if (ok) good.push({ row, cells, input });
        }
        if ((start + k + 1) % PROGRESS_EVERY === 0) await this.progress({ processedRows: start + k + 1 });
      }
    }
    return good;
  }

  /** This organisation's items under these 外部编号, in full. */
  private async itemsByRef(refs: string[]): Promise<Map<string, CatalogEntity>> {
    // A reference with NUL cannot be looked up (PostgreSQL text refuses it); validation reports its row.
    const wanted = [...new Set(refs.filter((ref) => ref && !ref.includes('\u0000')))];
    if (!wanted.length) return new Map();
    const items = await this.dataSource.getRepository(this.service.spec.entity).find({ where: { organizationId: this.job.organizationId, externalRef: In(wanted) } as never });
    return new Map(items.map((item) => [item.externalRef!, item]));
  }

  /**
   * A row read over what it writes: a new item's defaults or, when it updates an item, that item as it
   * is, so that a column the file leaves out keeps its value (as a PATCH keeps a field it leaves out)
   * while a column present is read exactly as for a new item (an empty cell included). Cell problems,
   * then the item's, are reported; `ok` when there are none.
   */
  private readRow(sheet: SheetColumns, row: number, cells: string[], item: CatalogEntity | undefined): { input: WithNeutralTitle; ok: boolean } {
    const spec = this.service.spec;
    const before = item && this.currentInput(item);
    const input = structuredClone(before ?? spec.defaults) as Record<string, unknown>;
    let ok = true;
    for (const column of sheet.columns) {
      const at = sheet.index.get(column.key);
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
      const problems = spec.problems(input as never, this.taxonomy);
      for (const p of before ? updateProblems(problems, before, input) : problems) {
        this.problem(row, columnOfField(sheet.columns, p.field), p.message);
        ok = false;
      }
    }
    return { input, ok };
  }

  /** The item as input, as a PATCH starts from it: a neutral title that was only the default follows a change of field. */
  private currentInput(item: CatalogEntity): WithNeutralTitle {
    const spec = this.service.spec;
    const current = spec.toInput(item);
    if (current.neutralTitle === spec.defaultNeutralTitle(fieldLabel(this.taxonomy, item.fieldCode))) current.neutralTitle = null;
    return current;
  }

  /** Rows naming an item that can no longer be changed are problems. */
  private checkEditable(good: GoodRow[], existing: Map<string, Existing>): void {
    const spec = this.service.spec;
    for (const g of good) {
      const match = existing.get(g.input.externalRef!);
      if (match?.archivedAt) this.problem(g.row, '外部编号', `matches an existing ${spec.kind} that is archived and can no longer be changed`);
      else if (match && !spec.editable.includes(match.status)) {
        this.problem(g.row, '外部编号', `matches an existing ${spec.kind} that is ${match.status} and can no longer be changed`);
      }
    }
  }

  /**
   * `publish=true` publishes new items only for an organisation verified as they are written: checked at
   * upload, it may have lost its verification while the file waited. Then the import is rejected whole
   * (a problem on row 1, column `publish`) rather than written as drafts, which importing the file again
   * would only update, never publish. Read FOR SHARE in the write's transaction: a withdrawal of the
   * verification either waits for the rows or is seen here.
   */
  private async mayPublish(manager: EntityManager, created: number): Promise<boolean> {
    if (!this.job.publish || created === 0) return true;
    const [org] = await manager.query<Array<{ verified: boolean }>>(`SELECT verified FROM organizations WHERE id = $1 FOR SHARE`, [this.job.organizationId]);
    if (org?.verified) return true;
    this.problem(1, 'publish', 'the organisation is no longer verified by the platform, so it cannot publish: nothing was written. Import the file with publish=false (as drafts), or again once the organisation is verified');
    return false;
  }

  /** Items published by the import, read back by 外部编号 (the database gave them their ids), are news to subscribers. */
  private async noticeSubscribers(manager: EntityManager, refs: string[]): Promise<void> {
    const spec = this.service.spec;
    for (let i = 0; i < refs.length; i += 10_000) {
      const items = await manager.find(spec.entity, { where: { organizationId: this.job.organizationId, externalRef: In(refs.slice(i, i + 10_000)) } as never });
      await noticeSubscribers(manager, spec.kind, items, this.taxonomy);
    }
  }

  /**
   * Writes every row, or (an item changed meanwhile so that it may no longer be) none: false, with the rows reported.
   * No progress is reported meanwhile: written on a second pooled connection, it left a worker whose
   * every connection held such a transaction waiting for one forever. The counts come with the status.
   */
  private async write(manager: EntityManager, sheet: SheetColumns, good: GoodRow[], existing: Map<string, Existing>): Promise<boolean> {
    const spec = this.service.spec;
    const fresh = good.filter((g) => !existing.has(g.input.externalRef!));
    if (!(await this.mayPublish(manager, fresh.length))) return false;
    // Locked and checked again: validation ran outside this transaction, and meanwhile an item may
    // have been archived, taken down, expired or moved on by its owner. Then nothing is written.
    const updates: Array<{ item: CatalogEntity; input: WithNeutralTitle }> = [];
    for (const g of good.filter((row) => existing.has(row.input.externalRef!))) {
      const item = await manager.findOneOrFail(spec.entity, { where: { id: existing.get(g.input.externalRef!)!.id } as never, lock: { mode: 'pessimistic_write' } });
      if (item.archivedAt || !spec.editable.includes(item.status)) {
        this.problem(g.row, '外部编号', `matches an existing ${spec.kind} that is ${item.archivedAt ? 'archived' : item.status} and can no longer be changed`);
        continue;
      }
      // Read again over the item as it is now: what its owner changed meanwhile in a column the file leaves out is kept.
      const { input, ok } = this.readRow(sheet, g.row, g.cells, item);
      if (ok && (await this.allowed(manager, sheet, g.row, item, input))) updates.push({ item, input });
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
    }
    if (this.job.publish) await this.noticeSubscribers(manager, fresh.map((g) => g.input.externalRef!));
    for (const { item, input } of updates) await this.service.write(manager, item, input, this.taxonomy);
    await this.audit.record(manager, null, {
      action: `${spec.kind}.import`,
      resourceType: 'catalog_import',
      resourceId: this.job.id,
      organizationId: this.job.organizationId,
      details: { created: fresh.length, updated: updates.length, createdBy: this.job.createdBy, brokerUserId: this.job.brokerUserId },
    });
    return true;
  }
}
