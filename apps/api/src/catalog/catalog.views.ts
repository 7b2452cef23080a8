import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CatalogRecord } from '@techbridge/catalog';
import { matchingStatusOf, type MatchingStatus } from '@techbridge/matches';
import { type Achievement, type CatalogImport, type CatalogItem, type IpRight, Regions, type TechDemand } from '@techbridge/domain';

const amount = (min: number | null, max: number | null, negotiable: boolean) => ({ minWan: min, maxWan: max, negotiable });

/**
 * What every caller sees of an item: for a confidential item they may not read, only this
 * (neutral title, classification, region) — the same face as in lists, search and exports.
 */
export class CatalogItemView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'true when only the neutral face of a confidential item is shown' }) redacted: boolean;
  @ApiProperty({ description: 'the title, or the neutral title when redacted' }) title: string;
  @ApiProperty() fieldCode: string;
  @ApiProperty({ type: [String] }) chainCodes: string[];
  @ApiProperty() regionCode: string;
  @ApiProperty({ description: 'e.g. 辽宁省大连市甘井子区' }) regionName: string;
  @ApiProperty() visibility: string;
  @ApiProperty() status: string;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiPropertyOptional() organizationId?: string;
  @ApiPropertyOptional() neutralTitle?: string;
  @ApiPropertyOptional() externalRef?: string | null;
  @ApiPropertyOptional({ type: [String] }) keywords?: string[];
  @ApiPropertyOptional({ type: [String] }) cooperationModes?: string[];
  @ApiPropertyOptional() version?: number;
  @ApiPropertyOptional() updatedAt?: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) archivedAt?: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: '违规下架: why the platform took it down (archived by the platform, not its owner)' }) takedownReason?: string | null;
  @ApiPropertyOptional({ description: 'whether stored matches belong to the current version (pending / ready, or failed with failureReason once matching gave up on it; none when not published)' })
  matching?: MatchingStatus;
}

function face(item: CatalogItem & { status: string }, redacted: boolean): CatalogItemView {
  return {
    id: item.id,
    redacted,
    title: redacted ? item.neutralTitle : item.title,
    fieldCode: item.fieldCode,
    chainCodes: item.chainCodes,
    regionCode: item.regionCode,
    regionName: Regions.get(item.regionCode)?.fullName ?? item.regionCode,
    visibility: item.visibility,
    status: item.status,
    publishedAt: item.publishedAt,
  };
}

/**
 * The full face: built by assignment, not object spread. On Node 20, spreading two objects into a
 * literal costs ~25 µs each (a V8 slow path) and dominated the list endpoints' CPU time.
 */
function fullFace<V extends CatalogItemView>(item: CatalogItem & { status: string }, specific: Omit<V, keyof CatalogItemView>): V {
  const view = face(item, false) as V;
  view.organizationId = item.organizationId;
  view.neutralTitle = item.neutralTitle;
  view.externalRef = item.externalRef;
  view.keywords = item.keywords;
  view.cooperationModes = item.cooperationModes;
  view.version = item.version;
  view.updatedAt = item.updatedAt;
  view.archivedAt = item.archivedAt;
  view.takedownReason = item.takedownReason;
  view.matching = matchingStatusOf(item);
  return Object.assign(view, specific);
}

export class DemandView extends CatalogItemView {
  @ApiPropertyOptional() description?: string;
  @ApiPropertyOptional({ type: [String] }) indicators?: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) existingBasis?: string | null;
  @ApiPropertyOptional() budget?: { minWan: number | null; maxWan: number | null; negotiable: boolean };
  @ApiPropertyOptional() desiredStage?: string;
  @ApiPropertyOptional() localPreference?: boolean;
  @ApiPropertyOptional() validUntil?: string;
  @ApiPropertyOptional({ nullable: true }) challenge?: { rewardWan: number | null; deadline: string | null; evaluationPlan: string | null } | null;

  static from({ item: d, access }: CatalogRecord<TechDemand>): DemandView {
    if (access === 'redacted') return face(d, true);
    return fullFace<DemandView>(d, {
      description: d.description,
      indicators: d.indicators,
      existingBasis: d.existingBasis,
      budget: amount(d.budgetMinWan, d.budgetMaxWan, d.budgetNegotiable),
      desiredStage: d.desiredStage,
      localPreference: d.localPreference,
      validUntil: d.validUntil,
      challenge: d.isChallenge ? { rewardWan: d.challengeRewardWan, deadline: d.challengeDeadline, evaluationPlan: d.challengeEvaluationPlan } : null,
    });
  }
}

export class AchievementView extends CatalogItemView {
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional({ type: [String] }) innovationPoints?: string[];
  @ApiPropertyOptional({ type: [String] }) applicationScenarios?: string[];
  @ApiPropertyOptional() trl?: number;
  @ApiPropertyOptional() stage?: string;
  @ApiPropertyOptional() ipRights?: IpRight[];
  @ApiPropertyOptional() price?: { minWan: number | null; maxWan: number | null; negotiable: boolean };
  @ApiPropertyOptional() teamLead?: string;

  static from({ item: a, access }: CatalogRecord<Achievement>): AchievementView {
    if (access === 'redacted') return face(a, true);
    return fullFace<AchievementView>(a, {
      summary: a.summary,
      innovationPoints: a.innovationPoints,
      applicationScenarios: a.applicationScenarios,
      trl: a.trl,
      stage: a.stage,
      ipRights: a.ipRights,
      price: amount(a.priceMinWan, a.priceMaxWan, a.priceNegotiable),
      teamLead: a.teamLead,
    });
  }
}

export class ImportView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['demand', 'achievement'] }) kind: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ enum: ['queued', 'processing', 'completed', 'rejected', 'failed'], description: 'rejected: some rows are bad and nothing was written' }) status: string;
  @ApiProperty() dryRun: boolean;
  @ApiProperty() totalRows: number;
  @ApiProperty() processedRows: number;
  @ApiProperty() createdCount: number;
  @ApiProperty() updatedCount: number;
  @ApiProperty() errorCount: number;
  @ApiProperty({ description: 'the first 1,000 problems: { row, column, reason }' }) problems: Array<{ row: number; column: string; reason: string }>;
  @ApiProperty({ nullable: true, type: String }) failureReason: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;

  static from(i: CatalogImport): ImportView {
    const { id, kind, fileName, status, dryRun, totalRows, processedRows, createdCount, updatedCount, errorCount, problems, failureReason, createdAt, finishedAt } = i;
    return { id, kind, fileName, status, dryRun, totalRows, processedRows, createdCount, updatedCount, errorCount, problems, failureReason, createdAt, finishedAt };
  }
}

class ViewDay {
  @ApiProperty({ example: '2026-12-07' }) day: string;
  @ApiProperty() organizations: number;
}

/** 浏览量: what an item's owner learns of the interest in it (ItemViewStats). */
export class ItemViewStatsView {
  @ApiProperty({ description: 'other organisations that read the item, ever (anonymous visitors are not counted)' }) organizations: number;
  @ApiProperty({ description: 'of them, those that read it in the last 30 days' }) organizationsRecently: number;
  @ApiProperty({ description: 'people who keep it bookmarked (收藏)' }) bookmarks: number;
  @ApiProperty({ type: [ViewDay], description: 'each of the last 30 days with any view, oldest first' }) days: ViewDay[];
}
