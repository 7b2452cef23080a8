import type { MatchableAchievement, MatchableDemand } from '@techbridge/matching';
import { normalizeText, Segmenter } from '@techbridge/text';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rankings } from './metrics';

const K1 = 1.2;
const B = 0.75;

export const demandText = (d: MatchableDemand): string => [d.title, d.description, ...d.indicators].join('\n');
export const achievementText = (a: MatchableAchievement): string => [a.title, a.summary, a.keywords.join(' ')].join('\n');

const STOP_WORDS = new Set(
  readFileSync(join(__dirname, 'baseline-stopwords.txt'), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .flatMap((l) => l.trim().split(/\s+/))
    .filter((w) => w.length > 0),
);

/** Search-mode tokens with letters or digits, stop words removed: nothing else. */
const tokens = (segmenter: Segmenter, text: string): string[] =>
  segmenter.searchTokens(normalizeText(text)).filter((t) => /[\p{L}\p{N}]/u.test(t) && !STOP_WORDS.has(t));

/**
 * The reference point: plain BM25 (k1 1.2, b 0.75) over jieba search-mode tokens of title +
 * text, stop words removed, jieba's own dictionary, no fields, no synonyms. It scores every
 * pair, which is fine for a 160-item benchmark and is exactly what the engine must not do.
 */
export function rankWithBm25(demands: readonly MatchableDemand[], achievements: readonly MatchableAchievement[]): Rankings {
  const segmenter = Segmenter.plain();
  const docs = achievements.map((a) => {
    const tf = new Map<string, number>();
    const terms = tokens(segmenter, achievementText(a));
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { id: a.id, tf, length: terms.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const avg = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, n);
  const idf = (t: string): number => {
    const f = df.get(t) ?? 0;
    return Math.log(1 + (n - f + 0.5) / (f + 0.5));
  };
  const rankings = new Map<string, string[]>();
  for (const demand of demands) {
    // Each query term counts once, as in common BM25 implementations (and the set's reference).
    const query = new Set(tokens(segmenter, demandText(demand)));
    const scored = docs.map((doc) => {
      let score = 0;
      for (const t of query) {
        const f = doc.tf.get(t);
        if (f === undefined) continue;
        score += (idf(t) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * doc.length) / avg));
      }
      return { id: doc.id, score };
    });
    scored.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
    rankings.set(demand.id, scored.map((s) => s.id));
  }
  return rankings;
}
