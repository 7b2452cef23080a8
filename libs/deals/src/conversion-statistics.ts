import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { checkScope, CONFIDENTIAL_PARTY, type GroupKeyKind, GroupLabels, inRegion, regionGroup, type ReportScope, round, type ScopeEcho, withRegion } from './report-parts';
import { inOneSnapshot } from './statistics-snapshot';

/**
 * What the conversion funnel can be grouped by. `region` is the demand owner's city (where the
 * technology would be taken up, as for deals); `buyer` / `seller` the demand's and the
 * achievement's organisations; `event` each 对接会 where the pair asked to meet; `month` the
 * month it was first followed up.
 */
export const CONVERSION_GROUPINGS = ['field', 'region', 'buyer', 'seller', 'event', 'month'] as const;
export type ConversionGrouping = (typeof CONVERSION_GROUPINGS)[number];

const GROUP_KEY: Readonly<Record<Exclude<ConversionGrouping, 'region'>, { sql: string; labels: GroupKeyKind }>> = {
  field: { sql: 'p.field_code', labels: 'field' },
  // A pair about a party's confidential demand (the buyer's) or achievement (the seller's) counts under
  // 保密单位 (null), so no report names the owner of a confidential item.
  buyer: { sql: 'CASE WHEN p.demand_confidential THEN NULL ELSE p.buyer::text END', labels: 'organization' },
  seller: { sql: 'CASE WHEN p.achievement_confidential THEN NULL ELSE p.seller::text END', labels: 'organization' },
  event: { sql: 'e.id::text', labels: 'event' },
  month: { sql: "to_char(p.followed_up AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')", labels: 'month' },
};

/** What the group of pairs without a key is called. */
const UNKEYED: Partial<Readonly<Record<ConversionGrouping, string>>> = { buyer: CONFIDENTIAL_PARTY, seller: CONFIDENTIAL_PARTY, event: '未经对接会' };

export interface ConversionFigures {
  /** Matches first followed up in the period: moved to 已联系 or further, or asked to meet at a 对接会. */
  followedUp: number;
  /** Of them, those that have since met (a held 对接会 meeting, or moved to 已约见), negotiated, closed with a deal, or been dismissed. */
  met: number;
  negotiated: number;
  dealt: number;
  dismissed: number;
  /** Of them, those whose two organisations are in one province (本地转化). */
  local: number;
  /** met / followedUp and dealt / followedUp (4 decimals); null when nothing was followed up. */
  meetingRate: number | null;
  dealRate: number | null;
  /** Median days from first follow-up to the deal (1 decimal); null without a deal. */
  medianDaysToDeal: number | null;
  /** Contracts signed on those matches (signed or registered, whatever the signing day), and their 成交额 (万元). */
  contracts: number;
  contractWan: number;
}

export interface ConversionGroup extends ConversionFigures {
  key: string | null;
  label: string;
}

export interface ConversionStatisticsReport extends ScopeEcho {
  totals: ConversionFigures;
  groupBy: ConversionGrouping;
  groups: ConversionGroup[];
}

interface Row {
  key: string | null;
  followed_up: string;
  met: string;
  negotiated: string;
  dealt: string;
  dismissed: string;
  local: string;
  median_days: number | null;
  contracts: string;
  contract_wan: string | null;
}

/**
 * The pairs first followed up in the period (the milestone index, a range of China days), each
 * with what became of it and the contracts signed on it; the millions of pairs nobody acted on
 * are never read.
 */
const cohort = (scope: ScopeEcho) => `WITH cohort AS (
    SELECT m.id, m.state, m.contacted_at AS followed_up, m.met_at, m.negotiated_at, m.dealt_at, t.field_code,
           t.organization_id AS buyer, a.organization_id AS seller, bo.region_code AS buyer_region,
           t.visibility = 'confidential' AS demand_confidential, a.visibility = 'confidential' AS achievement_confidential,
           left(bo.region_code, 2) = left(so.region_code, 2) AS local, c.contracts, c.contract_wan
      FROM matches m
      JOIN tech_demands t ON t.id = m.demand_id
      JOIN achievements a ON a.id = m.achievement_id
      JOIN organizations bo ON bo.id = t.organization_id
      JOIN organizations so ON so.id = a.organization_id
      LEFT JOIN LATERAL (
        SELECT count(*) AS contracts, sum(d.amount_wan) AS contract_wan FROM deals d WHERE d.match_id = m.id AND d.stage IN ('signed', 'registered')
      ) c ON true
     WHERE m.contacted_at >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
       AND m.contacted_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
       ${inRegion('bo.region_code', '$3', scope)}
  )`;
/** Each 对接会 where a pair was asked to meet (one row per pair and event, so a group counts a pair once); a pair asked at none is under a null key. */
const BY_EVENT = `cohort p LEFT JOIN (SELECT DISTINCT match_id, event_id AS id FROM meeting_requests WHERE match_id IS NOT NULL) e ON e.match_id = p.id`;
const FIGURES = `count(*) AS followed_up,
  count(*) FILTER (WHERE p.met_at IS NOT NULL) AS met,
  count(*) FILTER (WHERE p.negotiated_at IS NOT NULL) AS negotiated,
  count(*) FILTER (WHERE p.dealt_at IS NOT NULL) AS dealt,
  count(*) FILTER (WHERE p.state = 'dismissed') AS dismissed,
  count(*) FILTER (WHERE p.local) AS local,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p.dealt_at - p.followed_up) / 86400) AS median_days,
  coalesce(sum(p.contracts), 0) AS contracts, sum(p.contract_wan) AS contract_wan`;

/** How matches turn into meetings and deals: the conversion funnel organizers read. Aggregates only. */
@Injectable()
export class ConversionStatistics {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly labels: GroupLabels,
  ) {}

  async report(scope: ReportScope, groupBy: ConversionGrouping): Promise<ConversionStatisticsReport> {
    const echo = checkScope(scope);
    const params = withRegion([echo.from, echo.to], echo);
    const key = groupBy === 'region' ? { sql: regionGroup('p.buyer_region', echo), labels: 'region' as const } : GROUP_KEY[groupBy];
    // A pair asked to meet at two 对接会 counts in both groups, and once in the totals.
    const from = groupBy === 'event' ? BY_EVENT : 'cohort p';
    return inOneSnapshot(this.dataSource, async (manager) => {
      // One statement, so the cohort is gathered once (a CTE read twice is materialised). On a
      // province's million pairs PostgreSQL would JIT-compile it for longer than it runs
      // (bench/statistics: 98 of 170 ms).
      await manager.query('SET LOCAL jit = off');
      const rows = await manager.query<Array<Row & { total: boolean }>>(
        `${cohort(echo)} SELECT true AS total, NULL AS key, ${FIGURES} FROM cohort p
         UNION ALL SELECT false, ${key.sql}, ${FIGURES} FROM ${from} GROUP BY 2
         ORDER BY total DESC, followed_up DESC, key`,
        params,
      );
      const total = rows.find((r) => r.total)!;
      const groups = rows.filter((r) => !r.total);
      return { ...echo, totals: figures(total), groupBy, groups: await this.labels.groups(manager, key.labels, groups, figures, UNKEYED[groupBy]) };
    });
  }
}

function figures(row: Row): ConversionFigures {
  const followedUp = Number(row.followed_up);
  const rate = (n: number) => (followedUp > 0 ? round(n / followedUp, 4) : null);
  const dealt = Number(row.dealt);
  const met = Number(row.met);
  return {
    followedUp,
    met,
    negotiated: Number(row.negotiated),
    dealt,
    dismissed: Number(row.dismissed),
    local: Number(row.local),
    meetingRate: rate(met),
    dealRate: rate(dealt),
    medianDaysToDeal: row.median_days === null ? null : round(Number(row.median_days), 1),
    contracts: Number(row.contracts),
    contractWan: round(Number(row.contract_wan ?? 0)),
  };
}
