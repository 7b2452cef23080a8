import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { todayInChina } from '@techbridge/catalog';
import { awardedMilestonesSql } from '@techbridge/challenges';
import { DataSource } from 'typeorm';
import { checkScope, CONFIDENTIAL_PARTY, type GroupKeyKind, GroupLabels, inRegion, regionGroup, type ReportScope, round, type ScopeEcho, withRegion } from './report-parts';
import { inOneSnapshot } from './statistics-snapshot';

/** What 揭榜挂帅 statistics can be grouped by; `region` is the challenge owner's city. */
export const CHALLENGE_GROUPINGS = ['field', 'region', 'owner'] as const;
export type ChallengeGrouping = (typeof CHALLENGE_GROUPINGS)[number];

const groupKey = (groupBy: ChallengeGrouping, scope: ScopeEcho): { sql: string; labels: GroupKeyKind } =>
  groupBy === 'field'
    ? { sql: 'c.field_code', labels: 'field' }
    : groupBy === 'owner'
      ? { sql: 'CASE WHEN c.confidential THEN NULL ELSE c.organization_id::text END', labels: 'organization' }
      : { sql: regionGroup('c.region_code', scope), labels: 'region' };

export interface ChallengeFigures {
  /** 揭榜挂帅 challenges published in the period (发榜), and the rewards they offer (万元). */
  challenges: number;
  rewardWan: number;
  /** Applications to them (揭榜), not counting withdrawn ones, and those awarded (挂帅). */
  applications: number;
  awarded: number;
  /** Challenges with at least one awarded application (揭榜成功). */
  solved: number;
  /** Contracts signed to carry out their awards (万元). */
  contractWan: number;
  /** The awarded projects' milestones (专项工作台账): in all, accepted (验收), overdue today; and projects with any overdue. */
  milestones: number;
  milestonesAccepted: number;
  milestonesOverdue: number;
  projectsOverdue: number;
}

export interface ChallengeGroup extends ChallengeFigures {
  /** null: the confidential challenges' owners, together (owner grouping). */
  key: string | null;
  label: string;
}

export interface ChallengeStatisticsReport extends ScopeEcho {
  totals: ChallengeFigures;
  groupBy: ChallengeGrouping;
  groups: ChallengeGroup[];
}

interface Row {
  key: string | null;
  challenges: string;
  reward: string | null;
  applications: string;
  awarded: string;
  solved: string;
  contract: string;
  milestones: string;
  accepted: string;
  overdue: string;
  late_projects: string;
}

/**
 * Challenges published in the period, each with its applications and the contracts carrying out its awards.
 * Those the platform took down (违规下架) broke its rules when published and are not counted; those their
 * owner archived since were published all the same and are.
 */
const perChallenge = (scope: ScopeEcho) => `WITH c AS (
    SELECT t.id, t.field_code, t.organization_id, o.region_code, t.challenge_reward_wan, t.visibility = 'confidential' AS confidential
    FROM tech_demands t JOIN organizations o ON o.id = t.organization_id
    WHERE t.is_challenge AND t.takedown_reason IS NULL AND (t.published_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 ${inRegion('o.region_code', '$4', scope)}
  ), a AS (
    SELECT demand_id, count(*) FILTER (WHERE status <> 'withdrawn') AS applications, count(*) FILTER (WHERE status = 'awarded') AS awarded
    FROM challenge_applications WHERE demand_id IN (SELECT id FROM c) GROUP BY demand_id
  ), d AS (
    SELECT demand_id, sum(amount_wan) AS contract
    FROM deals WHERE source = 'challenge' AND stage IN ('signed', 'registered') AND demand_id IN (SELECT id FROM c) GROUP BY demand_id
  ), p AS (
    SELECT demand_id, count(*) AS milestones, count(*) FILTER (WHERE accepted) AS accepted, count(*) FILTER (WHERE overdue) AS overdue,
           count(DISTINCT application_id) FILTER (WHERE overdue) AS late_projects
    FROM (${awardedMilestonesSql('$3::date')}) m WHERE demand_id IN (SELECT id FROM c) GROUP BY demand_id
  )`;
const FIGURES = `count(*) AS challenges, sum(c.challenge_reward_wan) AS reward,
  coalesce(sum(a.applications), 0) AS applications, coalesce(sum(a.awarded), 0) AS awarded,
  count(*) FILTER (WHERE a.awarded > 0) AS solved, coalesce(sum(d.contract), 0) AS contract,
  coalesce(sum(p.milestones), 0) AS milestones, coalesce(sum(p.accepted), 0) AS accepted, coalesce(sum(p.overdue), 0) AS overdue,
  coalesce(sum(p.late_projects), 0) AS late_projects
  FROM c LEFT JOIN a ON a.demand_id = c.id LEFT JOIN d ON d.demand_id = c.id LEFT JOIN p ON p.demand_id = c.id`;

/** 揭榜挂帅 as organizers report it: 发榜, 揭榜, 挂帅, the contracts that followed and how the projects keep to their plans. Aggregates only. */
@Injectable()
export class ChallengeStatistics {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly labels: GroupLabels,
  ) {}

  async report(scope: ReportScope, groupBy: ChallengeGrouping): Promise<ChallengeStatisticsReport> {
    const echo = checkScope(scope);
    // Overdue is as of today in China, whatever the period.
    const params = withRegion([echo.from, echo.to, todayInChina()], echo);
    const key = groupKey(groupBy, echo);
    return inOneSnapshot(this.dataSource, async (manager) => {
      const [total] = await manager.query<Row[]>(`${perChallenge(echo)} SELECT NULL AS key, ${FIGURES}`, params);
      // Every grouping column is set; only the owner grouping leaves a key out, of confidential challenges:
      // no one reading the report learns who issued one (保密单位).
      const groups = await manager.query<Row[]>(`${perChallenge(echo)} SELECT ${key.sql} AS key, ${FIGURES} GROUP BY 1 ORDER BY challenges DESC, 1`, params);
      return { ...echo, totals: figures(total!), groupBy, groups: await this.labels.groups(manager, key.labels, groups, figures, CONFIDENTIAL_PARTY) };
    });
  }
}

function figures(row: Row): ChallengeFigures {
  return {
    challenges: Number(row.challenges),
    rewardWan: round(Number(row.reward ?? 0)),
    applications: Number(row.applications),
    awarded: Number(row.awarded),
    solved: Number(row.solved),
    contractWan: round(Number(row.contract)),
    milestones: Number(row.milestones),
    milestonesAccepted: Number(row.accepted),
    milestonesOverdue: Number(row.overdue),
    projectsOverdue: Number(row.late_projects),
  };
}
