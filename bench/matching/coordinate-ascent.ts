import { type MatchingWeights, withWeights } from '@techbridge/matching';

/** One tunable number: where it sits in the weights and the values worth trying. */
export interface Parameter {
  readonly path: string;
  readonly values: readonly number[];
}

/** The search space: a handful of global numbers, so a 32-demand set cannot memorise itself. */
export const PARAMETERS: readonly Parameter[] = [
  // components.text against Σ of the fit weights (3.8): 1.9 → fit may take 2/3 of a score,
  // 3.8 → half, 7.6 → a third, 38 → a tenth.
  { path: 'components.text', values: [1.9, 3.8, 7.6, 38] },
  { path: 'components.task', values: [0, 0.15, 0.3, 0.5] },
  { path: 'components.field', values: [1, 2, 3] },
  { path: 'components.maturity', values: [0, 0.3, 0.6, 1.2] },
  { path: 'components.modes', values: [0, 0.3, 0.6] },
  { path: 'components.budget', values: [0, 0.3, 0.6] },
  { path: 'components.region', values: [0, 0.3, 0.6] },
  { path: 'text.backward', values: [0, 0.1, 0.25, 0.5] },
  { path: 'text.expansion', values: [0, 0.1, 0.2, 0.4] },
  { path: 'text.ngram', values: [0, 0.05, 0.1] },
  { path: 'bm25.queryTfExponent', values: [0, 0.25, 0.5] },
  { path: 'bm25.b', values: [0.5, 0.75, 0.9] },
  { path: 'sections.title', values: [1, 1.5, 2] },
  { path: 'expansion.implies', values: [0.3, 0.6, 1] },
  { path: 'feedbackQuery.weight', values: [0, 0.1, 0.2] },
  { path: 'statements.limitation', values: [0, 0.5, 1] },
];

export function valueAt(weights: MatchingWeights, path: string): number {
  const [group, key] = path.split('.') as [keyof MatchingWeights, string];
  return (weights[group] as unknown as Record<string, number>)[key]!;
}

export function setValue(weights: MatchingWeights, path: string, value: number, version: string): MatchingWeights {
  const [group, key] = path.split('.') as [string, string];
  return withWeights(weights, version, { [group]: { [key]: value } });
}

/**
 * Coordinate ascent: for each parameter in turn, keep the value with the best objective
 * (ties keep the current value, so nothing moves without evidence), for a few rounds.
 */
export function coordinateAscent(
  start: MatchingWeights,
  objective: (w: MatchingWeights) => number,
  parameters: readonly Parameter[] = PARAMETERS,
  rounds = 2,
): { weights: MatchingWeights; objective: number } {
  let best = start;
  let bestScore = objective(start);
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    for (const { path, values } of parameters) {
      for (const value of values) {
        if (value === valueAt(best, path)) continue;
        const candidate = setValue(best, path, value, start.version);
        const score = objective(candidate);
        if (score > bestScore + 1e-9) {
          best = candidate;
          bestScore = score;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  return { weights: best, objective: bestScore };
}
