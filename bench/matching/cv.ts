/**
 * Held-out estimate of the fusion design: `node dist/bench/matching/cv.js [setDir] [--distractors N] [--distractors-from DIR,…]`.
 * For 4 and 8 folds across demands, and leave one pack out (a demand id's prefix before "-",
 * P1–P4 on matching-dev: each pack is a different field, the nearest proxy for a hidden set in
 * other fields), picks the best of a small grid of the fusion's choices
 * (how much fit may take, the task penalty, the expansion and feedback query weights, the
 * achievement → demand direction, how much an achievement's stated limitations count) on the
 * other folds and scores it on the held-out one. Unlike tune.ts (coordinate ascent over every
 * weight) this asks: had these choices been made without the held-out demands, what would they
 * score?
 */
import { DEFAULT_WEIGHTS, type MatchingWeights } from '@techbridge/matching';
import { setValue } from './coordinate-ascent';
import { benchSet } from './dataset';
import { Evaluator } from './evaluator';
import type { DemandMetrics } from './metrics';

const GRID: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['components.text', [1.9, 3.8, 7.6]],
  ['components.task', [0, 0.15, 0.3, 0.5]],
  ['text.expansion', [0, 0.2, 0.4]],
  ['text.backward', [0, 0.1, 0.25]],
  ['feedbackQuery.weight', [0, 0.1, 0.2]],
  ['statements.limitation', [0, 0.5, 1]],
];

function main(): void {
  const { set, label } = benchSet();
  const evaluator = new Evaluator(set);
  let combos: Array<{ weights: MatchingWeights; label: string }> = [{ weights: DEFAULT_WEIGHTS, label: '' }];
  for (const [path, values] of GRID) {
    combos = combos.flatMap((c) =>
      values.map((v) => ({ weights: setValue(c.weights, path, v, 'cv'), label: `${c.label}${c.label ? ', ' : ''}${path} ${v}` })),
    );
  }
  const results = combos.map((c) => ({ ...c, metrics: evaluator.evaluate(c.weights) }));
  const ids = set.demands.map((d) => d.id).filter((id) => set.qrels.has(id));
  const mean = (m: ReadonlyMap<string, DemandMetrics>, subset: readonly string[]): number =>
    subset.reduce((s, id) => s + m.get(id)!.ndcg10, 0) / subset.length;
  const out = [`cross-validation of the fusion grid (${combos.length} settings) on ${label}, ${ids.length} demands`, ''];
  const defaults = evaluator.evaluate(DEFAULT_WEIGHTS);
  const packOf = (id: string): string => id.split('-')[0]!;
  const schemes: Array<readonly [string, (id: string, i: number) => string]> = [
    ['4-fold', (_, i) => `${(i % 4) + 1}`],
    ['8-fold', (_, i) => `${(i % 8) + 1}`],
  ];
  if (new Set(ids.map(packOf)).size > 1) schemes.push(['leave-one-pack-out', packOf]);
  for (const [name, foldOf] of schemes) {
    const folds = ids.map(foldOf);
    let sum = 0;
    const chosen: string[] = [];
    for (const f of new Set(folds)) {
      const test = ids.filter((_, i) => folds[i] === f);
      const train = ids.filter((_, i) => folds[i] !== f);
      let best = results[0]!;
      for (const r of results) if (mean(r.metrics, train) > mean(best.metrics, train) + 1e-9) best = r;
      sum += mean(best.metrics, test) * test.length;
      chosen.push(`  fold ${f} (${mean(best.metrics, test).toFixed(3)}, defaults ${mean(defaults, test).toFixed(3)}): ${best.label}`);
    }
    out.push(`${name} held-out nDCG@10: ${(sum / ids.length).toFixed(3)}`, ...chosen, '');
  }
  const ranked = results.map((r) => ({ label: r.label, score: mean(r.metrics, ids) })).sort((a, b) => b.score - a.score);
  out.push(`defaults in-sample: ${mean(defaults, ids).toFixed(3)}`);
  out.push(`best of the grid in-sample: ${ranked[0]!.score.toFixed(3)} (${ranked[0]!.label}); worst ${ranked[ranked.length - 1]!.score.toFixed(3)}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
