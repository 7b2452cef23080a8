import { TechDemand } from '@techbridge/domain';
import type { CatalogKindSpec } from './catalog-kind';
import { DEMAND_DEFAULTS, demandColumns } from './io/demand-columns';
import { normalizeAmount } from './rules/amounts';
import type { DemandInput } from './rules/inputs';
import { demandProblems, normalizeExternalRef, validityPassed } from './rules/item-rules';
import { ARCHIVABLE_DEMAND, DEMAND_TRANSITIONS, EDITABLE_DEMAND, EXPIRING_DEMAND, LISTED_DEMAND } from './rules/lifecycle';
import { chainLabel, fieldLabel } from './rules/taxonomy-snapshot';

export const DEMAND_KIND: CatalogKindSpec<TechDemand, DemandInput> = {
  kind: 'demand',
  entity: TechDemand,
  table: 'tech_demands',
  amountColumn: 'budget',
  ownerTypes: ['enterprise', 'university', 'institute'],
  transitions: DEMAND_TRANSITIONS,
  editable: EDITABLE_DEMAND,
  listed: LISTED_DEMAND,
  archivable: ARCHIVABLE_DEMAND,
  problems: (input, taxonomy) => demandProblems(input, taxonomy),
  assign(d, input) {
    const budget = normalizeAmount(input.budget);
    Object.assign(d, {
      externalRef: normalizeExternalRef(input.externalRef),
      title: input.title.trim(),
      description: input.description,
      indicators: input.indicators,
      existingBasis: input.existingBasis ?? null,
      fieldCode: input.fieldCode,
      chainCodes: input.chainCodes,
      keywords: input.keywords,
      budgetMinWan: budget.min,
      budgetMaxWan: budget.max,
      budgetNegotiable: budget.negotiable,
      cooperationModes: input.cooperationModes,
      desiredStage: input.desiredStage,
      regionCode: input.regionCode,
      localPreference: input.localPreference,
      validUntil: input.validUntil,
      visibility: input.visibility,
      isChallenge: !!input.challenge,
      challengeRewardWan: input.challenge?.rewardWan ?? null,
      challengeDeadline: input.challenge?.deadline ?? null,
      challengeEvaluationPlan: input.challenge?.evaluationPlan ?? null,
    });
  },
  toInput: (d) => ({
    externalRef: d.externalRef,
    title: d.title,
    neutralTitle: d.neutralTitle,
    description: d.description,
    indicators: d.indicators,
    existingBasis: d.existingBasis,
    fieldCode: d.fieldCode,
    chainCodes: d.chainCodes,
    keywords: d.keywords,
    budget: { minWan: d.budgetMinWan, maxWan: d.budgetMaxWan, negotiable: d.budgetNegotiable },
    cooperationModes: d.cooperationModes,
    desiredStage: d.desiredStage,
    regionCode: d.regionCode,
    localPreference: d.localPreference,
    validUntil: d.validUntil,
    visibility: d.visibility,
    challenge: d.isChallenge ? { rewardWan: d.challengeRewardWan ?? 0, deadline: d.challengeDeadline ?? '', evaluationPlan: d.challengeEvaluationPlan ?? '' } : null,
  }),
  text: (d, taxonomy) => ({
    A: [d.title],
    B: [...d.keywords, fieldLabel(taxonomy, d.fieldCode), ...d.chainCodes.map((c) => chainLabel(taxonomy, c))],
    C: [d.description, ...d.indicators, d.existingBasis ?? '', d.challengeEvaluationPlan ?? ''],
  }),
  columns: demandColumns,
  defaults: DEMAND_DEFAULTS,
  lapse: { statuses: EXPIRING_DEMAND, dateColumn: 'valid_until', to: 'expired', lapsed: (d, today) => EXPIRING_DEMAND.includes(d.status) && validityPassed(d.validUntil, today) },
  defaultNeutralTitle: (field) => `${field}领域技术需求`,
};
