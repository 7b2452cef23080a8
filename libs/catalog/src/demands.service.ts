import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { InvalidStateError, TechDemand } from '@techbridge/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogItems } from './catalog-items';
import { DEMAND_KIND } from './demand-kind';
import type { DemandInput } from './rules/inputs';
import { todayInChina } from './rules/item-rules';
import { TaxonomyService } from './taxonomy.service';

@Injectable()
export class DemandsService extends CatalogItems<TechDemand, DemandInput> {
  constructor(@InjectDataSource() dataSource: DataSource, taxonomy: TaxonomyService, audit: AuditLog) {
    super(DEMAND_KIND, dataSource, taxonomy, audit);
  }

  protected override async assertMayPublish(manager: EntityManager, demand: TechDemand): Promise<void> {
    await super.assertMayPublish(manager, demand);
    if (demand.validUntil <= todayInChina()) {
      throw new InvalidStateError(demand.status, 'publish', 'published', `the demand's validUntil (${demand.validUntil}) has passed: extend it before publishing`);
    }
  }

  /**
   * 有效期: published demands whose validity date has passed become expired (run by the worker on
   * a schedule). Idempotent: a second run finds nothing left to expire.
   */
  async expireOverdue(today = todayInChina()): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      // For UPDATE … RETURNING, TypeORM answers [rows, affected].
      const [rows]: [Array<{ id: string; organization_id: string }>, number] = await manager.query(
        `UPDATE tech_demands SET status = 'expired', version = version + 1, updated_at = now()
         WHERE status = 'published' AND valid_until < $1 AND archived_at IS NULL
         RETURNING id, organization_id`,
        [today],
      );
      for (const row of rows) {
        await this.audit.record(manager, null, { action: 'demand.expire', resourceType: 'demand', resourceId: row.id, organizationId: row.organization_id, details: { today } });
      }
      return rows.map((r) => r.id);
    });
  }
}
