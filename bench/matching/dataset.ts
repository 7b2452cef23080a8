import {
  type CooperationMode,
  CooperationModes,
  INITIAL_FIELDS,
  type MaturityStage,
  MaturityStages,
} from '@techbridge/domain';
import type { MatchableAchievement, MatchableDemand } from '@techbridge/matching';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { regionCodeOfPlaceName } from './region-lookup';
import { random, SyntheticCatalogue } from './synthetic';

/** Graded relevance: demand id → achievement id → grade (2 solves it, 1 partly). */
export type Qrels = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface LabeledSet {
  readonly demands: readonly MatchableDemand[];
  readonly achievements: readonly MatchableAchievement[];
  readonly qrels: Qrels;
}

interface RawDemand {
  ref: string;
  title: string;
  description: string;
  indicators: string | string[];
  field: string;
  budgetWan: number | null;
  cooperationModes: string[];
  region: string;
  desiredStage: string;
}
interface RawAchievement {
  ref: string;
  title: string;
  summary: string;
  keywords: string[];
  field: string;
  trl: number;
  stage: string;
  cooperationModes: string[];
  region: string;
  priceWan: number | null;
}

/** Every item gets the same date: the set has none, and freshness should not decide ranks. */
const SET_DATE = new Date('2025-01-01T00:00:00Z');

/**
 * Reads a labeled set in the matching-dev layout (demands.jsonl, achievements.jsonl,
 * qrels.tsv) and maps its labels onto the project's codes. The database-backed loader will
 * produce the same LabeledSet, so the metric code does not care where data comes from.
 */
export function loadLabeledSet(dir: string): LabeledSet {
  const jsonl = <T>(file: string): T[] =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => JSON.parse(l) as T);
  const qrels = new Map<string, Map<string, number>>();
  for (const line of readFileSync(join(dir, 'qrels.tsv'), 'utf8').split('\n')) {
    const [demandRef, achievementRef, grade] = line.trim().split('\t');
    if (demandRef === undefined || achievementRef === undefined || grade === undefined) continue;
    const forDemand = qrels.get(demandRef) ?? new Map<string, number>();
    forDemand.set(achievementRef, Number(grade));
    qrels.set(demandRef, forDemand);
  }
  return {
    demands: jsonl<RawDemand>('demands.jsonl').map(toDemand),
    achievements: jsonl<RawAchievement>('achievements.jsonl').map(toAchievement),
    qrels,
  };
}

function fieldCode(label: string): string {
  const field = INITIAL_FIELDS.find((f) => f.label === label);
  if (field === undefined) throw new Error(`unknown field label: ${label}`);
  return field.code;
}

function modes(labels: readonly string[]): CooperationMode[] {
  return labels.map((l) => CooperationModes.fromLabel(l)).filter((m): m is CooperationMode => m !== undefined);
}

const stage = (label: string): MaturityStage | undefined => MaturityStages.fromLabel(label);

function toDemand(raw: RawDemand): MatchableDemand {
  const indicators = Array.isArray(raw.indicators) ? raw.indicators : raw.indicators.split(/[；;]/);
  return {
    id: raw.ref,
    version: 1,
    title: raw.title,
    description: raw.description,
    indicators: indicators.map((i) => i.trim()).filter((i) => i.length > 0),
    keywords: [],
    fieldCode: fieldCode(raw.field),
    chainCodes: [],
    region: regionCodeOfPlaceName(raw.region),
    localPreference: false,
    cooperationModes: modes(raw.cooperationModes),
    budget: raw.budgetWan === null ? { negotiable: true } : { maxWan: raw.budgetWan, negotiable: false },
    desiredStage: stage(raw.desiredStage),
    updatedAt: SET_DATE,
  };
}

function toAchievement(raw: RawAchievement): MatchableAchievement {
  return {
    id: raw.ref,
    version: 1,
    title: raw.title,
    summary: raw.summary,
    keywords: raw.keywords,
    fieldCode: fieldCode(raw.field),
    chainCodes: [],
    region: regionCodeOfPlaceName(raw.region),
    cooperationModes: modes(raw.cooperationModes),
    trl: raw.trl,
    stage: stage(raw.stage),
    price: raw.priceWan === null ? { negotiable: true } : { minWan: raw.priceWan, maxWan: raw.priceWan, negotiable: false },
    updatedAt: SET_DATE,
  };
}

/**
 * The set plus `count` unlabeled synthetic achievements (thesaurus terms of all 20 fields in
 * template sentences; bench/matching/synthetic.ts): irrelevant by construction, and denser in
 * thesaurus terms than real texts, so a stress test for expansion and feedback, not a model of
 * a real catalogue. Deterministic (fixed seed).
 */
export function withDistractors(set: LabeledSet, count: number): LabeledSet {
  if (count <= 0) return set;
  const catalogue = new SyntheticCatalogue(random(7));
  const extra = Array.from({ length: count }, (_, i) => ({ ...catalogue.achievement(i), id: `synthetic-${i}` }));
  return { ...set, achievements: [...set.achievements, ...extra] };
}

/** `--distractors N` on the command line (default 0). */
export function distractorsArgument(argv: readonly string[] = process.argv): number {
  const i = argv.indexOf('--distractors');
  return i < 0 ? 0 : Number(argv[i + 1] ?? 0);
}

/** The first command-line argument that is neither a flag nor a flag's value. */
export function positionalArgument(argv: readonly string[] = process.argv): string | undefined {
  return argv.slice(2).find((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
}
