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
}

/** The texts of an item, by section; keywords are one section, each keyword a phrase. */
export function textSections(side: Side, item: MatchableDemand | MatchableAchievement): SectionText[] {
  const common: SectionText[] = [
    { name: 'title', text: item.title },
    { name: 'keywords', text: item.keywords.join('；') },
  ];
  const specific: SectionText[] =
    side === 'demand'
      ? [
          { name: 'description', text: (item as MatchableDemand).description },
          { name: 'indicators', text: (item as MatchableDemand).indicators.join('；') },
          { name: 'existingBasis', text: (item as MatchableDemand).existingBasis ?? '' },
        ]
      : [
          { name: 'summary', text: (item as MatchableAchievement).summary },
          { name: 'innovationPoints', text: (item as MatchableAchievement).innovationPoints ?? '' },
          { name: 'applicationScenarios', text: (item as MatchableAchievement).applicationScenarios ?? '' },
        ];
  return [...common, ...specific].filter((s) => s.text.trim().length > 0);
}
