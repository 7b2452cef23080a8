import { Achievement } from '@techbridge/domain';
import type { CatalogKindSpec } from './catalog-kind';
import { ACHIEVEMENT_DEFAULTS, achievementColumns } from './io/achievement-columns';
import { normalizeAmount } from './rules/amounts';
import type { AchievementInput } from './rules/inputs';
import { achievementProblems, normalizeExternalRef } from './rules/item-rules';
import { ACHIEVEMENT_TRANSITIONS, ARCHIVABLE_ACHIEVEMENT, EDITABLE_ACHIEVEMENT, LISTED_ACHIEVEMENT } from './rules/lifecycle';
import { chainLabel, fieldLabel } from './rules/taxonomy-snapshot';

export const ACHIEVEMENT_KIND: CatalogKindSpec<Achievement, AchievementInput> = {
  kind: 'achievement',
  entity: Achievement,
  table: 'achievements',
  amountColumn: 'price',
  ownerTypes: ['university', 'institute', 'enterprise'],
  transitions: ACHIEVEMENT_TRANSITIONS,
  editable: EDITABLE_ACHIEVEMENT,
  listed: LISTED_ACHIEVEMENT,
  archivable: ARCHIVABLE_ACHIEVEMENT,
  problems: (input, taxonomy) => achievementProblems(input, taxonomy),
  assign(a, input) {
    const price = normalizeAmount(input.price);
    Object.assign(a, {
      externalRef: normalizeExternalRef(input.externalRef),
      title: input.title.trim(),
      summary: input.summary,
      innovationPoints: input.innovationPoints,
      applicationScenarios: input.applicationScenarios,
      fieldCode: input.fieldCode,
      chainCodes: input.chainCodes,
      keywords: input.keywords,
      trl: input.trl,
      stage: input.stage,
      ipRights: input.ipRights.map((r) => ({ kind: r.kind, number: r.number?.trim().toUpperCase() || null, status: r.status, title: r.title ?? null })),
      cooperationModes: input.cooperationModes,
      priceMinWan: price.min,
      priceMaxWan: price.max,
      priceNegotiable: price.negotiable,
      teamLead: input.teamLead.trim(),
      regionCode: input.regionCode,
      visibility: input.visibility,
    });
  },
  toInput: (a) => ({
    externalRef: a.externalRef,
    title: a.title,
    neutralTitle: a.neutralTitle,
    summary: a.summary,
    innovationPoints: a.innovationPoints,
    applicationScenarios: a.applicationScenarios,
    fieldCode: a.fieldCode,
    chainCodes: a.chainCodes,
    keywords: a.keywords,
    trl: a.trl,
    stage: a.stage,
    ipRights: a.ipRights,
    cooperationModes: a.cooperationModes,
    price: { minWan: a.priceMinWan, maxWan: a.priceMaxWan, negotiable: a.priceNegotiable },
    teamLead: a.teamLead,
    regionCode: a.regionCode,
    visibility: a.visibility,
  }),
  text: (a, taxonomy) => ({
    A: [a.title],
    B: [...a.keywords, fieldLabel(taxonomy, a.fieldCode), ...a.chainCodes.map((c) => chainLabel(taxonomy, c))],
    C: [a.summary, ...a.innovationPoints, ...a.applicationScenarios, a.teamLead, ...a.ipRights.map((r) => r.title ?? '')],
  }),
  columns: achievementColumns,
  defaults: ACHIEVEMENT_DEFAULTS,
  defaultNeutralTitle: (field) => `${field}领域科技成果`,
};
