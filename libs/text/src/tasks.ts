import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEXT_DATA_DIR } from './data-files';
import { normalizeText } from './normalize';

/**
 * What a technical text sets out to do. `detect` finds problems (检测, 监测, 诊断, 预警);
 * the others solve them (修复, 制备, 设计, 治理, 控制). The distinction that matters for
 * matching is the first one: a demand for fast detection is not answered by a fast repair
 * method about the same part, however many words the two share.
 */
export type TaskKind = 'detect' | 'repair' | 'make' | 'design' | 'treat' | 'control';
export const TASK_KINDS: readonly TaskKind[] = ['detect', 'repair', 'make', 'design', 'treat', 'control'];

/** A set of tasks as a bit mask (bit i = TASK_KINDS[i]); 0 means nothing was recognised. */
export type TaskMask = number;

export const taskBit = (kind: TaskKind): TaskMask => 1 << TASK_KINDS.indexOf(kind);
const DETECT = taskBit('detect');

export const tasksOf = (mask: TaskMask): TaskKind[] => TASK_KINDS.filter((_, i) => (mask & (1 << i)) !== 0);

/**
 * True when one side only finds problems and the other only solves them (or the reverse).
 * Unknown (0) or mixed sets ("在线监测与智能注剂") never conflict: absence of evidence is not
 * a disagreement.
 */
export function tasksConflict(a: TaskMask, b: TaskMask): boolean {
  if (a === 0 || b === 0) return false;
  const detectOnly = (m: TaskMask): boolean => m === DETECT;
  const solveOnly = (m: TaskMask): boolean => (m & DETECT) === 0;
  return (detectOnly(a) && solveOnly(b)) || (solveOnly(a) && detectOnly(b));
}

/** Joins two named things or operations in a title; "、" is left out, it mostly lists objects. */
const COORDINATION = /与|及|和|\+/;
const SENTENCE_END = /[。！？!?;；\n]/;
const CLAUSE_END = /[。！？!?;；，,、：:）)\s\n]/;

/** What marks a task word as a symptom (tasks.txt "@false" and "@frequent"). */
export interface SymptomMarkers {
  readonly falsePrefixes: readonly string[];
  readonly frequencySuffixes: readonly string[];
}
const NO_SYMPTOM_MARKERS: SymptomMarkers = { falsePrefixes: [], frequencySuffixes: [] };
/** "基于…的" opens a title with the method, not the task ("基于在机测量的尺寸补偿技术" compensates). */
const METHOD_PREFIX = /^基于[^，。；]{1,40}?的/;

/**
 * The task lexicon (data/tasks.txt): operation verbs by kind, found by longest match so a
 * compound can overrule the short word inside it (模型预测控制 is control, not prediction), and
 * the goal markers (希望, 拟解决 …) after which a demand says what it wants.
 */
export class TaskLexicon {
  private static sharedInstance: TaskLexicon | undefined;
  private readonly words = new Map<string, TaskMask>();
  private readonly goals: string[] = [];
  private readonly falsePrefixes: ReadonlySet<string>;
  private readonly frequencySuffixes: readonly string[];
  private readonly longest: number;

  constructor(words: ReadonlyMap<string, TaskMask>, goalMarkers: readonly string[], symptoms: SymptomMarkers = NO_SYMPTOM_MARKERS) {
    for (const [word, mask] of words) this.words.set(normalizeText(word), mask);
    this.goals = goalMarkers.map(normalizeText);
    this.falsePrefixes = new Set(symptoms.falsePrefixes.map(normalizeText));
    this.frequencySuffixes = symptoms.frequencySuffixes.map(normalizeText);
    this.longest = Math.max(1, ...[...this.words.keys()].map((w) => w.length));
  }

  static shared(): TaskLexicon {
    TaskLexicon.sharedInstance ??= TaskLexicon.parse(readFileSync(join(TEXT_DATA_DIR, 'tasks.txt'), 'utf8'));
    return TaskLexicon.sharedInstance;
  }

  /**
   * Lines "@kind word word …"; "@goal" lists goal markers; "@false" and "@frequent" the marks of
   * a task word naming a symptom (see `tasksIn`); "#" starts a comment.
   */
  static parse(text: string): TaskLexicon {
    const words = new Map<string, TaskMask>();
    const goals: string[] = [];
    const symptoms = { falsePrefixes: [] as string[], frequencySuffixes: [] as string[] };
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/#.*$/, '').trim();
      if (line.length === 0) continue;
      const [head, ...terms] = line.split(/\s+/);
      const kind = head?.startsWith('@') ? head.slice(1) : undefined;
      if (kind === 'goal') goals.push(...terms);
      else if (kind === 'false') symptoms.falsePrefixes.push(...terms);
      else if (kind === 'frequent') symptoms.frequencySuffixes.push(...terms);
      else if (kind !== undefined && (TASK_KINDS as readonly string[]).includes(kind)) {
        for (const term of terms) words.set(term, (words.get(term) ?? 0) | taskBit(kind as TaskKind));
      } else throw new Error(`tasks: expected "@kind word …", got: ${line}`);
    }
    return new TaskLexicon(words, goals, symptoms);
  }

  /**
   * Every task named in the text (longest match, left to right), except task words that name a
   * symptom rather than an operation: a false or missed one ("假报警", "误报警") or one that
   * keeps happening ("返修不断", "报警频繁" at a clause end). A demand titled "波形乱跳、假报警多"
   * complains about alarms; it does not ask for detection.
   */
  tasksIn(text: string): TaskMask {
    const t = normalizeText(text);
    let mask = 0;
    for (let i = 0; i < t.length; ) {
      let matched = 0;
      for (let len = Math.min(this.longest, t.length - i); len > 1; len--) {
        const found = this.words.get(t.slice(i, i + len));
        if (found !== undefined) {
          if (!this.namesSymptom(t, i, i + len)) mask |= found;
          matched = len;
          break;
        }
      }
      i += matched > 0 ? matched : 1;
    }
    return mask;
  }

  private namesSymptom(text: string, start: number, end: number): boolean {
    if (start > 0 && this.falsePrefixes.has(text[start - 1]!)) return true;
    return this.frequencySuffixes.some((s) => text.startsWith(s, end) && CLAUSE_END.test(text.charAt(end + s.length) || '。'));
  }

  /** An achievement's task: what its title says it does, the "基于…的" method part left out. */
  titleTasks(title: string): TaskMask {
    return this.tasksIn(normalizeText(title).trim().replace(METHOD_PREFIX, ''));
  }

  /**
   * An achievement's task from its title, where "detects" must be the whole story: a title that
   * joins a detection to a part naming no known task ("价态在线监测与电化学再平衡技术", "变形在线监测
   * 与装夹力自适应释放工装") may well solve too, so it counts as unknown, never as detection only.
   */
  achievementTasks(title: string): TaskMask {
    const text = normalizeText(title).trim().replace(METHOD_PREFIX, '');
    const mask = this.tasksIn(text);
    if (mask === DETECT && text.split(COORDINATION).some((part) => this.tasksIn(part) === 0)) return 0;
    return mask;
  }

  /**
   * A demand's task: what its title asks for; when the title only states the problem
   * ("回差变大"), what its goal sentences ask for (from a goal marker to the sentence end),
   * not the background and the methods already tried that come before.
   */
  demandTasks(title: string, description: string): TaskMask {
    const fromTitle = this.titleTasks(title);
    if (fromTitle !== 0) return fromTitle;
    return this.tasksIn(this.goalText(description));
  }

  /** The goal parts of a text: each sentence's rest from its first goal marker on. */
  goalText(text: string): string {
    const parts: string[] = [];
    for (const sentence of normalizeText(text).split(SENTENCE_END)) {
      let at = -1;
      for (const marker of this.goals) {
        const i = sentence.indexOf(marker);
        if (i >= 0 && (at < 0 || i < at)) at = i;
      }
      if (at >= 0) parts.push(sentence.slice(at));
    }
    return parts.join('。');
  }
}
