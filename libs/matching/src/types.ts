import type { CooperationMode, MaturityStage } from '@techbridge/domain';

/** An amount in 万元: a range, a single figure (min = max), or only 面议 (negotiable, no figures). */
export interface MoneyRange {
  readonly minWan?: number;
  readonly maxWan?: number;
  readonly negotiable: boolean;
}

export type Side = 'demand' | 'achievement';

interface MatchableItem {
  readonly id: string;
  /** Entity version; recorded on every match so stale scores can be recognised. */
  readonly version: number;
  readonly title: string;
  readonly keywords: readonly string[];
  /** Taxonomy field code (INITIAL_FIELDS), e.g. 'equipment'. */
  readonly fieldCode: string;
  /** Taxonomy chain codes (INITIAL_CHAINS). */
  readonly chainCodes: readonly string[];
  /** GB/T 2260 code, 6 digits (province = first 2, city = first 4); '' when unknown. */
  readonly region: string;
  readonly cooperationModes: readonly CooperationMode[];
  readonly updatedAt: Date;
  /** The owning organisation: its own items are never its matches (no transfer within one party). */
  readonly ownerId?: string;
}

/** A technology demand (技术需求) as the matching engine sees it; the catalogue maps onto this. */
export interface MatchableDemand extends MatchableItem {
  readonly description: string;
  readonly indicators: readonly string[];
  readonly existingBasis?: string;
  readonly budget: MoneyRange;
  /** The maturity the enterprise needs (小试 … 产业化). */
  readonly desiredStage?: MaturityStage;
  /** The enterprise prefers a partner in its own city or province (本地转化). */
  readonly localPreference: boolean;
}

/** A research achievement (科技成果) as the matching engine sees it. */
export interface MatchableAchievement extends MatchableItem {
  readonly summary: string;
  readonly innovationPoints?: string;
  readonly applicationScenarios?: string;
  /** Technology readiness level, GB/T 22900, 1–9. */
  readonly trl?: number;
  readonly stage?: MaturityStage;
  readonly price: MoneyRange;
}

export type MatchableItemOf<S extends Side> = S extends 'demand' ? MatchableDemand : MatchableAchievement;

/**
 * Every component is in [0, 1]. Text relevance gates; structured fit and task agreement scale
 * it: score = 100 × (1 − exp(−raw text × fit × task factor / saturation)), see PairScorer.
 */
export interface ScoreComponents {
  /** Text relevance, both directions, thesaurus-expanded, plus character n-gram overlap. */
  readonly text: number;
  /** 1 unless one side only detects (检测, 监测, 预警) and the other only solves (修复, 制备 …): 0. */
  readonly task: number;
  /** Same or adjacent field, shared industry chain. */
  readonly field: number;
  /** The stage the enterprise needs vs the achievement's stage and TRL. */
  readonly maturity: number;
  readonly modes: number;
  readonly budget: number;
  /** Same city > same province > elsewhere; sharper when the demand prefers local partners. */
  readonly region: number;
  readonly freshness: number;
  /** Learned from past feedback; 0.5 is neutral. */
  readonly feedback: number;
}

export type ComponentName = keyof ScoreComponents;
export const COMPONENT_NAMES: readonly ComponentName[] = [
  'text',
  'task',
  'field',
  'maturity',
  'modes',
  'budget',
  'region',
  'freshness',
  'feedback',
];
