/**
 * Fits the engine's weights on a labeled set: `npm run bench:matching:tune -- [setDir]
 * [--folds 4] [--feedback events.jsonl]`, or on a database's own catalogue and stored feedback:
 * `npm run bench:matching:tune -- --database postgres://…` (events.jsonl comes from
 * `npm run bench:matching:export-feedback`). Coordinate ascent over a few global numbers,
 * cross-validated across demands (fit on the other folds, measure on the held-out one), then
 * fitted on everything; prints the new weights and nDCG@10 / recall@20 before and after.
 * Stored feedback (match outcomes) can add judgments: deal or negotiating → 2, meeting or
 * contacted → 1, dismissed → 0.
 */
import { DEFAULT_WEIGHTS, type FeedbackEvent, type MatchingWeights } from '@techbridge/matching';
import { readFileSync } from 'node:fs';
import { coordinateAscent, PARAMETERS, valueAt } from './coordinate-ascent';
import { loadDatabaseSet } from './database-set';
import { flagValue, type LabeledSet, loadLabeledSet, setDirArgument } from './dataset';
import { withFeedback } from './feedback-grades';
import { Evaluator } from './evaluator';

function mean(evaluator: Evaluator, weights: MatchingWeights, ids: readonly string[], metric: 'ndcg10' | 'recall20'): number {
  const results = evaluator.evaluate(weights);
  return ids.reduce((s, id) => s + results.get(id)![metric], 0) / Math.max(1, ids.length);
}

/** nDCG@10 first; recall@20 breaks near-ties. */
const objective = (evaluator: Evaluator, ids: readonly string[]) => (w: MatchingWeights): number =>
  mean(evaluator, w, ids, 'ndcg10') + 0.1 * mean(evaluator, w, ids, 'recall20');

const argument = (name: string): string | undefined => flagValue(process.argv, name);

async function main(): Promise<void> {
  const database = argument('--database');
  const dir = database === undefined ? setDirArgument() : 'the database catalogue';
  const folds = Number(argument('--folds') ?? 4);
  const feedbackFile = argument('--feedback');
  let set: LabeledSet = database === undefined ? loadLabeledSet(dir) : await loadDatabaseSet(database);
  if (feedbackFile !== undefined) {
    const events = readFileSync(feedbackFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as FeedbackEvent);
    set = { ...set, qrels: withFeedback(set.qrels, events) };
  }
  const evaluator = new Evaluator(set);
  const ids = set.demands.map((d) => d.id).filter((id) => set.qrels.has(id));
  const out: string[] = [`tuning on ${dir}: ${ids.length} labeled demands, ${folds}-fold cross-validation`, ''];

  // Cross-validation: the held-out numbers are what to expect on demands the fit never saw.
  const rows = ['| fold | held-out demands | nDCG@10 default | nDCG@10 tuned | recall@20 default | recall@20 tuned |', '| ---: | ---: | ---: | ---: | ---: | ---: |'];
  let defaultSum = 0;
  let tunedSum = 0;
  const perFold: MatchingWeights[] = [];
  for (let f = 0; f < folds; f++) {
    const test = ids.filter((_, i) => i % folds === f);
    const train = ids.filter((_, i) => i % folds !== f);
    const fitted = coordinateAscent(DEFAULT_WEIGHTS, objective(evaluator, train)).weights;
    perFold.push(fitted);
    const [d, t] = [mean(evaluator, DEFAULT_WEIGHTS, test, 'ndcg10'), mean(evaluator, fitted, test, 'ndcg10')];
    defaultSum += d * test.length;
    tunedSum += t * test.length;
    rows.push(
      `| ${f + 1} | ${test.length} | ${d.toFixed(3)} | ${t.toFixed(3)} | ${mean(evaluator, DEFAULT_WEIGHTS, test, 'recall20').toFixed(3)} | ${mean(evaluator, fitted, test, 'recall20').toFixed(3)} |`,
    );
  }
  out.push(...rows, '', `cross-validated nDCG@10: default ${(defaultSum / ids.length).toFixed(3)}, tuned ${(tunedSum / ids.length).toFixed(3)}`, '');
  // A value every fold agrees on is a property of the task; one that changes per fold is noise.
  out.push('values chosen per fold (default → fold 1 … n):');
  for (const { path } of PARAMETERS) {
    const values = perFold.map((w) => valueAt(w, path));
    if (values.some((v) => v !== valueAt(DEFAULT_WEIGHTS, path))) out.push(`  ${path}: ${valueAt(DEFAULT_WEIGHTS, path)} → ${values.join(' | ')}`);
  }
  out.push('');

  const fitted = coordinateAscent(DEFAULT_WEIGHTS, objective(evaluator, ids));
  const version = `${DEFAULT_WEIGHTS.version}+tuned`;
  out.push(`fitted on all ${ids.length} demands (in-sample; trust the cross-validated figure above):`);
  out.push(`| metric | before | after |`, `| --- | ---: | ---: |`);
  for (const metric of ['ndcg10', 'recall20'] as const) {
    out.push(`| ${metric} | ${mean(evaluator, DEFAULT_WEIGHTS, ids, metric).toFixed(3)} | ${mean(evaluator, fitted.weights, ids, metric).toFixed(3)} |`);
  }
  out.push('', 'changed weights:');
  for (const { path } of PARAMETERS) {
    const [before, after] = [valueAt(DEFAULT_WEIGHTS, path), valueAt(fitted.weights, path)];
    if (before !== after) out.push(`  ${path}: ${before} → ${after}`);
  }
  out.push('', `new weights (version "${version}"):`, JSON.stringify({ ...fitted.weights, version }, null, 2));
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
