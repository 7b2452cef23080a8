import type { AchievementStage, DemandStage, DemoVisibility } from './types';

/**
 * A topic is one technical problem seen from both sides: the enterprise's demand, in the words of
 * the shop floor (the symptom), and the achievements of labs that address it, in the words of the
 * method. Several demands come out of one topic by varying the product, the figures and what was
 * tried already; the achievements are written one by one.
 */

// Cooperation mode codes, short so the data files stay readable.
export const TRANSFER = 'transfer';
export const LICENSE = 'license';
export const JOINT = 'joint_development';
export const COMMISSIONED = 'commissioned_development';
export const SERVICE = 'technical_service';
export const CONSULTING = 'consulting';
export const EQUITY = 'equity';

/** 万元 range, or 面议. */
export type Amount = readonly [number, number] | 'negotiable';

export interface DemandSpec {
  /** Enterprise keys, used in turn. */
  owners: readonly string[];
  /** One demand per product; `{p}` in titles, problems and indicators. */
  products: readonly string[];
  /** Title templates, used in turn; each names `{p}` so titles stay distinct. */
  titles: readonly string[];
  /** 拟解决的技术难题 in the enterprise's words, used in turn. `{a}`, `{b}`… come from `vals`. */
  problems: readonly string[];
  vals?: Readonly<Record<string, readonly (string | number)[]>>;
  /** What was tried and why it fell short, used in turn. */
  tried: readonly string[];
  indicators: readonly string[];
  /** 现有基础条件, used in turn. */
  basis: readonly string[];
  keywords: readonly string[];
  stage: DemandStage;
  modes: readonly string[];
  budget: Amount;
  /** Closing sentences (what kind of partner and validation is wanted), used in turn; stage defaults otherwise. */
  closers?: readonly string[];
  /** Region overrides per demand (a branch plant or base); the owner's region otherwise. */
  sites?: readonly (string | null)[];
  /** Makes the first demand of the topic a 揭榜挂帅 challenge; `focus` is what the site visit checks. */
  challenge?: { rewardWan: number; focus: string };
}

export interface AchievementSpec {
  owner: string;
  title: string;
  /** Method, key figures, validation: the builder appends a sentence on the stage reached. */
  summary: string;
  innovations: readonly string[];
  scenarios: readonly string[];
  keywords: readonly string[];
  stage: AchievementStage;
  /**
   * Intellectual property, one code each: inv (发明专利), um (实用新型), sw (软件著作权), kh (技术秘密),
   * pv (植物新品种), ic (集成电路布图设计); `inv+` granted, `inv?` applied; `:title` optional.
   */
  ip: readonly string[];
  price: Amount;
  modes: readonly string[];
  /** 2 solves the topic's demands, 1 partly, 0 a near miss that shares their words. */
  fit: 0 | 1 | 2;
  lead?: string;
  chains?: readonly string[];
  visibility?: DemoVisibility;
}

export interface Topic {
  id: string;
  field: string;
  chains: readonly string[];
  demand?: DemandSpec;
  achievements: readonly AchievementSpec[];
}
