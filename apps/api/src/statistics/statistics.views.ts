import { ApiProperty } from '@nestjs/swagger';
import {
  CATALOG_GROUPINGS,
  type CatalogFigures,
  type CatalogGroup,
  type CatalogStatisticsReport,
  CHALLENGE_GROUPINGS,
  type ChallengeFigures,
  type ChallengeGroup,
  type ChallengeStatisticsReport,
  CONVERSION_GROUPINGS,
  type ConversionFigures,
  type ConversionGroup,
  type ConversionStatisticsReport,
  DEAL_GROUPINGS,
  type DealGroup,
  type DealStatisticsReport,
} from '@techbridge/deals';

/** The period a report covers, and the region it was narrowed to. */
class ScopeView {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: String, description: 'the region prefix asked for (GB/T 2260: 2, 4 or 6 digits); null for everywhere' }) regionPrefix: string | null;
  @ApiProperty({ nullable: true, type: String, example: '辽宁省沈阳市' }) regionName: string | null;
}

class TurnoverView {
  @ApiProperty() deals: number;
  @ApiProperty({ description: '万元' }) turnoverWan: number;
  @ApiProperty() registeredWan: number;
  @ApiProperty({ description: 'buyer and seller in the same province (本地转化)' }) localWan: number;
}

class TotalsView extends TurnoverView {
  @ApiProperty({ nullable: true, type: Number, description: 'localWan / turnoverWan' }) localShare: number | null;
  @ApiProperty({ description: 'intents recorded in the period' }) intents: number;
  @ApiProperty({ description: 'deals recorded in the period that fell through' }) cancelled: number;
}

class FunnelView {
  @ApiProperty() contacted: number;
  @ApiProperty() met: number;
  @ApiProperty() dealt: number;
}

class DealGroupView extends TurnoverView implements DealGroup {
  @ApiProperty({ nullable: true, type: String, description: 'null: contracts about a confidential item of the party grouped by (保密单位; buyer, seller groupings), no credited broker (broker), no 对接会 (event)' }) key: string | null;
  @ApiProperty() label: string;
}

export class DealStatisticsView extends ScopeView implements DealStatisticsReport {
  @ApiProperty({ type: TotalsView }) totals: TotalsView;
  @ApiProperty({ type: FunnelView, description: 'matches people acted on so far, whatever the period: ever followed up, met, closed with a deal (per period and group: /statistics/conversion)' }) funnel: FunnelView;
  @ApiProperty({ enum: DEAL_GROUPINGS }) groupBy: DealStatisticsReport['groupBy'];
  @ApiProperty({ type: [DealGroupView] }) groups: DealGroupView[];
}

class ChallengeFiguresView implements ChallengeFigures {
  @ApiProperty({ description: '揭榜挂帅 challenges published in the period (发榜), those taken down (违规下架) left out' }) challenges: number;
  @ApiProperty({ description: 'their rewards, 万元' }) rewardWan: number;
  @ApiProperty({ description: 'applications to them (揭榜), withdrawn ones left out' }) applications: number;
  @ApiProperty({ description: 'applications awarded (挂帅)' }) awarded: number;
  @ApiProperty({ description: 'challenges with at least one award (揭榜成功)' }) solved: number;
  @ApiProperty({ description: 'contracts signed to carry out the awards, 万元' }) contractWan: number;
  @ApiProperty({ description: 'milestones of the awarded projects (专项工作台账)' }) milestones: number;
  @ApiProperty({ description: 'of them accepted by the owner (验收)' }) milestonesAccepted: number;
  @ApiProperty({ description: 'of them overdue today (in progress past their current due day)' }) milestonesOverdue: number;
  @ApiProperty({ description: 'awarded projects with an overdue milestone' }) projectsOverdue: number;
}

class ChallengeGroupView extends ChallengeFiguresView implements ChallengeGroup {
  @ApiProperty({ nullable: true, type: String, description: 'null: confidential challenges, whose owners are not named (保密单位; owner grouping)' }) key: string | null;
  @ApiProperty() label: string;
}

export class ChallengeStatisticsView extends ScopeView implements ChallengeStatisticsReport {
  @ApiProperty({ type: ChallengeFiguresView }) totals: ChallengeFiguresView;
  @ApiProperty({ enum: CHALLENGE_GROUPINGS }) groupBy: ChallengeStatisticsReport['groupBy'];
  @ApiProperty({ type: [ChallengeGroupView] }) groups: ChallengeGroupView[];
}

class ConversionFiguresView implements ConversionFigures {
  @ApiProperty({ description: 'matches first followed up in the period (已联系 or further, or a meeting asked for at a 对接会)' }) followedUp: number;
  @ApiProperty({ description: 'of them, met since: a held 对接会 meeting, or moved to 已约见' }) met: number;
  @ApiProperty({ description: 'of them, negotiated (洽谈中) since' }) negotiated: number;
  @ApiProperty({ description: 'of them, closed with a deal' }) dealt: number;
  @ApiProperty({ description: 'of them, dismissed since' }) dismissed: number;
  @ApiProperty({ description: 'of them, both organisations in one province (本地转化)' }) local: number;
  @ApiProperty({ nullable: true, type: Number, description: 'met / followedUp' }) meetingRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'dealt / followedUp' }) dealRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'median days from first follow-up to the deal' }) medianDaysToDeal: number | null;
  @ApiProperty({ description: 'contracts signed on these matches, whatever the signing day' }) contracts: number;
  @ApiProperty({ description: 'their 成交额, 万元' }) contractWan: number;
}

class ConversionGroupView extends ConversionFiguresView implements ConversionGroup {
  @ApiProperty({ nullable: true, type: String, description: 'null: pairs never asked to meet at a 对接会 (event grouping); pairs about a confidential item of the party grouped by (保密单位; buyer, seller groupings)' }) key: string | null;
  @ApiProperty() label: string;
}

export class ConversionStatisticsView extends ScopeView implements ConversionStatisticsReport {
  @ApiProperty({ type: ConversionFiguresView }) totals: ConversionFiguresView;
  @ApiProperty({ enum: CONVERSION_GROUPINGS }) groupBy: ConversionStatisticsReport['groupBy'];
  @ApiProperty({ type: [ConversionGroupView] }) groups: ConversionGroupView[];
}

class CatalogFiguresView implements CatalogFigures {
  @ApiProperty({ description: 'demands (last) published in the period, those taken down (违规下架) left out' }) demandsPublished: number;
  @ApiProperty({ description: 'achievements (last) published in the period, those taken down left out' }) achievementsPublished: number;
  @ApiProperty({ description: 'demands open on asOf: published or in negotiation, within their 有效期' }) openDemands: number;
  @ApiProperty({ description: 'achievements open on asOf: published or in negotiation' }) openAchievements: number;
  @ApiProperty({ nullable: true, type: Number, description: 'openAchievements / openDemands (供需比)' }) supplyPerDemand: number | null;
  @ApiProperty({ description: 'open 揭榜挂帅 challenges still taking applications (deadline not past on asOf)' }) openChallenges: number;
  @ApiProperty({ description: 'the budgets open demands state (upper ends), 万元; confidential demands\' budgets are left out' }) openBudgetWan: number;
  @ApiProperty({ description: 'open demands none of whose matches anyone has followed up yet' }) demandsWithoutFollowUp: number;
}

class CatalogGroupView extends CatalogFiguresView implements CatalogGroup {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
}

export class CatalogStatisticsView extends ScopeView implements CatalogStatisticsReport {
  @ApiProperty({ description: 'the day what is open is counted on (today in China)' }) asOf: string;
  @ApiProperty({ type: CatalogFiguresView }) totals: CatalogFiguresView;
  @ApiProperty({ enum: CATALOG_GROUPINGS }) groupBy: CatalogStatisticsReport['groupBy'];
  @ApiProperty({ type: [CatalogGroupView] }) groups: CatalogGroupView[];
}
