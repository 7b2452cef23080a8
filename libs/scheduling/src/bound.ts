import { LinearModel, loadHighs } from './highs';
import { BoundMethod, UpperBound } from './model';
import { Problem } from './problem';
import { meetingLimit } from './limits';
import { buildSlotModel } from './slot-model';

/**
 * Above this many x[r,t] columns the slot-indexed LP is skipped: HiGHS' simplex in WebAssembly
 * needs seconds to minutes on these degenerate LPs beyond a few thousand columns (measured: 0.6 s
 * at 3,000 columns, 80 s at 12,000 on a tight instance), while the participant LP stays fast.
 */
export const DEFAULT_LP_MAX_COLUMNS = 6_000;

export interface BoundOutcome {
  bound: UpperBound;
  /**
   * The participant LP's x[r]: which requests a weight-optimal choice under the participants'
   * capacities keeps. The greedy places those first, so a participant asked for more meetings
   * than it can hold keeps its highest priorities.
   */
  selection: Float64Array | undefined;
}

/**
 * An upper bound on the scheduled weight, the tightest of those computed:
 * - `feasible-requests`: every request that has a common slot;
 * - `lp-participant`: the LP over x[r] ∈ [0,1] where each participant gets at most as many
 *   meetings as a matching of its requests into its slots allows (within its caps), and each
 *   session at most its tables × slots — small even for 10,000 requests;
 * - `lp-slot-indexed`: the LP relaxation of the slot-indexed model (see slot-model.ts), when it
 *   has at most `lpMaxColumns` columns.
 * All three relax the problem, so none can be below the optimum. With integral priorities the
 * bound is rounded down.
 */
export async function upperBound(problem: Problem, excluded: Uint8Array, lpMaxColumns: number): Promise<BoundOutcome> {
  const integral = problem.weight.every((w) => Number.isInteger(w));
  // Solver round-off must never push a bound below the optimum: round up a hair, then down to whole weights.
  const round = (v: number) => (integral ? Math.floor(v + 1e-6) : v * (1 + 1e-9) + 1e-9);
  let best: UpperBound = { weight: 0, method: 'feasible-requests' };
  for (let r = 0; r < problem.requestCount; r++) if (!excluded[r]) best.weight += problem.weight[r];
  if (best.weight === 0) return { bound: best, selection: undefined };

  const highs = await loadHighs();
  const consider = (value: number, method: BoundMethod) => {
    if (Number.isFinite(value) && round(value) < best.weight - 1e-9) best = { weight: round(value), method };
  };
  const { model, column } = participantModel(problem, excluded);
  const participant = model.solve(highs, 'max', { relax: true });
  let selection: Float64Array | undefined;
  if (participant.status === 'optimal' && participant.values) {
    consider(participant.objective, 'lp-participant');
    const values = participant.values;
    selection = Float64Array.from(column, (c) => (c >= 0 ? values[c] : 0));
  }

  let columns = 0;
  for (let r = 0; r < problem.requestCount; r++) if (!excluded[r]) columns += problem.domain[r].length;
  if (columns <= lpMaxColumns) {
    const built = buildSlotModel(problem, { excluded, locked: () => false, withBreaks: false, relax: true });
    // An iteration limit, not a time limit, keeps the bound (and so the search) reproducible.
    const lp = built.model.solve(highs, 'max', { relax: true, iterationLimit: 10 * columns + 1000 });
    if (lp.status === 'optimal') consider(lp.objective, 'lp-slot-indexed');
  }
  return { bound: best, selection };
}

function participantModel(problem: Problem, excluded: Uint8Array): { model: LinearModel; column: Int32Array } {
  const { requestCount: R, participantCount: P, sessionCount: S, slotCount: T } = problem;
  const model = new LinearModel();
  const column = new Int32Array(R).fill(-1);
  const ofParticipant: number[][] = Array.from({ length: P }, () => []);
  const inSession: number[][] = Array.from({ length: S }, () => []);
  for (let r = 0; r < R; r++) {
    if (excluded[r]) continue;
    column[r] = model.addColumn(problem.weight[r], 0, 1, false);
    ofParticipant[problem.partyA[r]].push(column[r]);
    ofParticipant[problem.partyB[r]].push(column[r]);
    const sessions = new Set(Array.from(problem.domain[r], (t) => problem.slotSession[t]));
    if (sessions.size === 1) inSession[[...sessions][0]].push(column[r]);
  }
  for (let p = 0; p < P; p++) {
    const requests = Array.from(problem.requestsOf[p]).filter((r) => !excluded[r]);
    const limit = meetingLimit(problem, p, requests);
    if (ofParticipant[p].length > limit) model.addRow(ofParticipant[p], ones(ofParticipant[p].length), -Infinity, limit);
  }
  const tablesIn = new Float64Array(S);
  for (let t = 0; t < T; t++) tablesIn[problem.slotSession[t]] += problem.sessionTables[problem.slotSession[t]];
  for (let s = 0; s < S; s++) if (inSession[s].length > tablesIn[s]) model.addRow(inSession[s], ones(inSession[s].length), -Infinity, tablesIn[s]);
  const all = Array.from(column).filter((c) => c >= 0);
  const totalTables = tablesIn.reduce((x, y) => x + y, 0);
  if (all.length > totalTables) model.addRow(all, ones(all.length), -Infinity, totalTables);
  return { model, column };
}

function ones(n: number): number[] {
  return new Array<number>(n).fill(1);
}
