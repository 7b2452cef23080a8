import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { checkScope, CONFIDENTIAL_PARTY, GroupLabels, type GroupKeyKind, inRegion, regionGroup, type ReportScope, round, type ScopeEcho, withRegion } from './report-parts';
import { inOneSnapshot } from './statistics-snapshot';

/**
 * What deal statistics can be grouped by; `region` is the buyer's city (where the technology is
 * taken up; its districts in a report narrowed to a city), `broker` the credited 技术经纪人 (技术经纪人业绩).
 */
export const DEAL_GROUPINGS = ['field', 'region', 'event', 'buyer', 'seller', 'broker', 'kind', 'source', 'month'] as const;
export type DealGrouping = (typeof DEAL_GROUPINGS)[number];

/** SQL: the deal's item in `table` is confidential. */
const confidential = (table: 'tech_demands' | 'achievements', id: string): string => `EXISTS (SELECT 1 FROM ${table} i WHERE i.id = ${id} AND i.visibility = 'confidential')`;

const GROUP_KEY: Readonly<Record<Exclude<DealGrouping, 'region'>, string>> = {
  field: 'd.field_code',
  event: 'd.event_id::text',
  // A contract about a party's confidential demand (its buyer's) or achievement (its seller's) counts
  // under 保密单位 (null), so no report names the owner of a confidential item.
  buyer: `CASE WHEN ${confidential('tech_demands', 'd.demand_id')} THEN NULL ELSE d.buyer_organization_id::text END`,
  seller: `CASE WHEN ${confidential('achievements', 'd.achievement_id')} THEN NULL ELSE d.seller_organization_id::text END`,
  broker: 'd.broker_user_id::text',
  kind: 'd.kind',
  source: 'd.source',
  month: "to_char(d.signed_on, 'YYYY-MM')",
};

const LABELS_OF: Readonly<Record<DealGrouping, GroupKeyKind>> = {
  field: 'field', region: 'region', event: 'event', buyer: 'organization', seller: 'organization', broker: 'broker', kind: 'kind', source: 'source', month: 'month',
};

/** What the group of deals without a key is called. */
const UNKEYED: Partial<Readonly<Record<DealGrouping, string>>> = { buyer: CONFIDENTIAL_PARTY, seller: CONFIDENTIAL_PARTY, broker: '未经技术经纪人' };

export interface TurnoverFigures {
  /** Signed or registered contracts whose signing day lies in the period. */
  deals: number;
  /** 成交额 (万元) of those contracts; `registeredWan` of those registered (技术合同登记). */
  turnoverWan: number;
  registeredWan: number;
  /** Of the turnover, what stayed in the province: buyer and seller in the same province (本地转化). */
  localWan: number;
}

export interface DealGroup extends TurnoverFigures {
  key: string | null;
  label: string;
}

export interface DealStatisticsReport extends ScopeEcho {
  totals: TurnoverFigures & { localShare: number | null; intents: number; cancelled: number };
  /** Matches people have acted on so far (whatever the period): ever followed up, met, closed with a deal (their milestones). */
  funnel: { contacted: number; met: number; dealt: number };
  groupBy: DealGrouping;
  groups: DealGroup[];
}

interface Row {
  key: string | null;
  deals: string;
  turnover: string | null;
  registered: string | null;
  local: string | null;
}

const contracts = (scope: ScopeEcho) => `FROM deals d
  JOIN organizations b ON b.id = d.buyer_organization_id
  JOIN organizations s ON s.id = d.seller_organization_id
  WHERE d.stage IN ('signed', 'registered') AND d.signed_on BETWEEN $1 AND $2 ${inRegion('b.region_code', '$3', scope)}`;
const FIGURES = `count(*) AS deals, sum(d.amount_wan) AS turnover,
  sum(d.amount_wan) FILTER (WHERE d.stage = 'registered') AS registered,
  sum(d.amount_wan) FILTER (WHERE left(b.region_code, 2) = left(s.region_code, 2)) AS local`;

/** 技术合同成交额 and how matches turn into deals: what organizers read. Aggregates only, no contract details. */
@Injectable()
export class DealStatistics {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly labels: GroupLabels,
  ) {}

  /** Narrowed to a region, everything counts by the buyer's region: contracts, intents, the funnel's demands. */
  async report(scope: ReportScope, groupBy: DealGrouping): Promise<DealStatisticsReport> {
    const echo = checkScope(scope);
    const params = withRegion([echo.from, echo.to], echo);
    const key = groupBy === 'region' ? regionGroup('b.region_code', echo) : GROUP_KEY[groupBy];
    return inOneSnapshot(this.dataSource, async (manager) => {
      const [total] = await manager.query<Row[]>(`SELECT NULL AS key, ${FIGURES} ${contracts(echo)}`, params);
      const groups = await manager.query<Row[]>(`SELECT ${key} AS key, ${FIGURES} ${contracts(echo)} GROUP BY 1 ORDER BY turnover DESC NULLS LAST, 1`, params);
      const [counts] = await manager.query<Array<{ intents: string; cancelled: string }>>(
        `SELECT count(*) FILTER (WHERE d.stage = 'intent') AS intents, count(*) FILTER (WHERE d.stage = 'cancelled') AS cancelled
         FROM deals d JOIN organizations b ON b.id = d.buyer_organization_id
         WHERE (d.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 ${inRegion('b.region_code', '$3', echo)}`,
        params,
      );
      const [funnel] = await manager.query<Array<{ contacted: string; met: string; dealt: string }>>(
        // By milestones, so a pair dismissed after meeting still counts as met; the partial index reads only pairs someone acted on.
        `SELECT count(*) AS contacted, count(met_at) AS met, count(dealt_at) AS dealt FROM matches m WHERE contacted_at IS NOT NULL
         ${echo.regionPrefix === null ? '' : `AND m.demand_id IN (SELECT t.id FROM tech_demands t JOIN organizations b ON b.id = t.organization_id WHERE b.region_code LIKE $1 || '%')`}`,
        withRegion([], echo),
      );
      const totals = figures(total!);
      return {
        ...echo,
        totals: { ...totals, localShare: totals.turnoverWan > 0 ? round(totals.localWan / totals.turnoverWan, 4) : null, intents: Number(counts!.intents), cancelled: Number(counts!.cancelled) },
        funnel: { contacted: Number(funnel!.contacted), met: Number(funnel!.met), dealt: Number(funnel!.dealt) },
        groupBy,
        groups: await this.labels.groups(manager, LABELS_OF[groupBy], groups, figures, UNKEYED[groupBy]),
      };
    });
  }
}

function figures(row: Row): TurnoverFigures {
  return { deals: Number(row.deals), turnoverWan: round(Number(row.turnover ?? 0)), registeredWan: round(Number(row.registered ?? 0)), localWan: round(Number(row.local ?? 0)) };
}
