import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { InvalidStateError, TechDemand } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { CatalogItems } from './catalog-items';
import { DEMAND_KIND } from './demand-kind';
import type { DemandInput } from './rules/inputs';
import { todayInChina } from './rules/item-rules';
import { EXPIRING_DEMAND } from './rules/lifecycle';
import { TaxonomyService } from './taxonomy.service';

@Injectable()
export class DemandsService extends CatalogItems<TechDemand, DemandInput> {
  constructor(@InjectDataSource() dataSource: DataSource, taxonomy: TaxonomyService, audit: AuditLog) {
    super(DEMAND_KIND, dataSource, taxonomy, audit);
  }

  /** Publishing and resuming alike: a demand past its 有效期 is not listed as open again. */
  protected override assertCurrent(demand: TechDemand, action: string): void {
    if (demand.validUntil <= todayInChina()) {
      throw new InvalidStateError(demand.status, action, 'published', `the demand's validUntil (${demand.validUntil}) has passed: extend it before ${action === 'publish' ? 'publishing' : 'listing it again'}`);
    }
  }

  /**
   * 有效期: open demands (published or in negotiation) whose validity date has passed become
   * expired (run by the worker on a schedule); a negotiation goes on in its match, and the owner
   * extends the date and publishes again to look for partners anew. Lists already show such a
   * demand as expired before this runs. Idempotent: a second run finds nothing left to expire.
   */
  async expireOverdue(today = todayInChina()): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      // For UPDATE … RETURNING, TypeORM answers [rows, affected].
      const [rows]: [Array<{ id: string; organization_id: string }>, number] = await manager.query(
        `UPDATE tech_demands SET status = 'expired', version = version + 1, updated_at = now()
         WHERE status = ANY($2::text[]) AND valid_until < $1 AND archived_at IS NULL
         RETURNING id, organization_id`,
        [today, EXPIRING_DEMAND],
      );
      for (const row of rows) {
        await this.audit.record(manager, null, { action: 'demand.expire', resourceType: 'demand', resourceId: row.id, organizationId: row.organization_id, details: { today } });
      }
      return rows.map((r) => r.id);
    });
  }
}
