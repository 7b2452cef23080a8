import { countBreaksOf } from './breaks';
import { SearchContext } from './context';
import { Placement, ScheduleMetrics, ScheduleResult } from './model';
import { Problem } from './problem';
import { publishedChanges } from './published';
import { explainUnscheduled } from './reasons';
import { assignTables } from './tables';

export type ResultExtras = Pick<ScheduleMetrics, 'mode' | 'bound' | 'solveMs' | 'meetingsOptimal' | 'breaksOptimal' | 'breaksLowerBound'>;

/** Turns the final slot assignment into the public result: tables, reasons and metrics. */
export function buildResult(ctx: SearchContext, extras: ResultExtras): ScheduleResult {
  const { problem, state } = ctx;
  const tableOf = assignTables(problem, state.slotOf);
  const placements = placementsOf(problem, state.slotOf, tableOf);
  const { moved, dropped } = publishedChanges(problem, state.slotOf, tableOf);
  let weight = 0; // summed afresh: the running total of the search drifts with fractional priorities
  for (let r = 0; r < problem.requestCount; r++) if (state.slotOf[r] >= 0) weight += problem.weight[r];
  const breaks = countBreaksOf(problem, state.occupant);
  const { bound } = extras;
  const gap = bound.weight > 0 ? (100 * (bound.weight - weight)) / bound.weight : 0;
  return {
    placements,
    unscheduled: explainUnscheduled(ctx),
    metrics: {
      mode: extras.mode,
      requests: problem.requestCount,
      scheduled: state.placedCount,
      scheduledWeight: weight,
      bound,
      gapPercent: Math.max(0, Math.round(gap * 1000) / 1000),
      totalBreaks: breaks.total,
      maxBreaks: breaks.max,
      moved,
      dropped,
      ...(extras.meetingsOptimal === undefined ? {} : { meetingsOptimal: extras.meetingsOptimal }),
      ...(extras.breaksOptimal === undefined ? {} : { breaksOptimal: extras.breaksOptimal }),
      ...(extras.breaksLowerBound === undefined ? {} : { breaksLowerBound: extras.breaksLowerBound }),
      solveMs: extras.solveMs,
    },
  };
}

/** The placements of a slot assignment, in request order, with their tables. */
export function placementsOf(problem: Problem, slotOf: Int32Array, tableOf = assignTables(problem, slotOf)): Placement[] {
  const placements: Placement[] = [];
  for (let r = 0; r < problem.requestCount; r++) {
    const t = slotOf[r];
    if (t >= 0) placements.push({ requestId: problem.instance.requests[r].id, slot: problem.slotIds[t], table: tableOf[r] });
  }
  return placements;
}
