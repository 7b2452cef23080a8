import highsLoader, { Highs } from 'highs';

/**
 * HiGHS is a WebAssembly module: loading compiles ~3.5 MB of Wasm, so it is loaded once per
 * process and shared. Solves are synchronous and block the event loop, which is fine in the worker.
 */
let loading: Promise<Highs> | undefined;

export function loadHighs(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

export type SolveStatus = 'optimal' | 'time_limit' | 'infeasible' | 'failed';

export interface SolveOutcome {
  status: SolveStatus;
  /** Objective of the returned values (NaN when there are none). */
  objective: number;
  values: Float64Array | undefined;
  /** For a MIP, the best bound proved (for an LP at optimum, the objective). */
  bound: number;
}

/**
 * A sparse linear model built row by row, handed to HiGHS as CSR arrays: building LP text for a
 * hundred thousand columns and parsing it back would cost more than solving.
 */
export class LinearModel {
  private readonly cost: number[] = [];
  private readonly lower: number[] = [];
  private readonly upper: number[] = [];
  private readonly integer: (0 | 1)[] = [];
  private readonly rowLower: number[] = [];
  private readonly rowUpper: number[] = [];
  private readonly starts: number[] = [0];
  private readonly indices: number[] = [];
  private readonly values: number[] = [];

  get columnCount(): number {
    return this.cost.length;
  }

  addColumn(cost: number, lower: number, upper: number, integer: boolean): number {
    this.cost.push(cost);
    this.lower.push(lower);
    this.upper.push(upper);
    this.integer.push(integer ? 1 : 0);
    return this.cost.length - 1;
  }

  setCost(column: number, cost: number): void {
    this.cost[column] = cost;
  }

  setBounds(column: number, lower: number, upper: number): void {
    this.lower[column] = lower;
    this.upper[column] = upper;
  }

  /** lower ≤ Σ values·x[indices] ≤ upper; a column may appear once per row. */
  addRow(indices: readonly number[], values: readonly number[], lower: number, upper: number): void {
    if (indices.length === 0) return;
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    for (let i = 0; i < indices.length; i++) {
      this.indices.push(indices[i]);
      this.values.push(values[i]);
    }
    this.starts.push(this.indices.length);
  }

  solve(
    highs: Highs,
    sense: 'max' | 'min',
    options: { relax?: boolean; timeLimitSeconds?: number; iterationLimit?: number; start?: Float64Array },
  ): SolveOutcome {
    const numCols = this.cost.length;
    const numRows = this.rowLower.length;
    // HiGHS rejects a start for a model without columns; such a model is trivially solved.
    if (numCols === 0) return { status: 'optimal', objective: 0, values: new Float64Array(0), bound: 0 };
    const inf = highs.infinity;
    const clip = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
    const model = highs.createModel({
      numCols,
      numRows,
      sense: sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost: Float64Array.from(this.cost),
      colLower: Float64Array.from(this.lower, clip),
      colUpper: Float64Array.from(this.upper, clip),
      rowLower: Float64Array.from(this.rowLower, clip),
      rowUpper: Float64Array.from(this.rowUpper, clip),
      matrix: { format: 'csr', numRows, numCols, starts: Int32Array.from(this.starts), indices: Int32Array.from(this.indices), values: Float64Array.from(this.values) },
      integrality: options.relax ? undefined : Int32Array.from(this.integer),
    });
    try {
      model.options.set({ output_flag: false, mip_rel_gap: 0, random_seed: 0 });
      if (options.timeLimitSeconds !== undefined) model.options.set('time_limit', options.timeLimitSeconds);
      if (options.iterationLimit !== undefined) model.options.set('simplex_iteration_limit', options.iterationLimit);
      if (options.start) model.setSolution({ colValue: options.start });
      const { modelStatus } = model.run();
      const codes = highs.constants.modelStatus;
      const status: SolveStatus =
        modelStatus === codes.optimal ? 'optimal'
        : modelStatus === codes.timeLimit ? 'time_limit'
        : modelStatus === codes.infeasible ? 'infeasible'
        : 'failed';
      const hasSolution = (status === 'optimal' || status === 'time_limit') && Number(model.info.get('primal_solution_status')) === 2;
      const isMip = !options.relax && this.integer.includes(1);
      const objective = hasSolution ? model.getObjectiveValue() : NaN;
      const bound = isMip ? Number(model.info.get('mip_dual_bound')) : status === 'optimal' ? objective : NaN;
      return { status, objective, values: hasSolution ? model.getSolution().colValue : undefined, bound };
    } finally {
      model.dispose();
    }
  }
}
