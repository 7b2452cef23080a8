import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EXPIRING_DEMAND, todayInChina } from '@techbridge/catalog';
import { DataSource } from 'typeorm';
import { checkScope, type GroupKeyKind, GroupLabels, inRegion, regionGroup, type ReportScope, round, type ScopeEcho, withRegion } from './report-parts';
import { inOneSnapshot } from './statistics-snapshot';

/** What supply-and-demand statistics can be grouped by; `region` is the item's own city (its district, in a report narrowed to a city). */
export const CATALOG_GROUPINGS = ['field', 'region'] as const;
export type CatalogGrouping = (typeof CATALOG_GROUPINGS)[number];

const groupKey = (groupBy: CatalogGrouping, scope: ScopeEcho): { sql: string; labels: GroupKeyKind } =>
  groupBy === 'field' ? { sql: 'field_code', labels: 'field' } : { sql: regionGroup('region_code', scope), labels: 'region' };

export interface CatalogFigures {
  /** Demands and achievements (last) published in the period, those taken down (违规下架) left out. */
  demandsPublished: number;
  achievementsPublished: number;
  /** Open today: demands published or in negotiation within their 有效期, achievements published or in negotiation. */
  openDemands: number;
  openAchievements: number;
  /** Open achievements per open demand (供需比); null without open demands. */
  supplyPerDemand: number | null;
  /** Open 揭榜挂帅 challenges (taking applications: their deadline not past), and the budgets open demands state (their upper ends, 万元; confidential demands' left out). */
  openChallenges: number;
  openBudgetWan: number;
  /** Open demands none of whose matches anyone has followed up yet: where brokers and 对接会 are needed. */
  demandsWithoutFollowUp: number;
}

export interface CatalogGroup extends CatalogFigures {
  key: string;
  label: string;
}

export interface CatalogStatisticsReport extends ScopeEcho {
  /** The day "open" is counted on (today in China). */
  asOf: string;
  totals: CatalogFigures;
  groupBy: CatalogGrouping;
  groups: CatalogGroup[];
}

interface Row {
  key: string | null;
  demands_published: string;
  achievements_published: string;
  open_demands: string;
  open_achievements: string;
  open_challenges: string;
  open_budget: string | null;
  without_follow_up: string;
}

// $1, $2: the period; $3: today; $4: the states in which a demand is open; $5: the region prefix, if any.
// Items the platform took down (违规下架) are neither open nor counted as published: they broke its rules
// when published. Items their owner archived since still count as published in their period.
// A challenge is open to applications up to its deadline (that day included), as 揭榜 itself checks.
// A confidential demand's budget is left out of the sums: in a small group (one field in one district)
// the sum would be that one budget, which organizers may not read.
const items = (scope: ScopeEcho) => `WITH i AS (
    SELECT 'demand' AS kind, t.id, t.field_code, t.region_code, t.published_at, t.takedown_reason,
           t.is_challenge AND (t.challenge_deadline IS NULL OR t.challenge_deadline >= $3::date) AS open_challenge,
           CASE WHEN t.visibility <> 'confidential' THEN coalesce(t.budget_max_wan, t.budget_min_wan) END AS budget,
           t.archived_at IS NULL AND t.status = ANY($4::text[]) AND t.valid_until >= $3::date AS open
    FROM tech_demands t
    UNION ALL
    SELECT 'achievement', a.id, a.field_code, a.region_code, a.published_at, a.takedown_reason, false, NULL, a.archived_at IS NULL AND a.status IN ('published', 'in_negotiation')
    FROM achievements a
  ), x AS (
    SELECT i.*, (i.published_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 AS new
    FROM i WHERE i.published_at IS NOT NULL AND i.takedown_reason IS NULL ${inRegion('i.region_code', '$5', scope)}
  )`;
const FIGURES = `count(*) FILTER (WHERE kind = 'demand' AND new) AS demands_published,
  count(*) FILTER (WHERE kind = 'achievement' AND new) AS achievements_published,
  count(*) FILTER (WHERE kind = 'demand' AND open) AS open_demands,
  count(*) FILTER (WHERE kind = 'achievement' AND open) AS open_achievements,
  count(*) FILTER (WHERE kind = 'demand' AND open AND open_challenge) AS open_challenges,
  sum(budget) FILTER (WHERE kind = 'demand' AND open) AS open_budget,
  count(*) FILTER (WHERE kind = 'demand' AND open AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.demand_id = x.id AND m.contacted_at IS NOT NULL)) AS without_follow_up
  FROM x`;

/**
 * 供需统计: how demand and supply stand in each field or city, for organizers planning 专场 and
 * brokers choosing where to work: what was published in a period, what is open today, how much
 * supply each open demand has, and which open demands nobody has followed up. Aggregates only.
 */
@Injectable()
export class CatalogStatistics {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly labels: GroupLabels,
  ) {}

  async report(scope: ReportScope, groupBy: CatalogGrouping): Promise<CatalogStatisticsReport> {
    const echo = checkScope(scope);
    const asOf = todayInChina();
    const params = withRegion([echo.from, echo.to, asOf, EXPIRING_DEMAND], echo);
    const key = groupKey(groupBy, echo);
    return inOneSnapshot(this.dataSource, async (manager) => {
      const [total] = await manager.query<Row[]>(`${items(echo)} SELECT NULL AS key, ${FIGURES}`, params);
      // Groups with nothing new and nothing open are left out.
      const groups = await manager.query<Array<Row & { key: string }>>(
        `${items(echo)} SELECT ${key.sql} AS key, ${FIGURES} WHERE new OR open GROUP BY 1 ORDER BY open_demands DESC, demands_published DESC, 1`,
        params,
      );
      return { ...echo, asOf, totals: figures(total!), groupBy, groups: await this.labels.groups(manager, key.labels, groups, figures) };
    });
  }
}

function figures(row: Row): CatalogFigures {
  const openDemands = Number(row.open_demands);
  const openAchievements = Number(row.open_achievements);
  return {
    demandsPublished: Number(row.demands_published),
    achievementsPublished: Number(row.achievements_published),
    openDemands,
    openAchievements,
    supplyPerDemand: openDemands ? round(openAchievements / openDemands) : null,
    openChallenges: Number(row.open_challenges),
    openBudgetWan: round(Number(row.open_budget ?? 0)),
    demandsWithoutFollowUp: Number(row.without_follow_up),
  };
}
