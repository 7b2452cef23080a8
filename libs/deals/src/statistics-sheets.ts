import { type ExportFormat, writeSpreadsheet } from '@techbridge/catalog';
import type { CatalogFigures, CatalogStatisticsReport } from './catalog-statistics';
import type { ChallengeFigures, ChallengeStatisticsReport } from './challenge-statistics';
import type { ConversionFigures, ConversionStatisticsReport } from './conversion-statistics';
import type { DealStatisticsReport, TurnoverFigures } from './deal-statistics';
import type { ScopeEcho } from './report-parts';

/** One statistics report as the table an organizer pastes into a 报告: a row per group, then 合计. */
export interface StatisticsTable {
  sheetName: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}

type Cell = string | number;
/** A share as a percentage with two decimals, blank where there is nothing to divide by. */
const percent = (share: number | null): Cell => (share === null ? '' : Math.round(share * 10_000) / 100);
const blankIfNull = (value: number | null): Cell => value ?? '';

const GROUP_TITLES: Readonly<Record<string, string>> = {
  field: '技术领域', region: '地区', event: '对接会', buyer: '需求方 / 受让方', seller: '供给方 / 转让方', broker: '技术经纪人', owner: '发榜单位', kind: '合同类型', source: '来源', month: '月份',
};

function table<F>(report: ScopeEcho & { groupBy: string; totals: F; groups: Array<F & { label: string }> }, sheetName: string, headers: string[], cells: (f: F) => Cell[]): StatisticsTable {
  const scope = `${report.regionName ? `${report.regionName}，` : ''}${report.from} 至 ${report.to}`;
  return {
    sheetName,
    headers: [GROUP_TITLES[report.groupBy] ?? report.groupBy, ...headers],
    rows: [...report.groups.map((g) => [g.label, ...cells(g)]), [`合计（${scope}）`, ...cells(report.totals)]],
  };
}

/** 供需统计 by group; what is open is counted on the report's `asOf` day. */
export function catalogStatisticsTable(report: CatalogStatisticsReport): StatisticsTable {
  return table<CatalogFigures>(report, 'catalog', ['新发布需求', '新发布成果', `在征需求（${report.asOf}）`, '在推成果', '供需比', '在征揭榜挂帅', '在征需求预算(万元)', '尚无对接跟进的需求'], (f) => [
    f.demandsPublished, f.achievementsPublished, f.openDemands, f.openAchievements, blankIfNull(f.supplyPerDemand), f.openChallenges, f.openBudgetWan, f.demandsWithoutFollowUp,
  ]);
}

/** 技术合同成交额 by group; the local share is the total's only (groups show the local amount). */
export function dealStatisticsTable(report: DealStatisticsReport): StatisticsTable {
  return table<TurnoverFigures>(report, 'deals', ['合同数', '成交额(万元)', '已登记(万元)', '本地转化(万元)'], (f) => [f.deals, f.turnoverWan, f.registeredWan, f.localWan]);
}

export function challengeStatisticsTable(report: ChallengeStatisticsReport): StatisticsTable {
  return table<ChallengeFigures>(report, 'challenges', ['发榜数', '榜单金额(万元)', '揭榜申请', '挂帅', '揭榜成功', '签约金额(万元)', '里程碑', '已验收', '逾期里程碑', '逾期项目'], (f) => [
    f.challenges, f.rewardWan, f.applications, f.awarded, f.solved, f.contractWan, f.milestones, f.milestonesAccepted, f.milestonesOverdue, f.projectsOverdue,
  ]);
}

export function conversionStatisticsTable(report: ConversionStatisticsReport): StatisticsTable {
  return table<ConversionFigures>(
    report,
    'conversion',
    ['已对接', '已约见', '已洽谈', '已成交', '已排除', '本地对接', '约见率(%)', '成交率(%)', '成交周期中位数(天)', '签约合同', '签约金额(万元)'],
    (f) => [f.followedUp, f.met, f.negotiated, f.dealt, f.dismissed, f.local, percent(f.meetingRate), percent(f.dealRate), blankIfNull(f.medianDaysToDeal), f.contracts, f.contractWan],
  );
}

export function statisticsSheet(format: ExportFormat, { sheetName, headers, rows }: StatisticsTable): Promise<Buffer> {
  return writeSpreadsheet(format, sheetName, headers, rows);
}
