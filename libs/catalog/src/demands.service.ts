import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { InvalidStateError, TechDemand, ValidationError } from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import { DataSource } from 'typeorm';
import { CatalogItems, type TransitionChanges } from './catalog-items';
import { DEMAND_KIND } from './demand-kind';
import type { DemandInput } from './rules/inputs';
import { expiredNotice, expiringNotice, EXPIRY_NOTICE_DAYS, type LapsingDemand } from './demand-validity';
import { addDays, reopenedDeadlineProblems, todayInChina, validityPassed } from './rules/item-rules';
import { EXPIRING_DEMAND } from './rules/lifecycle';
import { TaxonomyService } from './taxonomy.service';

interface LapsingRow {
  id: string;
  organization_id: string;
  title: string;
  valid_until: string;
}
const LAPSING_COLUMNS = `id, organization_id, title, to_char(valid_until, 'YYYY-MM-DD') AS valid_until`;
const lapsing = (row: LapsingRow): LapsingDemand => ({ id: row.id, organizationId: row.organization_id, title: row.title, validUntil: row.valid_until });

@Injectable()
export class DemandsService extends CatalogItems<TechDemand, DemandInput> {
  constructor(@InjectDataSource() dataSource: DataSource, taxonomy: TaxonomyService, audit: AuditLog) {
    super(DEMAND_KIND, dataSource, taxonomy, audit);
  }

  /**
   * 重新开放揭榜: a challenge whose negotiation came to nothing is resumed with a new deadline in the
   * same step (its content is not edited in negotiation, and one past its deadline is not listed
   * open again), so the owner is never left only to solve or close it.
   */
  protected override changeWith(demand: TechDemand, action: string, changes: TransitionChanges): Record<string, unknown> {
    const { deadline, ...others } = changes;
    super.changeWith(demand, action, others);
    if (deadline === undefined) return {};
    if (action !== 'resume') throw ValidationError.of('deadline', 'notAllowed', `deadline is set with resume only: edit the challenge to change it before ${action}`);
    if (!demand.isChallenge) throw ValidationError.of('deadline', 'notAChallenge', 'deadline is a 揭榜挂帅 challenge’s: this demand is not one');
    ValidationError.throwIfAny(reopenedDeadlineProblems(deadline, demand.validUntil));
    const from = demand.challengeDeadline;
    demand.challengeDeadline = deadline;
    return { deadline: { from, to: deadline } };
  }

  /** Publishing and resuming alike: a demand past its 有效期 is not listed as open again. */
  protected override assertCurrent(demand: TechDemand, action: string): void {
    if (validityPassed(demand.validUntil)) {
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
      const [rows]: [LapsingRow[], number] = await manager.query(
        `UPDATE tech_demands SET status = 'expired', version = version + 1, updated_at = now()
         WHERE status = ANY($2::text[]) AND valid_until < $1 AND archived_at IS NULL
         RETURNING ${LAPSING_COLUMNS}`,
        [today, EXPIRING_DEMAND],
      );
      for (const row of rows) {
        await this.audit.record(manager, null, { action: 'demand.expire', resourceType: 'demand', resourceId: row.id, organizationId: row.organization_id, details: { today } });
      }
      await notify(manager, rows.map((row) => expiredNotice(lapsing(row))));
      return rows.map((r) => r.id);
    });
  }

  /**
   * Tells owners of open demands whose 有效期 ends within EXPIRY_NOTICE_DAYS, once per demand and
   * validity day however often it runs (extending the date may remind again). Returns their ids.
   */
  async remindExpiring(today = todayInChina()): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      // Overlapping runs (a manual one beside the scheduled one) would remind twice.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['techbridge.demand_expiry_reminders']);
      const rows: LapsingRow[] = await manager.query(
        `SELECT ${LAPSING_COLUMNS} FROM tech_demands d
         WHERE status = ANY($3::text[]) AND archived_at IS NULL AND valid_until BETWEEN $1 AND $2
           AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.organization_id = d.organization_id AND n.kind = 'demand.expiring'
                           AND n.subject @> jsonb_build_object('demandId', d.id::text, 'validUntil', to_char(d.valid_until, 'YYYY-MM-DD')))`,
        [today, addDays(today, EXPIRY_NOTICE_DAYS), EXPIRING_DEMAND],
      );
      await notify(manager, rows.map((row) => expiringNotice(lapsing(row))));
      return rows.map((r) => r.id);
    });
  }
}
