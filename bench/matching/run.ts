/**
 * Matching quality benchmark, engine in-process: `npm run bench:matching:engine` (the service path is `npm run bench:matching`).
 * Loads the labeled set, ranks every demand with a plain BM25 baseline and with the engine,
 * prints nDCG@10, recall@20 and MRR overall and per demand, and exits 1 if a target is missed.
 */
import { rankWithBm25 } from './baseline-bm25';
import { benchSet } from './dataset';
import { evaluate } from './metrics';
import { perDemandTable, summaryTable } from './report';
import { rankWithEngine } from './run-engine';

const TARGET_NDCG = 0.957;
const TARGET_RECALL = 0.98;
const MAX_DEMAND_REGRESSION = 0.05;

function main(): void {
  const { set, label } = benchSet();
  const baseline = evaluate(rankWithBm25(set.demands, set.achievements), set.qrels);
  const started = performance.now();
  const engine = evaluate(rankWithEngine(set), set.qrels);
  const elapsed = performance.now() - started;
  const titles = new Map(set.demands.map((d) => [d.id, d.title]));

  const out: string[] = [
    `matching benchmark: ${label}`,
    `${set.demands.length} demands, ${set.achievements.length} achievements; engine index + rank ${elapsed.toFixed(0)} ms`,
    '',
    summaryTable([
      ['BM25 baseline', baseline],
      ['engine', engine],
    ]),
    '',
    perDemandTable(baseline, engine, titles),
    '',
  ];
  const halfway = baseline.ndcg10 + (1 - baseline.ndcg10) / 2;
  const regressions = engine.perDemand.filter((e, i) => e.ndcg10 < baseline.perDemand[i]!.ndcg10 - MAX_DEMAND_REGRESSION);
  const failures: string[] = [];
  if (engine.ndcg10 < TARGET_NDCG) failures.push(`nDCG@10 ${engine.ndcg10.toFixed(3)} < ${TARGET_NDCG}`);
  if (engine.recall20 < TARGET_RECALL) failures.push(`recall@20 ${engine.recall20.toFixed(3)} < ${TARGET_RECALL}`);
  for (const r of regressions) failures.push(`${r.demandId} nDCG@10 more than ${MAX_DEMAND_REGRESSION} below baseline`);
  out.push(`half the baseline's distance to 1.0 would be nDCG@10 ≥ ${halfway.toFixed(3)} (measured baseline)`);
  out.push(failures.length === 0 ? 'targets met' : `targets missed:\n- ${failures.join('\n- ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (failures.length > 0) process.exitCode = 1;
}

main();
