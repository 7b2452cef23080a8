import type { Summary } from './metrics';

const f3 = (x: number): string => x.toFixed(3);

export function summaryTable(rows: ReadonlyArray<readonly [string, Summary]>): string {
  const lines = ['| method | nDCG@10 | recall@20 | MRR |', '| --- | ---: | ---: | ---: |'];
  for (const [name, s] of rows) lines.push(`| ${name} | ${f3(s.ndcg10)} | ${f3(s.recall20)} | ${f3(s.mrr)} |`);
  return lines.join('\n');
}

export function perDemandTable(baseline: Summary, engine: Summary, titles: ReadonlyMap<string, string>): string {
  const lines = [
    '| demand | title | nDCG@10 base | nDCG@10 engine | Δ | recall@20 base | recall@20 engine | MRR base | MRR engine |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  baseline.perDemand.forEach((b, i) => {
    const e = engine.perDemand[i]!;
    const delta = e.ndcg10 - b.ndcg10;
    lines.push(
      `| ${b.demandId} | ${titles.get(b.demandId) ?? ''} | ${f3(b.ndcg10)} | ${f3(e.ndcg10)} | ${delta >= 0 ? '+' : ''}${f3(delta)} | ${f3(b.recall20)} | ${f3(e.recall20)} | ${f3(b.mrr)} | ${f3(e.mrr)} |`,
    );
  });
  return lines.join('\n');
}
