import type { CooperationMode, MaturityStage } from '@techbridge/domain';
import { TaskLexicon, type TaskMask } from '@techbridge/text';
import type { MatchableAchievement, MatchableDemand, MoneyRange, Side } from '../types';

/** The structured fields of an item, without its text: what the scorer needs besides terms. */
interface CommonFacts {
  readonly id: string;
  readonly version: number;
  readonly fieldCode: string;
  readonly chainCodes: readonly string[];
  readonly region: string;
  readonly modes: readonly CooperationMode[];
  readonly updatedAtMs: number;
  readonly ownerId?: string;
  /** What the item sets out to do (detect, repair, make …), from its title or goal sentences. */
  readonly tasks: TaskMask;
}
export interface DemandFacts extends CommonFacts {
  readonly side: 'demand';
  readonly budget: MoneyRange;
  readonly desiredStage?: MaturityStage;
  readonly localPreference: boolean;
}
export interface AchievementFacts extends CommonFacts {
  readonly side: 'achievement';
  readonly price: MoneyRange;
  readonly stage?: MaturityStage;
  readonly trl?: number;
}
export type ItemFacts = DemandFacts | AchievementFacts;

export function factsOf(side: Side, item: MatchableDemand | MatchableAchievement): ItemFacts {
  const common: CommonFacts = {
    id: item.id,
    version: item.version,
    fieldCode: item.fieldCode,
    chainCodes: [...item.chainCodes],
    region: item.region,
    modes: [...item.cooperationModes],
    updatedAtMs: item.updatedAt.getTime(),
    ownerId: item.ownerId,
    tasks: itemTasks(side, item),
  };
  if (side === 'demand') {
    const d = item as MatchableDemand;
    return { ...common, side, budget: { ...d.budget }, desiredStage: d.desiredStage, localPreference: d.localPreference };
  }
  const a = item as MatchableAchievement;
  return { ...common, side, price: { ...a.price }, stage: a.stage, trl: a.trl };
}

/** A demand's task from its title, else its goal sentences; an achievement's from its title. */
function itemTasks(side: Side, item: MatchableDemand | MatchableAchievement): TaskMask {
  const lexicon = TaskLexicon.shared();
  return side === 'demand' ? lexicon.demandTasks(item.title, (item as MatchableDemand).description) : lexicon.achievementTasks(item.title);
}
