export { TextAnalyzer, type AnalyzedText } from './analysis/analyzer';
export { SECTION_LABELS } from './analysis/sections';
export { MatchingEngine, type Match, type MatchingEngineOptions, type MatchOptions } from './engine';
export {
  disclosedSides,
  type ExplanationNote,
  type MatchedTerm,
  type MatchExplanation,
  type RegionLevel,
} from './explain/notes';
export { achievementRank, budgetFit, fieldFit, maturityFit, modesFit, regionFit, regionLevel, regionValue, taskFit } from './scoring/components';
export {
  feedbackComponent,
  learnFeedbackPrior,
  type FeedbackEvent,
  type FeedbackOutcome,
  type FeedbackPrior,
} from './scoring/feedback';
export { FieldAffinity } from './scoring/field-affinity';
export type { AchievementFacts, DemandFacts, ItemFacts } from './index/facts';
export { factsOf } from './index/facts';
export {
  COMPONENT_NAMES,
  type ComponentName,
  type MatchableAchievement,
  type MatchableDemand,
  type MoneyRange,
  type ScoreComponents,
  type Side,
} from './types';
export { scoringVersion } from './scoring-version';
export { DEFAULT_WEIGHTS, withWeights, type MatchingWeights, type SectionName, type WeightsPatch } from './weights';
export {
  redactComponents,
  redactExplanation,
  renderExplanation,
  type RenderedExplanation,
  type RenderOptions,
  type Visibility,
} from './explain/render';
