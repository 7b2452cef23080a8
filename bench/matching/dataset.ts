import { type CooperationMode, CooperationModes, type MaturityStage, MaturityStages } from '@techbridge/domain';
import type { MatchableAchievement, MatchableDemand } from '@techbridge/matching';
import { splitList, splitParagraphs } from '@techbridge/text';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveFieldLabels } from './field-labels';
import { regionCodeOfPlaceName } from './region-lookup';
import { random } from '../support/seeded-random';
import { SyntheticCatalogue } from './synthetic';

/** Graded relevance: demand id → achievement id → grade (2 solves it, 1 partly). */
export type Qrels = ReadonlyMap<string, ReadonlyMap<string, number>>;

export interface LabeledSet {
  readonly demands: readonly MatchableDemand[];
  readonly achievements: readonly MatchableAchievement[];
  readonly qrels: Qrels;
}

/** A set's row as written: matching-dev's layout, read tolerantly (a set written elsewhere varies). */
type Raw = Record<string, unknown>;

/** Every item gets the same date: the set has none, and freshness should not decide ranks. */
const SET_DATE = new Date('2025-01-01T00:00:00Z');

/**
 * Reads a labeled set in the matching-dev layout (demands.jsonl, achievements.jsonl,
 * qrels.tsv) and maps its labels onto the project's codes. The database-backed loader will
 * produce the same LabeledSet, so the metric code does not care where data comes from.
 * Field labels outside the taxonomy are resolved (field-labels.ts) and reported on stderr.
 */
export function loadLabeledSet(dir: string): LabeledSet {
  const rawDemands = jsonl(join(dir, 'demands.jsonl'));
  const rawAchievements = jsonl(join(dir, 'achievements.jsonl'));
  const fields = resolveFieldLabels([
    ...rawDemands.map((d) => ({ field: text(d.field), text: `${text(d.title)}。${text(d.description)}` })),
    ...rawAchievements.map((a) => ({ field: text(a.field), text: `${text(a.title)}。${text(a.summary)}` })),
  ]);
  for (const [label, { code, how }] of fields) if (how !== 'label') process.stderr.write(`field label "${label}" → ${code} (by ${how})\n`);
  const fieldCode = (label: unknown): string => fields.get(text(label))!.code;
  return {
    demands: rawDemands.map((raw) => toDemand(raw, fieldCode(raw.field))),
    achievements: rawAchievements.map((raw) => toAchievement(raw, fieldCode(raw.field))),
    qrels: readQrels(join(dir, 'qrels.tsv')),
  };
}

const lines = (file: string): string[] => readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);

function jsonl(file: string): Raw[] {
  return lines(file).flatMap((line, i) => {
    if (line.trim().length === 0) return [];
    try {
      return [JSON.parse(line) as Raw];
    } catch (e) {
      throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`, { cause: e });
    }
  });
}

/** demand, achievement, grade per line (tabs or spaces); a header or a non-numeric grade is skipped. */
function readQrels(file: string): Qrels {
  const qrels = new Map<string, Map<string, number>>();
  for (const line of lines(file)) {
    const [demandRef, achievementRef, grade] = line.trim().split(/\t|\s+/);
    const g = Number(grade);
    if (demandRef === undefined || achievementRef === undefined || grade === undefined || !Number.isFinite(g)) continue;
    const forDemand = qrels.get(demandRef) ?? new Map<string, number>();
    forDemand.set(achievementRef, g);
    qrels.set(demandRef, forDemand);
  }
  return qrels;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A list written as an array or as one string ("a；b、c"), read like a spreadsheet cell. */
const list = (v: unknown, split = splitList): string[] => (Array.isArray(v) ? v.map(text).filter(Boolean) : split(text(v)));

/** 万元; null, "面议" or anything not a number means negotiable. */
function wan(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : Number.parseFloat(text(v));
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const MODE_WORDS: readonly [string, CooperationMode][] = [
  ['入股', 'equity'], ['许可', 'license'], ['转让', 'transfer'], ['委托', 'commissioned_development'],
  ['合作', 'joint_development'], ['联合', 'joint_development'], ['咨询', 'consulting'], ['服务', 'technical_service'],
];

function modes(v: unknown): CooperationMode[] {
  const found = list(v).map((l) => CooperationModes.fromLabel(l) ?? MODE_WORDS.find(([w]) => l.includes(w))?.[1]);
  return [...new Set(found.filter((m): m is CooperationMode => m !== undefined))];
}

/** A stage label, or the stage a looser wording names ("已产业化", "中试阶段", "量产"). */
const STAGE_WORDS: readonly [string, MaturityStage][] = [
  ['产业化', 'commercial'], ['量产', 'commercial'], ['推广', 'commercial'], ['工业化', 'industrial'], ['示范', 'industrial'],
  ['中试', 'pilot'], ['小试', 'pilot_small'], ['实验室', 'laboratory'], ['研发', 'laboratory'],
];

function stage(v: unknown): MaturityStage | undefined {
  const l = text(v);
  return MaturityStages.fromLabel(l) ?? STAGE_WORDS.find(([w]) => l.includes(w))?.[1];
}

function toDemand(raw: Raw, fieldCode: string): MatchableDemand {
  const budget = wan(raw.budgetWan);
  return {
    id: text(raw.ref),
    version: 1,
    title: text(raw.title),
    description: text(raw.description),
    indicators: list(raw.indicators, splitParagraphs),
    keywords: list(raw.keywords),
    fieldCode,
    chainCodes: [],
    region: regionCodeOfPlaceName(text(raw.region)),
    localPreference: false,
    cooperationModes: modes(raw.cooperationModes),
    budget: budget === undefined ? { negotiable: true } : { maxWan: budget, negotiable: false },
    desiredStage: stage(raw.desiredStage),
    updatedAt: SET_DATE,
  };
}

function toAchievement(raw: Raw, fieldCode: string): MatchableAchievement {
  const price = wan(raw.priceWan);
  const trl = Number(raw.trl);
  return {
    id: text(raw.ref),
    version: 1,
    title: text(raw.title),
    summary: text(raw.summary),
    keywords: list(raw.keywords),
    fieldCode,
    chainCodes: [],
    region: regionCodeOfPlaceName(text(raw.region)),
    cooperationModes: modes(raw.cooperationModes),
    trl: Number.isInteger(trl) && trl >= 1 && trl <= 9 ? trl : undefined,
    stage: stage(raw.stage),
    price: price === undefined ? { negotiable: true } : { minWan: price, maxWan: price, negotiable: false },
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
  const extra = Array.from({ length: count }, (_, i) => inSetShape({ ...catalogue.achievement(i), id: `synthetic-${i}` }));
  return { ...set, achievements: [...set.achievements, ...extra] };
}

/**
 * A labeled set's achievements have a title, a summary and keywords only; the BM25 baseline reads
 * exactly those. A distractor's innovation points and scenarios go into its summary, so the
 * baseline and the engine read the same text (before 2026-12-06 only the engine read them).
 */
function inSetShape(a: MatchableAchievement): MatchableAchievement {
  const { innovationPoints, applicationScenarios, ...rest } = a;
  return { ...rest, summary: [a.summary, innovationPoints, applicationScenarios].filter((t) => t !== undefined && t !== '').join('') };
}

/**
 * The set plus the achievements of other labeled sets as unlabeled distractors: real texts in
 * the same style (unlike the synthetic ones), judged irrelevant to every demand of this set. Ids
 * already in the set are prefixed so nothing collides.
 */
export function withAchievementsOf(set: LabeledSet, others: readonly LabeledSet[]): LabeledSet {
  const taken = new Set(set.achievements.map((a) => a.id));
  const extra = others.flatMap((o) => o.achievements).map((a) => (taken.has(a.id) ? { ...a, id: `other-${a.id}` } : a));
  return { ...set, achievements: [...set.achievements, ...extra] };
}

/**
 * The set the matching benchmarks run on, from the command line: the first positional argument
 * (default `../shared/benchmarks/matching-dev`), plus `--distractors N` synthetic achievements and
 * `--distractors-from DIR[,DIR…]` the achievements of other labeled sets. `label` says what it is,
 * `distractors` whether any were added.
 */
export function benchSet(argv: readonly string[] = process.argv): { set: LabeledSet; dir: string; label: string; distractors: boolean } {
  const dir = setDirArgument(argv);
  const synthetic = distractorsArgument(argv);
  const from = (flagValue(argv, '--distractors-from') ?? '').split(',').filter((d) => d.length > 0).map((d) => resolve(d));
  let set = withDistractors(loadLabeledSet(dir), synthetic);
  if (from.length > 0) set = withAchievementsOf(set, from.map(loadLabeledSet));
  const extras = [
    ...(synthetic > 0 ? [`${synthetic} synthetic distractors`] : []),
    ...(from.length > 0 ? [`the achievements of ${from.join(', ')} as distractors`] : []),
  ];
  return { set, dir, label: [dir, ...extras].join(' + '), distractors: extras.length > 0 };
}

/** The labeled set the benchmarks read unless a directory is given. */
export const devSetDir = (): string => resolve(process.cwd(), '../shared/benchmarks/matching-dev');

/** The set's directory: the first positional argument, else matching-dev. */
export function setDirArgument(argv: readonly string[] = process.argv): string {
  return resolve(positionalArgument(argv) ?? devSetDir());
}

/** The value after `name` on the command line, if the flag is there. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
}

/** `--distractors N` on the command line (default 0). */
export function distractorsArgument(argv: readonly string[] = process.argv): number {
  return Number(flagValue(argv, '--distractors') ?? 0);
}

/** The first command-line argument that is neither a flag nor a flag's value. */
export function positionalArgument(argv: readonly string[] = process.argv): string | undefined {
  return argv.slice(2).find((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
}
