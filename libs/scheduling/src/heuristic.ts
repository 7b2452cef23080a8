import { compactAgendas } from './compact';
import { constructGreedy } from './construct';
import { SearchContext } from './context';
import { enforceBreakCaps } from './fairness';
import { Problem } from './problem';
import { EjectionRepair } from './repair';
import { Rng } from './rng';
import { tabuSearch } from './tabu';

export interface HeuristicOptions {
  seed: number;
  effort: number;
  /** A proved upper bound: the meeting search stops once it is reached. */
  targetWeight: number;
  /** LP values per request (see BoundOutcome.selection): requests below 1/2 are placed last. */
  selection?: Float64Array;
}

/**
 * The heuristic, phase by phase:
 * 1. locks, then the published placements, then greedy (most constrained first);
 * 2. ejection chains for whatever is left open (short chains first: fewest moves);
 * 3. tabu search over partial schedules while open requests remain and the bound is not reached;
 * 4. ejection chains again, then simulated annealing on breaks (never losing a meeting);
 * 5. fairness caps made to hold.
 * Budgets are iteration counts, not time, so a run is reproducible.
 */
export function runHeuristic(problem: Problem, options: HeuristicOptions): SearchContext {
  const ctx = new SearchContext(problem, new Rng(options.seed));
  const { state } = ctx;
  const R = problem.requestCount;
  const effort = options.effort;
  const reached = () => state.placedWeight >= options.targetWeight - 1e-9;

  ctx.placeLocks();
  constructGreedy(ctx, options.selection);
  const repair = new EjectionRepair(ctx, 4, Math.round(4000 * effort));
  if (!reached()) repair.repairAll();
  if (!reached() && ctx.openRequests().length > 0) {
    tabuSearch(ctx, Math.round(effort * clamp(4000 * R, 2_000_000, 12_000_000)), options.targetWeight);
    if (!reached()) repair.repairAll();
  }
  compactAgendas(ctx, Math.round(effort * clamp(15_000 * R, 1_000_000, 3_000_000)));
  enforceBreakCaps(ctx);
  return ctx;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
