import { type CooperationMode, CooperationModes, INITIAL_CHAINS, INITIAL_FIELDS, type MaturityStage, MaturityStages } from '@techbridge/domain';
import type { RelationKind, TaskKind } from '@techbridge/text';
import { SECTION_LABELS } from '../analysis/sections';
import type { MoneyRange, Side } from '../types';
import type { SectionName } from '../weights';
import { regionValue } from '../scoring/components';
import { disclosedSides, type ExplanationNote, type MatchedTerm, type MatchExplanation } from './notes';

/** Whose hidden details the viewer may read (the owner, an approved counterpart, …). */
export interface Visibility {
  readonly demand: boolean;
  readonly achievement: boolean;
}

export interface RenderOptions {
  readonly visibility: Visibility;
  /** Labels for taxonomy codes; defaults to the initial taxonomy. */
  readonly fieldLabel?: (code: string) => string;
  readonly chainLabel?: (code: string) => string;
  /** Names for GB/T 2260 codes ("大连市"); without it, regions are described, not named. */
  readonly regionName?: (code: string) => string | undefined;
  readonly maxTerms?: number;
}

export interface RenderedExplanation {
  /** What matched: terms and the facts that fit. */
  readonly matched: readonly string[];
  /** Gaps a person should know about ("需要中试，成果处于实验室阶段"). */
  readonly gaps: readonly string[];
  /** Everything in one paragraph. */
  readonly text: string;
}

/**
 * The explanation without anything the viewer may not read: the stored form stays complete. A
 * note that carries a hidden detail beside public facts keeps the public part (the region note
 * without the demand's local preference); one always present, so its absence tells nothing.
 */
export function redactExplanation(explanation: MatchExplanation, visibility: Visibility): MatchExplanation {
  const allowed = (sides: readonly Side[]): boolean => sides.every((side) => visibility[side]);
  return {
    terms: explanation.terms.filter((t) => allowed(disclosedSides(t))),
    notes: explanation.notes.flatMap((n) => (allowed(disclosedSides(n)) ? [n] : n.kind === 'region' ? [{ ...n, localPreference: false }] : [])),
  };
}

/** What a viewer may read of a score's parts: without a side's hidden details, only field and region. */
export function redactComponents(components: Readonly<Record<string, number>>, explanation: MatchExplanation, visibility: Visibility): Record<string, number> {
  // The feedback part is learnt from both sides' verdicts: shown, it would tell one side what the other said of the pair.
  if (visibility.demand && visibility.achievement) return Object.fromEntries(Object.entries(components).filter(([name]) => !PRIVATE_COMPONENTS.has(name)));
  const visible = Object.fromEntries(Object.entries(components).filter(([name]) => PUBLIC_COMPONENTS.has(name)));
  const region = explanation.notes.find((n) => n.kind === 'region');
  // The demand's local preference changes the region part; unseen, it reads as without one.
  if (!visibility.demand && region?.localPreference && 'region' in visible) visible.region = regionValue(region.level, false);
  return visible;
}
const PUBLIC_COMPONENTS = new Set(['field', 'region']);
const PRIVATE_COMPONENTS = new Set(['feedback']);

/** Chinese sentences a person can read, after redaction for the viewer. */
export function renderExplanation(explanation: MatchExplanation, options: RenderOptions): RenderedExplanation {
  const visible = redactExplanation(explanation, options.visibility);
  const labels = {
    field: options.fieldLabel ?? defaultFieldLabel,
    chain: options.chainLabel ?? defaultChainLabel,
    region: options.regionName ?? ((): undefined => undefined),
  };
  const matched: string[] = [];
  const gaps: string[] = [];
  const terms = visible.terms.slice(0, options.maxTerms ?? 5);
  const same = terms.filter((t) => t.relation === 'same');
  if (same.length > 0) matched.push(`共同技术要点：${same.map((t) => `「${t.demandTerm}」${where(t)}`).join('、')}`);
  for (const t of terms) if (t.relation !== 'same') matched.push(linkSentence(t));
  for (const note of visible.notes) {
    const sentence = noteSentence(note, labels);
    if (sentence !== undefined) (sentence.gap ? gaps : matched).push(sentence.text);
  }
  return { matched, gaps, text: [...matched, ...gaps.map((g) => `差距：${g}`)].join('；') };
}

const RELATION_WORDS: Readonly<Record<Exclude<RelationKind, 'synonym'>, string>> = {
  implies: '问题与对应的技术',
  impliedBy: '问题与对应的技术',
  related: '相关技术',
};

function linkSentence(t: MatchedTerm): string {
  if (t.relation === 'synonym') return `需求中的「${t.demandTerm}」即成果中的「${t.achievementTerm}」（同义或缩写）`;
  return `需求中的「${t.demandTerm}」对应成果中的「${t.achievementTerm}」（${RELATION_WORDS[t.relation as Exclude<RelationKind, 'synonym'>]}）`;
}

/** Where a term stands on each side: its most prominent section (title before keywords …). */
function where(t: MatchedTerm): string {
  const first = (sections: readonly SectionName[]): string | undefined => sections[0] && SECTION_LABELS[sections[0]];
  const d = first(t.demandSections);
  const a = first(t.achievementSections);
  return d === undefined || a === undefined ? '' : `（需求${d}，成果${a}）`;
}

interface Labels {
  field(code: string): string;
  chain(code: string): string;
  region(code: string): string | undefined;
}

function noteSentence(note: ExplanationNote, labels: Labels): { text: string; gap: boolean } | undefined {
  switch (note.kind) {
    case 'field':
      if (note.relation === 'same') return { text: `同属${labels.field(note.demandField)}领域`, gap: false };
      if (note.relation === 'adjacent') {
        return { text: `领域相近（需求属${labels.field(note.demandField)}，成果属${labels.field(note.achievementField)}）`, gap: false };
      }
      return { text: `领域不同（需求属${labels.field(note.demandField)}，成果属${labels.field(note.achievementField)}）`, gap: true };
    case 'chains':
      return { text: `同在产业链：${note.shared.map(labels.chain).join('、')}`, gap: false };
    case 'task':
      return { text: `需求要${taskWords(note.demandTasks)}，成果是${taskWords(note.achievementTasks)}技术`, gap: true };
    case 'region': {
      const name = labels.region(note.achievementRegion);
      if (note.level === 'city') return { text: name ? `双方同在${name}，利于本地转化` : '双方同城，利于本地转化', gap: false };
      if (note.level === 'province') return { text: name ? `双方同省（成果方在${name}）` : '双方同省', gap: false };
      if (note.level === 'elsewhere' && note.localPreference) return { text: '需求方希望本地转化，成果方不在本省', gap: true };
      return undefined;
    }
    case 'maturity': {
      const needed = MaturityStages.label(note.needed);
      const has = stageText(note.stage, note.trl);
      if (note.fits) return { text: `成果${has}，满足${needed}要求`, gap: false };
      return { text: `需要${needed}，成果${has}`, gap: true };
    }
    case 'budget':
      if (note.fits) return { text: `报价${money(note.price)}在预算${money(note.budget)}以内`, gap: false };
      return { text: `预算${money(note.budget)}，报价${money(note.price)}`, gap: true };
    case 'modes': {
      const list = (modes: readonly CooperationMode[]): string => modes.map((m) => CooperationModes.label(m)).join('、');
      if (note.shared.length > 0) return { text: `合作方式一致：${list(note.shared)}`, gap: false };
      return { text: `合作方式不一致：需求希望${list(note.wanted)}，成果提供${list(note.offered)}`, gap: true };
    }
  }
}

const TASK_WORDS: Readonly<Record<TaskKind, string>> = {
  detect: '检测监测',
  repair: '修复',
  make: '制备加工',
  design: '设计优化',
  treat: '治理处理',
  control: '控制改进',
};
const taskWords = (kinds: readonly TaskKind[]): string => kinds.map((k) => TASK_WORDS[k]).join('、');

function stageText(stage: MaturityStage | undefined, trl: number | undefined): string {
  const name = stage === undefined ? undefined : MaturityStages.label(stage);
  if (name !== undefined && trl !== undefined) return `处于${name}阶段（TRL ${trl}）`;
  if (name !== undefined) return `处于${name}阶段`;
  return trl !== undefined ? `技术成熟度为 TRL ${trl}` : '成熟度未知';
}

function money(m: MoneyRange): string {
  const { minWan, maxWan } = m;
  if (minWan !== undefined && maxWan !== undefined && minWan !== maxWan) return ` ${minWan}–${maxWan} 万元`;
  const value = maxWan ?? minWan;
  return value === undefined ? '面议' : ` ${value} 万元`;
}

const defaultFieldLabel = (code: string): string => INITIAL_FIELDS.find((f) => f.code === code)?.label ?? code;
const defaultChainLabel = (code: string): string => INITIAL_CHAINS.find((c) => c.code === code)?.label ?? code;
