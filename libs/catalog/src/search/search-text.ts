import { Segmenter } from '@techbridge/text';

/** Text of an item by weight: A the title, B keywords and classification, C the body. */
export interface WeightedText {
  A: string[];
  B: string[];
  C: string[];
}

const MAX_POSITION = 16_383; // PostgreSQL's limit for tsvector positions
const MAX_LEXEME_BYTES = 2_000;

let segmenter: Segmenter | undefined;
const seg = () => (segmenter ??= Segmenter.domain());

/** A lexeme quoted for tsvector/tsquery input: no parser runs, so Chinese tokens are kept exactly (whatever the database locale). */
export const quoteLexeme = (lexeme: string): string => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

const usable = (token: string) => token.length > 0 && Buffer.byteLength(token) <= MAX_LEXEME_BYTES;

/**
 * Builds a tsvector literal from jieba search-mode tokens (燃气轮机 → 燃气, 轮机, 燃气轮机), each
 * with its position and weight. Built here, not by to_tsvector, because PostgreSQL's parser does
 * not segment Chinese.
 */
export function tsvectorLiteral(text: WeightedText): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const weight of ['A', 'B', 'C'] as const) {
    for (const part of text[weight]) {
      for (const token of seg().terms(part)) {
        if (!usable(token) || position >= MAX_POSITION) continue;
        position++;
        const list = positions.get(token) ?? [];
        if (list.length < 256) list.push(`${position}${weight}`);
        positions.set(token, list);
      }
    }
  }
  return [...positions].map(([lexeme, pos]) => `${quoteLexeme(lexeme)}:${pos.join(',')}`).join(' ');
}

/**
 * A tsquery for a user's search: every word must match. Strict, a word matches whole (cheap: the
 * index holds whole words). Relaxed, a word also matches through all its sub-words, so a word
 * segmented differently in the item's text is still found; relaxed queries read the long posting
 * lists of common sub-words (表面, 材料), so they are the fallback when the strict one finds
 * nothing. Null when the query has no searchable word.
 */
export function tsqueryLiteral(q: string, relaxed: boolean | ReadonlySet<string> = false): string | null {
  const groups: string[] = [];
  for (const word of queryWords(q)) {
    const relax = relaxed === true || (relaxed !== false && relaxed.has(word));
    const parts = relax ? seg().terms(word).filter((t) => t !== word && usable(t)) : [];
    groups.push(parts.length > 1 ? `(${quoteLexeme(word)} | (${parts.map(quoteLexeme).join(' & ')}))` : quoteLexeme(word));
  }
  return groups.length ? groups.join(' & ') : null;
}

/** The searchable words of a query, as the strict query uses them (at most 16). */
export function queryWords(q: string): string[] {
  return [...new Set(seg().queryWords(q))].filter(usable).slice(0, 16);
}
