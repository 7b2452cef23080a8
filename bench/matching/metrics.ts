import type { Qrels } from './dataset';

/** Per-demand scores of one ranking method. */
export interface DemandMetrics {
  readonly demandId: string;
  readonly ndcg10: number;
  readonly recall20: number;
  readonly mrr: number;
}

export interface Summary {
  readonly ndcg10: number;
  readonly recall20: number;
  readonly mrr: number;
  readonly perDemand: readonly DemandMetrics[];
}

/** A ranking: for each demand id, achievement ids best first. */
export type Rankings = ReadonlyMap<string, readonly string[]>;

const gain = (grade: number): number => 2 ** grade - 1;
const discount = (rank: number): number => 1 / Math.log2(rank + 2);

/** nDCG@k with gain 2^grade − 1; the ideal ranks every labeled item by grade. */
export function ndcgAt(k: number, ranking: readonly string[], grades: ReadonlyMap<string, number>): number {
  const dcg = ranking.slice(0, k).reduce((s, id, i) => s + gain(grades.get(id) ?? 0) * discount(i), 0);
  const ideal = [...grades.values()]
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((s, g, i) => s + gain(g) * discount(i), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of items with grade ≥ 1 found in the first k. */
export function recallAt(k: number, ranking: readonly string[], grades: ReadonlyMap<string, number>): number {
  const relevant = [...grades].filter(([, g]) => g >= 1).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranking.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** Reciprocal rank of the first grade-2 item (0 if none is ranked). */
export function reciprocalRank(ranking: readonly string[], grades: ReadonlyMap<string, number>): number {
  const i = ranking.findIndex((id) => grades.get(id) === 2);
  return i < 0 ? 0 : 1 / (i + 1);
}

export function evaluate(rankings: Rankings, qrels: Qrels): Summary {
  // A demand with nothing relevant judged cannot be ranked well or badly: left out, as trec_eval does.
  const judged = [...qrels.keys()].filter((id) => [...qrels.get(id)!.values()].some((g) => g >= 1));
  const perDemand: DemandMetrics[] = judged.sort().map((demandId) => {
    const ranking = rankings.get(demandId) ?? [];
    const grades = qrels.get(demandId)!;
    return {
      demandId,
      ndcg10: ndcgAt(10, ranking, grades),
      recall20: recallAt(20, ranking, grades),
      mrr: reciprocalRank(ranking, grades),
    };
  });
  const mean = (f: (m: DemandMetrics) => number): number =>
    perDemand.length === 0 ? 0 : perDemand.reduce((s, m) => s + f(m), 0) / perDemand.length;
  return { ndcg10: mean((m) => m.ndcg10), recall20: mean((m) => m.recall20), mrr: mean((m) => m.mrr), perDemand };
}
