import { breakLowerBounds } from './break-bound';
import { countBreaksOf } from './breaks';
import { LinearModel, loadHighs, SolveOutcome } from './highs';
import { Problem, UNLIMITED } from './problem';
import { canKeepTable } from './published';
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
 * keep as many meetings at their published slot and table as possible; then keep both and minimise breaks.
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
  const { columns: kept, startOf } = addKept(problem, full);
  let movesOptimal = true;
  if (kept.length > 0) {
    setObjective(full.model, kept, 1);
    const level2 = full.model.solve(highs, 'max', { timeLimitSeconds, start: startOf(best) });
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
      const level3: SolveOutcome = full.model.solve(highs, 'min', { timeLimitSeconds, start: startOf(best) });
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

/**
 * One column per published meeting that can be kept, 1 when it is held at its published slot and
 * table; and the MIP start of a schedule with those columns filled in. Tables are assigned after
 * slots, a meeting needing a table (booth, lock) first (tables.ts), so a published meeting keeps its
 * table k in slot t unless a meeting needing k is held in t, and of several published at the same
 * (t, k) only one can. Where no such meeting can be in t the column is x[r, t] itself; otherwise a
 * binary kept[r] ≤ x[r, t] with Σ kept + Σ x[needs k, t] ≤ 1. (Continuous would do at the optimum,
 * but branching on the binary proved the breaks level about 40% sooner on the benchmark's re-schedule.)
 */
function addKept(problem: Problem, built: SlotModel): { columns: number[]; startOf: (slotOf: Int32Array) => Float64Array } {
  const { model, xStart } = built;
  const xColumn = (r: number, t: number) => {
    const i = t < 0 || xStart[r] < 0 ? -1 : problem.domain[r].indexOf(t);
    return i < 0 ? -1 : xStart[r] + i;
  };
  const columns: number[] = [];
  /** Published meetings without a table of their own, by published slot and table. */
  const sitters = new Map<string, number[]>();
  for (let r = 0; r < problem.requestCount; r++) {
    const x = xColumn(r, problem.prevSlot[r]);
    if (x < 0 || !canKeepTable(problem, r)) continue;
    if (problem.requiredTable[r] >= 0) {
      columns.push(x); // its own table: held in its slot, it sits there
      continue;
    }
    const key = `${problem.prevSlot[r]}:${problem.prevTable[r]}`;
    const list = sitters.get(key);
    if (list) list.push(r);
    else sitters.set(key, [r]);
  }
  const holders = new Map<string, number[]>(); // x[q, t] of the meetings needing table k, by (t, k)
  if (sitters.size > 0) {
    for (let q = 0; q < problem.requestCount; q++) {
      const table = problem.requiredTable[q];
      if (table < 0 || xStart[q] < 0) continue;
      problem.domain[q].forEach((t, i) => {
        const key = `${t}:${table}`;
        if (!sitters.has(key)) return;
        const list = holders.get(key);
        if (list) list.push(xStart[q] + i);
        else holders.set(key, [xStart[q] + i]);
      });
    }
  }
  const contested: { r: number; kept: number }[] = [];
  for (const [key, list] of sitters) {
    const taking = holders.get(key) ?? [];
    if (list.length === 1 && taking.length === 0) {
      columns.push(xColumn(list[0], problem.prevSlot[list[0]]));
      continue;
    }
    const kept = list.map((r) => {
      const column = model.addColumn(0, 0, 1, true);
      model.addRow([column, xColumn(r, problem.prevSlot[r])], [1, -1], -Infinity, 0);
      contested.push({ r, kept: column });
      columns.push(column);
      return column;
    });
    model.addRow([...kept, ...taking], ones(kept.length + taking.length), -Infinity, 1);
  }

  const startOf = (slotOf: Int32Array) => {
    const values = columnValues(problem, built, slotOf);
    const taken = new Set<string>();
    for (let q = 0; q < problem.requestCount; q++) {
      if (slotOf[q] >= 0 && problem.requiredTable[q] >= 0) taken.add(`${slotOf[q]}:${problem.requiredTable[q]}`);
    }
    // In request order, as assignTables serves them: the first published meeting at a free table keeps it.
    for (const { r, kept } of contested) {
      const key = `${problem.prevSlot[r]}:${problem.prevTable[r]}`;
      if (slotOf[r] !== problem.prevSlot[r] || taken.has(key)) continue;
      values[kept] = 1;
      taken.add(key);
    }
    return values;
  };
  return { columns, startOf };
}

function setObjective(model: LinearModel, columns: number[], cost: number): void {
  for (const c of columns) model.setCost(c, cost);
}

function ones(n: number): number[] {
  return new Array<number>(n).fill(1);
}
