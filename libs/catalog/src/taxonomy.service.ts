import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, NotFoundError, TaxonomyChainRow, TaxonomyFieldRow, ValidationError } from '@techbridge/domain';
import { AuditLog } from '@techbridge/accounts';
import { DataSource } from 'typeorm';
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

  async snapshot(): Promise<TaxonomySnapshot> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.snapshot;
    const [fields, chains] = await Promise.all([
      this.dataSource.getRepository(TaxonomyFieldRow).find({ order: { position: 'ASC' } }),
      this.dataSource.getRepository(TaxonomyChainRow).find({ order: { position: 'ASC' } }),
    ]);
    const snapshot: TaxonomySnapshot = {
      fields: new Map(fields.map((f) => [f.code, { label: f.label, active: f.active }])),
      chains: new Map(chains.map((c) => [c.code, { label: c.label, fieldCode: c.fieldCode, active: c.active }])),
    };
    this.cached = { at: Date.now(), snapshot };
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
