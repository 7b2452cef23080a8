import { DEFAULT_LP_MAX_COLUMNS, upperBound } from './bound';
import { countBreaksOf } from './breaks';
import { compactAgendas } from './compact';
import { SearchContext } from './context';
import { solveExact } from './exact';
import { runHeuristic } from './heuristic';
import { EventInstance, ScheduleMode, ScheduleOptions, ScheduleResult, UpperBound } from './model';
import { compileProblem, Problem } from './problem';
import { publishedChanges } from './published';
import { explainUnscheduled } from './reasons';
import { buildResult, placementsOf } from './result';
import { assignTables } from './tables';
import { violationsOf } from './validate';

export const DEFAULT_EXACT_MAX_REQUESTS = 200;
export const DEFAULT_EXACT_TIME_LIMIT_SECONDS = 10;
const COMPACTION_AFTER_MIP = 400_000;

/**
 * Schedules an event: every accepted request gets a slot and a table, or a reason why not.
 * The bound is computed first so the search can stop as soon as it is reached. In exact mode the
 * heuristic's schedule seeds the MIP, and the better of the two (lexicographically: weight, moves,
 * breaks) that keeps every hard constraint is returned.
 */
export async function scheduleEvent(instance: EventInstance, options: ScheduleOptions = {}): Promise<ScheduleResult> {
  const started = performance.now();
  const problem = compileProblem(instance);
  const mode: ScheduleMode =
    options.mode === 'heuristic' || options.mode === 'exact'
      ? options.mode
      : problem.requestCount <= (options.exactMaxRequests ?? DEFAULT_EXACT_MAX_REQUESTS) ? 'exact' : 'heuristic';

  const staticExcluded = Uint8Array.from(problem.staticReason, (reason) => (reason ? 1 : 0));
  const computed = await upperBound(problem, staticExcluded, options.lpMaxColumns ?? DEFAULT_LP_MAX_COLUMNS);
  let bound = computed.bound;
  const ctx = runHeuristic(problem, {
    seed: options.seed ?? 1,
    effort: options.effort ?? 1,
    targetWeight: bound.weight,
    selection: computed.selection,
  });
  if (mode === 'heuristic') return buildResult(ctx, { mode, bound, solveMs: elapsed(started) });

  // Only a schedule that keeps every hard constraint may be returned or start the MIP: a search
  // bug must cost quality, never validity.
  const heuristicSlots = ctx.state.slotOf.slice();
  const heuristicValid = keepsConstraints(ctx, heuristicSlots);
  const exact = await solveExact(
    problem,
    ctx.excluded,
    (r) => ctx.isLocked(r) && !ctx.excluded[r],
    heuristicValid ? heuristicSlots : undefined,
    options.exactTimeLimitSeconds ?? DEFAULT_EXACT_TIME_LIMIT_SECONDS,
    options.exactBreaks ?? true,
  );
  if (!exact || !keepsConstraints(ctx, exact.slotOf)) {
    ctx.state.load(heuristicSlots);
    return buildResult(ctx, { mode, bound, solveMs: elapsed(started), meetingsOptimal: false, breaksOptimal: false });
  }
  if (!heuristicValid || compare(problem, ctx, exact.slotOf, heuristicSlots) < 0) {
    ctx.state.load(exact.slotOf);
    // The MIP's arrangement is compacted unless its breaks were proved minimal (compaction never
    // gives up a meeting nor adds a move, and here never takes a party over its break cap).
    if (!exact.breaksOptimal) {
      compactAgendas(ctx, COMPACTION_AFTER_MIP, { withinBreakCaps: true });
      if (!keepsConstraints(ctx, ctx.state.slotOf.slice())) ctx.state.load(exact.slotOf);
    }
  } else {
    ctx.state.load(heuristicSlots);
  }
  bound = tighter(bound, exact.bound, exact.meetingsOptimal, problem);
  return buildResult(ctx, {
    mode,
    bound,
    solveMs: elapsed(started),
    meetingsOptimal: exact.meetingsOptimal,
    ...(options.exactBreaks === false ? {} : { breaksOptimal: exact.breaksOptimal, breaksLowerBound: exact.breaksLowerBound }),
  });
}

/** The MIP's proved bound replaces the LP's when it is tighter (always, once optimal). */
function tighter(bound: UpperBound, mipBound: number, optimal: boolean, problem: Problem): UpperBound {
  const integral = problem.weight.every((w) => Number.isInteger(w));
  const value = integral ? Math.floor(mipBound + 1e-6) : mipBound;
  if (optimal || (Number.isFinite(value) && value < bound.weight)) return { weight: value, method: 'mip' };
  return bound;
}

/**
 * Negative when schedule x is better than y: more weight, then fewer changes to the published
 * agendas (a meeting dropped, or at another slot or table), then fewer breaks.
 */
export function compare(problem: Problem, ctx: SearchContext, x: Int32Array, y: Int32Array): number {
  const score = (slots: Int32Array) => {
    let weight = 0;
    for (let r = 0; r < problem.requestCount; r++) if (slots[r] >= 0) weight += problem.weight[r];
    const { moved, dropped } = publishedChanges(problem, slots, assignTables(problem, slots));
    ctx.state.load(slots);
    return { weight, moved: moved + dropped, breaks: countBreaksOf(problem, ctx.state.occupant).total };
  };
  const a = score(x);
  const b = score(y);
  ctx.state.load(y);
  if (Math.abs(a.weight - b.weight) > 1e-9) return b.weight - a.weight;
  return a.moved - b.moved || a.breaks - b.breaks;
}

/** Loads `slots` and checks them, tables and all, with the independent validator. */
function keepsConstraints(ctx: SearchContext, slots: Int32Array): boolean {
  ctx.state.load(slots);
  const result = { placements: placementsOf(ctx.problem, slots), unscheduled: explainUnscheduled(ctx) };
  return violationsOf(ctx.problem, result).length === 0;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
