import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, NotFoundError, TaxonomyChainRow, TaxonomyFieldRow, ValidationError } from '@techbridge/domain';
import { AuditLog } from '@techbridge/accounts';
import { DataSource, type EntityManager } from 'typeorm';
import type { TaxonomySnapshot } from './rules/taxonomy-snapshot';

const CACHE_MS = 30_000;

/** 技术领域 and 产业链 as data. Read often (every validation), changed rarely (admins): cached briefly. */
@Injectable()
export class TaxonomyService {
  private cached?: { at: number; snapshot: TaxonomySnapshot };

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /**
   * `within`: the caller's open transaction, which a cold cache is read through: a second pooled
   * connection per transaction could exhaust the pool while every connection waits for one. What is
   * read there is not cached (a REPEATABLE READ transaction may see the taxonomy as it was before).
   */
  async snapshot(within?: EntityManager): Promise<TaxonomySnapshot> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.snapshot;
    const fieldsOf = (db: EntityManager) => db.find(TaxonomyFieldRow, { order: { position: 'ASC' } });
    const chainsOf = (db: EntityManager) => db.find(TaxonomyChainRow, { order: { position: 'ASC' } });
    // A transaction's queries one after the other, on its one connection.
    const [fields, chains] = within ? [await fieldsOf(within), await chainsOf(within)] : await Promise.all([fieldsOf(this.dataSource.manager), chainsOf(this.dataSource.manager)]);
    const snapshot: TaxonomySnapshot = {
      fields: new Map(fields.map((f) => [f.code, { label: f.label, active: f.active }])),
      chains: new Map(chains.map((c) => [c.code, { label: c.label, fieldCode: c.fieldCode, active: c.active }])),
    };
    if (!within) this.cached = { at: Date.now(), snapshot };
    return snapshot;
  }

  async list(): Promise<{ fields: TaxonomyFieldRow[]; chains: TaxonomyChainRow[] }> {
    const [fields, chains] = await Promise.all([
      this.dataSource.getRepository(TaxonomyFieldRow).find({ order: { position: 'ASC' } }),
      this.dataSource.getRepository(TaxonomyChainRow).find({ order: { position: 'ASC' } }),
    ]);
    return { fields, chains };
  }

  async putField(actor: Actor, code: string, change: { label: string; active?: boolean }): Promise<TaxonomyFieldRow> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(TaxonomyFieldRow, { code });
      const position = existing?.position ?? (await manager.count(TaxonomyFieldRow));
      const row = await manager.save(manager.create(TaxonomyFieldRow, { code, label: change.label, active: change.active ?? true, position }));
      await this.audit.record(manager, actor, { action: existing ? 'taxonomy.update_field' : 'taxonomy.create_field', resourceType: 'taxonomy_field', resourceId: code, details: change });
      this.cached = undefined;
      return row;
    });
  }

  async putChain(actor: Actor, code: string, change: { label: string; fieldCode: string; active?: boolean }): Promise<TaxonomyChainRow> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(TaxonomyFieldRow, { code: change.fieldCode }))) {
        throw ValidationError.of('fieldCode', 'unknown', `fieldCode "${change.fieldCode}" is not a field of the taxonomy`);
      }
      const existing = await manager.findOneBy(TaxonomyChainRow, { code });
      const position = existing?.position ?? (await manager.count(TaxonomyChainRow));
      const row = await manager.save(manager.create(TaxonomyChainRow, { code, label: change.label, fieldCode: change.fieldCode, active: change.active ?? true, position }));
      await this.audit.record(manager, actor, { action: existing ? 'taxonomy.update_chain' : 'taxonomy.create_chain', resourceType: 'taxonomy_chain', resourceId: code, details: change });
      this.cached = undefined;
      return row;
    });
  }

  async field(code: string): Promise<TaxonomyFieldRow> {
    const row = await this.dataSource.getRepository(TaxonomyFieldRow).findOneBy({ code });
    if (!row) throw new NotFoundError('taxonomy_field', code);
    return row;
  }
}
