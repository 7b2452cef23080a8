/**
 * What each part of the engine contributes on a labeled set: `node dist/bench/matching/ablation.js
 * [setDir] [--distractors N] [--distractors-from DIR,…]`. Each row turns one part off (or one alternative on) against the
 * full engine; weights only, same index code, except the row that swaps the segmenter.
 */
import { DEFAULT_WEIGHTS, type WeightsPatch, withWeights } from '@techbridge/matching';
import { Segmenter } from '@techbridge/text';
import { benchSet } from './dataset';
import { Evaluator } from './evaluator';

const NO_FIT: WeightsPatch = { components: { field: 0, maturity: 0, modes: 0, budget: 0, region: 0, freshness: 0, feedback: 0 } };
const TEXT_CORE: WeightsPatch = {
  ...NO_FIT,
  components: { ...NO_FIT.components, task: 0 },
  text: { expansion: 0, backward: 0, ngram: 0 },
  statements: { limitation: 1 },
  feedbackQuery: { weight: 0 },
};

const VARIANTS: ReadonlyArray<readonly [string, WeightsPatch]> = [
  ['engine (defaults)', {}],
  ['− thesaurus expansion query', { text: { expansion: 0 } }],
  ['− task facet (detect vs solve)', { components: { task: 0 } }],
  ['− structured fit (field, maturity, modes, budget, region)', NO_FIT],
  ['− pseudo-relevance feedback', { feedbackQuery: { weight: 0 } }],
  ['− stated limitations at half weight (plain text, as m2.0)', { statements: { limitation: 1 } }],
  ['stated limitations dropped entirely (0)', { statements: { limitation: 0 } }],
  ['− catalogue co-occurrence (retrieval)', { expansion: { cooccurrence: 0 } }],
  ['+ achievement→demand direction (0.25)', { text: { backward: 0.25 } }],
  ['+ character n-grams (0.1)', { text: { ngram: 0.1 } }],
  ['+ title ×2 (BM25F)', { sections: { title: 2 } }],
  ['+ thesaurus at old weight (1.0 × relation)', { text: { expansion: 1 } }],
  ['fit may take 39% of a score instead of 72% (components.text 7.6)', { components: { text: 7.6 } }],
  ['text core only: BM25 of own words, nothing else', TEXT_CORE],
];

function main(): void {
  const { set, label } = benchSet();
  const evaluator = new Evaluator(set);
  const lines = ['| variant | nDCG@10 | recall@20 | MRR |', '| --- | ---: | ---: | ---: |'];
  const row = (name: string, results: ReturnType<Evaluator['evaluate']>): void => {
    const all = [...results.values()];
    const mean = (f: (m: (typeof all)[number]) => number): string => (all.reduce((s, m) => s + f(m), 0) / all.length).toFixed(3);
    lines.push(`| ${name} | ${mean((m) => m.ndcg10)} | ${mean((m) => m.recall20)} | ${mean((m) => m.mrr)} |`);
  };
  for (const [name, patch] of VARIANTS) row(name, evaluator.evaluate(withWeights(DEFAULT_WEIGHTS, name, patch)));
  // The domain dictionary keeps thesaurus terms whole (燃气轮机); the default is jieba's own.
  row('segmenter with the domain dictionary', new Evaluator(set, { segmenter: Segmenter.domain() }).evaluate(DEFAULT_WEIGHTS));
  process.stdout.write(`ablation on ${label}\n\n${lines.join('\n')}\n`);
}

main();
