import { normalizeText } from '../normalize';

/**
 * The thesaurus file format, one entry per line (`#` starts a comment):
 *
 *   固体氧化物燃料电池 = SOFC = 固体氧化物电池     synonyms and abbreviations (all equivalent)
 *   异响, 声音*大 => 轴承故障, 振动监测              a symptom or everyday phrasing implies a
 *                                                  mechanism or technique (directed)
 *   储能 ~ 电池管理                                 related terms (weak, both ways)
 *   质子交换膜 = pem ~ 全氟磺酸膜                    both: a synonym group related to a term
 *
 * `*` (only on the left of `=>`) stands for up to a few characters inside one clause, so
 * "声音*大" matches "声音越来越大". Terms are normalised like any text (SOFC → sofc).
 *
 *   @fields food agriculture                        the entries below belong to these fields
 *
 * Relations from a field's file are that field's knowledge ("快速检测 ~ 食品安全" is food
 * talk); the engine trusts them less in items of unrelated fields. Entries before any
 * `@fields` line are general.
 */
export type EntryKind = 'synonym' | 'implies' | 'related';

export interface ThesaurusEntry {
  readonly kind: EntryKind;
  /** synonym and related: all members; implies: the left side. */
  readonly from: readonly string[];
  /** implies: the right side; empty otherwise. */
  readonly to: readonly string[];
  /** Taxonomy field codes the entry belongs to; empty for general knowledge. */
  readonly fields: readonly string[];
  readonly line: number;
}

export class ThesaurusSyntaxError extends Error {
  constructor(
    readonly lineNumber: number,
    reason: string,
  ) {
    super(`thesaurus line ${lineNumber}: ${reason}`);
  }
}

const list = (side: string, separator: RegExp): string[] =>
  side
    .split(separator)
    .map((term) => normalizeText(term).trim())
    .filter((term) => term.length > 0);

export function parseThesaurus(text: string): ThesaurusEntry[] {
  const entries: ThesaurusEntry[] = [];
  let fields: readonly string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line.length === 0) return;
    const lineNumber = index + 1;
    if (line.startsWith('@fields')) {
      fields = line.slice('@fields'.length).trim().split(/\s+/).filter((f) => f.length > 0);
      return;
    }
    const parsed = parseLine(line, lineNumber).map((e) => ({ ...e, fields }));
    for (const entry of parsed) {
      for (const term of [...entry.from, ...entry.to]) {
        if (term.includes('*') && (entry.kind !== 'implies' || entry.to.includes(term))) {
          throw new ThesaurusSyntaxError(lineNumber, `"*" is only allowed on the left of "=>": ${term}`);
        }
      }
    }
    entries.push(...parsed);
  });
  return entries;
}

type ParsedEntry = Omit<ThesaurusEntry, 'fields'>;

/** One line gives one implies entry, or synonym groups joined by "~" (a = b ~ c = d ~ e). */
function parseLine(line: string, lineNumber: number): ParsedEntry[] {
  if (line.includes('=>')) {
    const [left, right, extra] = line.split('=>');
    const from = list(left ?? '', /[,，、]/);
    const to = list(right ?? '', /[,，、]/);
    if (extra !== undefined || from.length === 0 || to.length === 0) {
      throw new ThesaurusSyntaxError(lineNumber, 'expected "a, b => x, y"');
    }
    return [{ kind: 'implies', from, to, line: lineNumber }];
  }
  if (!line.includes('=') && !line.includes('~')) throw new ThesaurusSyntaxError(lineNumber, 'expected "=", "~" or "=>"');
  const groups = line.split('~').map((segment) => list(segment, /=/));
  if (groups.some((g) => g.length === 0)) throw new ThesaurusSyntaxError(lineNumber, 'empty term');
  const entries: ParsedEntry[] = groups
    .filter((g) => g.length > 1)
    .map((g) => ({ kind: 'synonym' as const, from: g, to: [], line: lineNumber }));
  if (groups.length > 1) entries.push({ kind: 'related', from: groups.map((g) => g[0]!), to: [], line: lineNumber });
  if (entries.length === 0) throw new ThesaurusSyntaxError(lineNumber, 'needs at least two terms');
  return entries;
}
