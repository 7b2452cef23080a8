import { StatementLexicon } from '@techbridge/text';
import type { MatchableAchievement, MatchableDemand, Side } from '../types';
import type { SectionName } from '../weights';

/** Section names in bit order: a term's sections are stored as one byte. */
export const SECTION_NAMES: readonly SectionName[] = [
  'title',
  'keywords',
  'description',
  'indicators',
  'existingBasis',
  'summary',
  'innovationPoints',
  'applicationScenarios',
];

export const sectionBit = (name: SectionName): number => 1 << SECTION_NAMES.indexOf(name);

export const sectionsOf = (mask: number): SectionName[] => SECTION_NAMES.filter((_, i) => (mask & (1 << i)) !== 0);

export const SECTION_LABELS: Readonly<Record<SectionName, string>> = {
  title: '标题',
  keywords: '关键词',
  description: '问题描述',
  indicators: '技术指标',
  existingBasis: '现有基础',
  summary: '简介',
  innovationPoints: '创新点',
  applicationScenarios: '应用场景',
};

export interface SectionText {
  readonly name: SectionName;
  readonly text: string;
  /** An achievement's stated limitations ("但需调酸…"): what it does not offer, weighed less. */
  readonly limitation?: boolean;
}

/** The texts of an item, by section; keywords are one section, each keyword a phrase. */
export function textSections(side: Side, item: MatchableDemand | MatchableAchievement): SectionText[] {
  const common: SectionText[] = [
    { name: 'title', text: item.title },
    { name: 'keywords', text: item.keywords.join('；') },
  ];
  const specific: SectionText[] = side === 'demand' ? demandSections(item as MatchableDemand) : achievementSections(item as MatchableAchievement);
  return [...common, ...specific].filter((s) => s.text.trim().length > 0);
}

function demandSections(demand: MatchableDemand): SectionText[] {
  return [
    { name: 'description', text: demand.description },
    { name: 'indicators', text: demand.indicators.join('；') },
    { name: 'existingBasis', text: demand.existingBasis ?? '' },
  ];
}

/**
 * An achievement's sections, each split into what it offers and the limitations it states
 * ("但需调酸…", "仍需配套深度处理"): those words are not on offer (weights.statements).
 */
function achievementSections(item: MatchableAchievement): SectionText[] {
  const statements = StatementLexicon.shared();
  const parts: SectionText[] = [];
  for (const [name, text] of [
    ['summary', item.summary],
    ['innovationPoints', item.innovationPoints ?? ''],
    ['applicationScenarios', item.applicationScenarios ?? ''],
  ] as const) {
    const { offer, limits } = statements.limitations(text);
    parts.push({ name, text: offer }, { name, text: limits, limitation: true });
  }
  return parts;
}
