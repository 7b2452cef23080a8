import {
  type CooperationMode,
  type MaturityStage,
  MaturityStages,
  maturityRank,
  TRL_BY_STAGE,
} from '@techbridge/domain';
import { tasksConflict, tasksOf } from '@techbridge/text';
import type { ExplanationNote, RegionLevel } from '../explain/notes';
import type { AchievementFacts, DemandFacts } from '../index/facts';
import type { MoneyRange } from '../types';
import type { FieldAffinity } from './field-affinity';

/** A component's value in [0, 1] and the facts or gaps that explain it. */
export interface ComponentResult {
  readonly value: number;
  readonly notes: readonly ExplanationNote[];
}

/** Value used when a side gives no information: neither reward nor punish. */
const UNKNOWN = 0.5;

/**
 * Task agreement: 0 when one side only finds problems (检测, 监测, 诊断, 预警) and the other only
 * solves them (修复, 制备, 设计, 治理, 控制), 1 otherwise, including when either side's task is
 * unknown or mixed. A conflict is a gap worth telling: "需求要检测，成果是修补技术".
 */
export function taskFit(d: DemandFacts, a: AchievementFacts): ComponentResult {
  if (!tasksConflict(d.tasks, a.tasks)) return { value: 1, notes: [] };
  return { value: 0, notes: [{ kind: 'task', demandTasks: tasksOf(d.tasks), achievementTasks: tasksOf(a.tasks) }] };
}

export function fieldFit(d: DemandFacts, a: AchievementFacts, affinity: FieldAffinity): ComponentResult {
  const same = d.fieldCode === a.fieldCode;
  const adjacency = same ? 1 : affinity.between(d.fieldCode, a.fieldCode);
  const notes: ExplanationNote[] = [
    {
      kind: 'field',
      relation: same ? 'same' : adjacency > 0 ? 'adjacent' : 'different',
      demandField: d.fieldCode,
      achievementField: a.fieldCode,
    },
  ];
  if (d.chainCodes.length === 0 || a.chainCodes.length === 0) return { value: adjacency, notes };
  const shared = d.chainCodes.filter((c) => a.chainCodes.includes(c));
  if (shared.length > 0) notes.push({ kind: 'chains', shared });
  return { value: 0.6 * adjacency + 0.4 * (shared.length > 0 ? 1 : 0), notes };
}

/** The achievement's maturity as a stage rank, from its stage or, failing that, its TRL. */
export function achievementRank(a: Pick<AchievementFacts, 'stage' | 'trl'>): number | undefined {
  if (a.stage !== undefined) return maturityRank(a.stage);
  if (a.trl === undefined) return undefined;
  let rank: number | undefined;
  MaturityStages.codes.forEach((stage: MaturityStage, i) => {
    const [low, high] = TRL_BY_STAGE[stage];
    if (a.trl! >= low && a.trl! <= high) rank = i;
  });
  return rank;
}

/** Each stage the achievement falls short of what the enterprise needs costs 35%. */
export function maturityFit(d: DemandFacts, a: AchievementFacts): ComponentResult {
  const rank = achievementRank(a);
  if (d.desiredStage === undefined || rank === undefined) return { value: UNKNOWN, notes: [] };
  const gap = maturityRank(d.desiredStage) - rank;
  const fits = gap <= 0;
  return {
    value: fits ? 1 : Math.max(0, 1 - 0.35 * gap),
    notes: [{ kind: 'maturity', fits, needed: d.desiredStage, stage: a.stage, trl: a.trl }],
  };
}

const low = (m: MoneyRange): number | undefined => m.minWan ?? m.maxWan;
const high = (m: MoneyRange): number | undefined => m.maxWan ?? m.minWan;

/** Price within budget fits; above it, the fit is budget / price (softened if either is 面议). */
export function budgetFit(d: DemandFacts, a: AchievementFacts): ComponentResult {
  const budget = high(d.budget);
  const price = low(a.price);
  if (budget === undefined || price === undefined) return { value: UNKNOWN, notes: [] };
  const fits = price <= budget;
  const ratio = fits || price <= 0 ? 1 : budget / price;
  const value = d.budget.negotiable || a.price.negotiable ? 0.4 + 0.6 * ratio : ratio;
  return { value, notes: [{ kind: 'budget', fits, budget: d.budget, price: a.price }] };
}

/** Modes close enough that a deal in one is often struck as the other. */
const NEAR_MODES: ReadonlyArray<readonly [CooperationMode, CooperationMode]> = [
  ['transfer', 'license'],
  ['joint_development', 'commissioned_development'],
  ['technical_service', 'consulting'],
  ['technical_service', 'commissioned_development'],
  ['transfer', 'equity'],
];
const modeAffinity = (x: CooperationMode, y: CooperationMode): number =>
  x === y ? 1 : NEAR_MODES.some(([p, q]) => (p === x && q === y) || (p === y && q === x)) ? 0.5 : 0;

/** One shared mode is enough to talk; more shared modes make a deal easier. */
export function modesFit(d: DemandFacts, a: AchievementFacts): ComponentResult {
  if (d.modes.length === 0 || a.modes.length === 0) return { value: UNKNOWN, notes: [] };
  const shared = d.modes.filter((m) => a.modes.includes(m));
  const best = Math.max(...d.modes.flatMap((m) => a.modes.map((o) => modeAffinity(m, o))));
  return {
    value: 0.8 * best + 0.2 * (shared.length / d.modes.length),
    notes: [{ kind: 'modes', shared, wanted: d.modes, offered: a.modes }],
  };
}

export function regionLevel(demandRegion: string, achievementRegion: string): RegionLevel {
  if (!/^\d{6}$/.test(demandRegion) || !/^\d{6}$/.test(achievementRegion)) return 'unknown';
  if (demandRegion.slice(0, 4) === achievementRegion.slice(0, 4)) return 'city';
  if (demandRegion.slice(0, 2) === achievementRegion.slice(0, 2)) return 'province';
  return 'elsewhere';
}

/** Local transfer (本地转化) is a policy goal; a demand asking for it makes distance count more. */
export function regionValue(level: RegionLevel, localPreference: boolean): number {
  const table: Record<RegionLevel, number> = localPreference
    ? { city: 1, province: 0.5, elsewhere: 0, unknown: 0.3 }
    : { city: 1, province: 0.7, elsewhere: 0.4, unknown: 0.5 };
  return table[level];
}

export function regionFit(d: DemandFacts, a: AchievementFacts): ComponentResult {
  const level = regionLevel(d.region, a.region);
  return {
    value: regionValue(level, d.localPreference),
    notes: [
      { kind: 'region', level, demandRegion: d.region, achievementRegion: a.region, localPreference: d.localPreference },
    ],
  };
}

/** Half-life decay on each side's last update; the pair is as fresh as the mean of the two. */
export function freshness(d: DemandFacts, a: AchievementFacts, nowMs: number, halfLifeDays: number): number {
  const decay = (updatedAtMs: number): number => {
    const ageDays = Math.max(0, (nowMs - updatedAtMs) / 86_400_000);
    return Math.pow(0.5, ageDays / halfLifeDays);
  };
  return (decay(d.updatedAtMs) + decay(a.updatedAtMs)) / 2;
}
