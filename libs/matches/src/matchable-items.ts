import type { CatalogKind, CooperationMode, MaturityStage } from '@techbridge/domain';
import type { MatchableAchievement, MatchableDemand, MoneyRange } from '@techbridge/matching';

/** The columns matching reads, as raw rows (bulk loading 100k items through entities is too slow). */
const COMMON = `id, version, title, keywords, field_code, chain_codes, region_code, cooperation_modes, updated_at, status, archived_at, organization_id`;
export const MATCHABLE_COLUMNS: Readonly<Record<CatalogKind, string>> = {
  demand: `${COMMON}, description, indicators, existing_basis, budget_min_wan, budget_max_wan, budget_negotiable, desired_stage, local_preference`,
  achievement: `${COMMON}, summary, innovation_points, application_scenarios, trl, stage, price_min_wan, price_max_wan, price_negotiable`,
};
export const TABLE_OF: Readonly<Record<CatalogKind, 'tech_demands' | 'achievements'>> = { demand: 'tech_demands', achievement: 'achievements' };

/** Only published, unarchived items take part in matching; `alias`: the item's table alias in a join. */
export const matchableSql = (alias?: string): string => {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  return `${col('status')} = 'published' AND ${col('archived_at')} IS NULL`;
};
export const MATCHABLE_SQL = matchableSql();

export interface ItemRow {
  id: string;
  version: number;
  title: string;
  keywords: string[];
  field_code: string;
  chain_codes: string[];
  region_code: string;
  cooperation_modes: CooperationMode[];
  updated_at: Date;
  status: string;
  archived_at: Date | null;
  organization_id: string;
  [column: string]: unknown;
}

export const isMatchable = (row: ItemRow): boolean => row.status === 'published' && row.archived_at === null;

const money = (min: unknown, max: unknown, negotiable: unknown): MoneyRange => ({
  minWan: min === null ? undefined : Number(min),
  maxWan: max === null ? undefined : Number(max),
  negotiable: negotiable === true,
});
const lines = (value: unknown): string => (Array.isArray(value) ? value.join('\n') : '');

function common(row: ItemRow) {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    keywords: row.keywords,
    fieldCode: row.field_code,
    chainCodes: row.chain_codes,
    region: row.region_code,
    cooperationModes: row.cooperation_modes,
    updatedAt: row.updated_at,
    ownerId: row.organization_id,
  };
}

export function toMatchableDemand(row: ItemRow): MatchableDemand {
  return {
    ...common(row),
    description: row.description as string,
    indicators: (row.indicators as string[]) ?? [],
    existingBasis: (row.existing_basis as string | null) ?? undefined,
    budget: money(row.budget_min_wan, row.budget_max_wan, row.budget_negotiable),
    desiredStage: row.desired_stage as MaturityStage,
    localPreference: row.local_preference === true,
  };
}

export function toMatchableAchievement(row: ItemRow): MatchableAchievement {
  return {
    ...common(row),
    summary: row.summary as string,
    innovationPoints: lines(row.innovation_points),
    applicationScenarios: lines(row.application_scenarios),
    trl: row.trl as number,
    stage: row.stage as MaturityStage,
    price: money(row.price_min_wan, row.price_max_wan, row.price_negotiable),
  };
}
