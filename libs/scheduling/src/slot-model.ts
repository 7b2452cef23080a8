import { LinearModel } from './highs';
import { Problem, UNLIMITED } from './problem';

/**
 * The slot-indexed model: x[r,t] = 1 when request r is held in slot t of its domain.
 *
 *   Σ_t x[r,t] ≤ 1                       each request at most once
 *   Σ_{r ∋ p} x[r,t] ≤ 1                  nobody in two meetings in one slot
 *   Σ_r x[r,t] ≤ tables(t)                no more meetings than tables
 *   Σ_{r needs table k} x[r,t] ≤ 1        a lock's or booth's table holds one meeting
 *   Σ_{r ∋ p} x ≤ cap(p), per session too
 *   x[r,lock] = 1                         locks
 *
 * Breaks (when asked for), on p's timeline of available slots τ_0 < τ_1 < …, with busy
 * y_i = Σ_{r ∋ p} x[r,τ_i]:
 *   later_i ≥ y_i, later_i ≥ later_{i+1}        "a meeting at or after position i"
 *   break_i ≥ y_{i-1} − y_i + later_{i+1} − 1   a break starts at i: busy before, idle now, busy later
 * Minimising Σ break drives both to their true 0/1 values, so both may stay continuous, and
 * Σ_i break_i ≤ maxBreaks(p) is the fairness cap.
 */
export interface SlotModel {
  model: LinearModel;
  /** Column of x[r, domain[r][i]] is xStart[r] + i; -1 for requests left out. */
  xStart: Int32Array;
  breakColumns: number[];
  /** Per participant: its timeline and the columns of later_i and break_i (-1 where absent). */
  timelines: { p: number; slots: number[]; later: number[]; breakAt: number[] }[];
}

export function buildSlotModel(
  problem: Problem,
  options: { excluded: Uint8Array; locked: (r: number) => boolean; withBreaks: boolean; relax?: boolean },
): SlotModel {
  const { requestCount: R, slotCount: T, participantCount: P, domain, partyA, partyB, weight } = problem;
  const model = new LinearModel();
  const xStart = new Int32Array(R).fill(-1);
  const busy: number[][] = Array.from({ length: P * T }, () => []);
  const slotColumns: number[][] = Array.from({ length: T }, () => []);
  const tableColumns = new Map<string, number[]>();
  const meetingColumns: number[][] = Array.from({ length: P }, () => []);
  const sessionColumns: number[][] = Array.from({ length: P * problem.sessionCount }, () => []);

  for (let r = 0; r < R; r++) {
    if (options.excluded[r] || domain[r].length === 0) continue;
    xStart[r] = model.columnCount;
    const locked = options.locked(r);
    const columns: number[] = [];
    for (const t of domain[r]) {
      const c = model.addColumn(weight[r], locked ? 1 : 0, 1, !options.relax);
      columns.push(c);
      for (const p of [partyA[r], partyB[r]]) {
        busy[p * T + t].push(c);
        meetingColumns[p].push(c);
        sessionColumns[p * problem.sessionCount + problem.slotSession[t]].push(c);
      }
      slotColumns[t].push(c);
      const table = problem.requiredTable[r];
      if (table >= 0) {
        const key = `${t}:${table}`;
        const sharing = tableColumns.get(key);
        if (sharing) sharing.push(c);
        else tableColumns.set(key, [c]);
      }
    }
    if (columns.length > 1) model.addRow(columns, ones(columns.length), -Infinity, 1);
  }

  for (const columns of busy) if (columns.length > 1) model.addRow(columns, ones(columns.length), -Infinity, 1);
  for (let t = 0; t < T; t++) {
    const tables = problem.sessionTables[problem.slotSession[t]];
    if (slotColumns[t].length > tables) model.addRow(slotColumns[t], ones(slotColumns[t].length), -Infinity, tables);
  }
  for (const columns of tableColumns.values()) if (columns.length > 1) model.addRow(columns, ones(columns.length), -Infinity, 1);
  for (let p = 0; p < P; p++) {
    const cap = problem.maxMeetings[p];
    if (meetingColumns[p].length > cap) model.addRow(meetingColumns[p], ones(meetingColumns[p].length), -Infinity, cap);
    for (let s = 0; s < problem.sessionCount; s++) {
      const columns = sessionColumns[p * problem.sessionCount + s];
      const sessionCap = problem.maxPerSession[p];
      if (columns.length > sessionCap) model.addRow(columns, ones(columns.length), -Infinity, sessionCap);
    }
  }

  const breakColumns: number[] = [];
  const timelines: SlotModel['timelines'] = [];
  if (options.withBreaks) {
    for (let p = 0; p < P; p++) {
      if (meetingColumns[p].length < 2) continue; // one meeting makes no break
      const slots: number[] = [];
      for (let t = 0; t < T; t++) if (problem.available[p * T + t]) slots.push(t);
      const n = slots.length;
      const later = new Array<number>(n).fill(-1);
      const breakAt = new Array<number>(n).fill(-1);
      for (let i = n - 1; i >= 1; i--) {
        later[i] = model.addColumn(0, 0, 1, false);
        const y = busy[p * T + slots[i]];
        model.addRow([later[i], ...y], [1, ...y.map(() => -1)], 0, Infinity);
        if (i + 1 < n) model.addRow([later[i], later[i + 1]], [1, -1], 0, Infinity);
      }
      const own: number[] = [];
      for (let i = 1; i + 1 < n; i++) {
        const before = busy[p * T + slots[i - 1]];
        if (before.length === 0) continue; // idle before: no break can start here
        const now = busy[p * T + slots[i]];
        breakAt[i] = model.addColumn(0, 0, 1, false);
        own.push(breakAt[i]);
        breakColumns.push(breakAt[i]);
        model.addRow(
          [breakAt[i], ...before, ...now, later[i + 1]],
          [1, ...before.map(() => -1), ...now.map(() => 1), -1],
          -1,
          Infinity,
        );
      }
      if (problem.maxBreaks[p] < UNLIMITED && own.length > problem.maxBreaks[p]) {
        model.addRow(own, ones(own.length), -Infinity, problem.maxBreaks[p]);
      }
      timelines.push({ p, slots, later, breakAt });
    }
  }
  return { model, xStart, breakColumns, timelines };
}

/** Column values of a schedule (request → slot), for a MIP start. */
export function columnValues(problem: Problem, built: SlotModel, slotOf: Int32Array): Float64Array {
  const values = new Float64Array(built.model.columnCount);
  const T = problem.slotCount;
  const busyAt = new Uint8Array(problem.participantCount * T);
  for (let r = 0; r < problem.requestCount; r++) {
    const t = slotOf[r];
    if (t < 0 || built.xStart[r] < 0) continue;
    const i = problem.domain[r].indexOf(t);
    values[built.xStart[r] + i] = 1;
    busyAt[problem.partyA[r] * T + t] = 1;
    busyAt[problem.partyB[r] * T + t] = 1;
  }
  for (const { p, slots, later, breakAt } of built.timelines) {
    let seenLater = 0;
    for (let i = slots.length - 1; i >= 1; i--) {
      seenLater |= busyAt[p * T + slots[i]];
      values[later[i]] = seenLater;
    }
    for (let i = 1; i + 1 < slots.length; i++) {
      if (breakAt[i] < 0) continue;
      const starts = busyAt[p * T + slots[i - 1]] && !busyAt[p * T + slots[i]] && values[later[i + 1]] === 1;
      values[breakAt[i]] = starts ? 1 : 0;
    }
  }
  return values;
}

/** Request → slot from solved x values. */
export function slotsFromValues(problem: Problem, built: SlotModel, values: Float64Array): Int32Array {
  const slotOf = new Int32Array(problem.requestCount).fill(-1);
  for (let r = 0; r < problem.requestCount; r++) {
    if (built.xStart[r] < 0) continue;
    problem.domain[r].forEach((t, i) => {
      if (values[built.xStart[r] + i] > 0.5) slotOf[r] = t;
    });
  }
  return slotOf;
}

function ones(n: number): number[] {
  return new Array<number>(n).fill(1);
}
