/**
 * What each part of the engine contributes on a labeled set: `node dist/bench/matching/ablation.js
 * [setDir]`. Each row turns one part off (weights only; same index code), against the full engine.
 */
import { DEFAULT_WEIGHTS, type WeightsPatch, withWeights } from '@techbridge/matching';
import { resolve } from 'node:path';
import { loadLabeledSet } from './dataset';
import { Evaluator } from './evaluator';

const NO_FIT: WeightsPatch = { components: { field: 0, maturity: 0, modes: 0, budget: 0, region: 0, freshness: 0, feedback: 0 } };
const NO_THESAURUS: WeightsPatch = { expansion: { synonym: 0, implies: 0, reverse: 0, related: 0 } };

const VARIANTS: ReadonlyArray<readonly [string, WeightsPatch]> = [
  ['engine (defaults)', {}],
  ['− thesaurus expansion', NO_THESAURUS],
  ['− structured fit (field, maturity, modes, budget, region)', NO_FIT],
  ['− achievement→demand direction', { text: { backward: 0 } }],
  ['− character n-grams', { text: { ngram: 0 } }],
  ['− catalogue co-occurrence', { expansion: { cooccurrence: 0 } }],
  ['text only: one direction, no thesaurus, no fit', { ...NO_FIT, ...NO_THESAURUS, text: { backward: 0, ngram: 0 } }],
];

function main(): void {
  const dir = resolve(process.argv[2] ?? resolve(process.cwd(), '../shared/benchmarks/matching-dev'));
  const set = loadLabeledSet(dir);
  const evaluator = new Evaluator(set);
  const lines = ['| variant | nDCG@10 | recall@20 | MRR |', '| --- | ---: | ---: | ---: |'];
  for (const [name, patch] of VARIANTS) {
    const results = [...evaluator.evaluate(withWeights(DEFAULT_WEIGHTS, name, patch)).values()];
    const mean = (f: (m: (typeof results)[number]) => number): string => (results.reduce((s, m) => s + f(m), 0) / results.length).toFixed(3);
    lines.push(`| ${name} | ${mean((m) => m.ndcg10)} | ${mean((m) => m.recall20)} | ${mean((m) => m.mrr)} |`);
  }
  process.stdout.write(`ablation on ${dir}\n\n${lines.join('\n')}\n`);
}

main();
