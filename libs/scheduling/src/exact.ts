import { breakLowerBounds } from './break-bound';
import { countBreaksOf } from './breaks';
import { LinearModel, loadHighs, SolveOutcome } from './highs';
import { Problem, UNLIMITED } from './problem';
import { buildSlotModel, columnValues, SlotModel, slotsFromValues } from './slot-model';

export interface ExactOutcome {
  slotOf: Int32Array;
  meetingsOptimal: boolean;
  breaksOptimal: boolean;
  /** Best proved upper bound on the scheduled weight. */
  bound: number;
  /** Proved lower bound on breaks for schedules with the optimal meetings (when computed). */
  breaksLowerBound?: number;
}

/**
 * The exact mode: the slot-indexed MIP solved lexicographically, one HiGHS run per level —
 * maximise the scheduled weight; then, if there is a published schedule, keep that weight and
 * keep as many meetings in their published slot as possible; then keep both and minimise breaks.
 * Each run starts from the best schedule known (the heuristic's), so a time limit still leaves a
 * schedule at least as good. `start` must keep every hard constraint, since it may be returned as
 * it is; without one the MIP starts from scratch. Returns undefined when HiGHS finds no schedule at all.
 */
export async function solveExact(
  problem: Problem,
  excluded: Uint8Array,
  locked: (r: number) => boolean,
  start: Int32Array | undefined,
  timeLimitSeconds: number,
  withBreaks: boolean,
): Promise<ExactOutcome | undefined> {
  const highs = await loadHighs();
  const hasBreakCaps = problem.maxBreaks.some((cap) => cap < UNLIMITED);
  const options = { excluded, locked };

  // Level 1: meetings. Break variables only when a fairness cap needs them.
  const first = buildSlotModel(problem, { ...options, withBreaks: hasBreakCaps });
  const level1 = first.model.solve(highs, 'max', { timeLimitSeconds, start: start && columnValues(problem, first, start) });
  if (!level1.values) return undefined;
  const meetings = level1.objective;
  const meetingsOptimal = level1.status === 'optimal';
  const slots1 = slotsFromValues(problem, first, level1.values);
  if (!withBreaks && !problem.prevSlot.some((t) => t >= 0)) {
    // Keep the heuristic's arrangement when it reaches the optimum: its breaks are compacted.
    const best = start && weightOf(problem, start) >= meetings - tolerance(meetings) ? start : slots1;
    return { slotOf: best, meetingsOptimal, breaksOptimal: false, bound: meetingsOptimal ? meetings : level1.bound };
  }

  // Levels 2 and 3 share one model with the break variables; rows are added as levels are fixed.
  const full = buildSlotModel(problem, { ...options, withBreaks: true });
  const xColumns: number[] = [];
  const xWeights: number[] = [];
  for (let r = 0; r < problem.requestCount; r++) {
    if (full.xStart[r] < 0) continue;
    problem.domain[r].forEach((_, i) => {
      xColumns.push(full.xStart[r] + i);
      xWeights.push(problem.weight[r]);
    });
  }
  full.model.addRow(xColumns, xWeights, meetings - tolerance(meetings), Infinity);
  let best = start && weightOf(problem, start) >= meetings - tolerance(meetings) ? start : slots1;

  for (const c of xColumns) full.model.setCost(c, 0);
  const kept = keptColumns(problem, full.xStart);
  let movesOptimal = true;
  if (kept.length > 0) {
    setObjective(full.model, kept, 1);
    const level2 = full.model.solve(highs, 'max', { timeLimitSeconds, start: columnValues(problem, full, best) });
    movesOptimal = level2.status === 'optimal';
    if (level2.values) {
      best = slotsFromValues(problem, full, level2.values);
      full.model.addRow(kept, ones(kept.length), level2.objective - 1e-6, Infinity);
    }
    setObjective(full.model, kept, 0);
  }

  let breaksOptimal = false;
  let breaksLowerBound: number | undefined;
  if (withBreaks) {
    // When the optimum holds every request, each participant's meetings are known and its own
    // fewest breaks bound the total from below; often that alone proves the heuristic optimal.
    const everyoneHeld = meetingsOptimal && meetings >= totalWeight(problem, excluded) - tolerance(meetings);
    const bounds = everyoneHeld ? breakLowerBounds(problem, (r) => !excluded[r]) : undefined;
    breaksLowerBound = bounds?.reduce((sum, b) => sum + b, 0);
    if (bounds && kept.length === 0 && breaksOf(problem, best) === breaksLowerBound) {
      breaksOptimal = true;
    } else {
      if (bounds) addBreakBounds(full, bounds);
      setObjective(full.model, full.breakColumns, 1);
      const level3: SolveOutcome = full.model.solve(highs, 'min', { timeLimitSeconds, start: columnValues(problem, full, best) });
      if (level3.values) best = slotsFromValues(problem, full, level3.values);
      if (meetingsOptimal && Number.isFinite(level3.bound)) breaksLowerBound = Math.max(breaksLowerBound ?? 0, Math.ceil(level3.bound - 1e-6));
      // Breaks are whole numbers: a bound within one of the incumbent proves it too.
      breaksOptimal = meetingsOptimal && movesOptimal && (level3.status === 'optimal' || (breaksLowerBound ?? -1) >= breaksOf(problem, best));
    }
  }
  return {
    slotOf: best,
    meetingsOptimal,
    breaksOptimal,
    ...(breaksLowerBound === undefined ? {} : { breaksLowerBound }),
    bound: meetingsOptimal ? meetings : level1.bound,
  };
}

/** Σ_i break[p,i] ≥ bound(p): the participant's own fewest breaks. */
function addBreakBounds(built: SlotModel, bounds: Int32Array): void {
  for (const { p, breakAt } of built.timelines) {
    if (bounds[p] === 0) continue;
    const columns = breakAt.filter((c) => c >= 0);
    built.model.addRow(columns, ones(columns.length), bounds[p], Infinity);
  }
}

function totalWeight(problem: Problem, excluded: Uint8Array): number {
  let total = 0;
  for (let r = 0; r < problem.requestCount; r++) if (!excluded[r] && problem.domain[r].length > 0) total += problem.weight[r];
  return total;
}

function breaksOf(problem: Problem, slotOf: Int32Array): number {
  const T = problem.slotCount;
  const occupant = new Int32Array(problem.participantCount * T).fill(-1);
  for (let r = 0; r < problem.requestCount; r++) {
    if (slotOf[r] < 0) continue;
    occupant[problem.partyA[r] * T + slotOf[r]] = r;
    occupant[problem.partyB[r] * T + slotOf[r]] = r;
  }
  return countBreaksOf(problem, occupant).total;
}

function tolerance(value: number): number {
  return 1e-6 * Math.max(1, Math.abs(value));
}

function weightOf(problem: Problem, slotOf: Int32Array): number {
  let total = 0;
  for (let r = 0; r < problem.requestCount; r++) if (slotOf[r] >= 0) total += problem.weight[r];
  return total;
}

/** Columns x[r, published slot]. */
function keptColumns(problem: Problem, xStart: Int32Array): number[] {
  const columns: number[] = [];
  for (let r = 0; r < problem.requestCount; r++) {
    const t = problem.prevSlot[r];
    if (t < 0 || xStart[r] < 0) continue;
    const i = problem.domain[r].indexOf(t);
    if (i >= 0) columns.push(xStart[r] + i);
  }
  return columns;
}

function setObjective(model: LinearModel, columns: number[], cost: number): void {
  for (const c of columns) model.setCost(c, cost);
}

function ones(n: number): number[] {
  return new Array<number>(n).fill(1);
}
