import { solveExact } from './exact';
import { compileProblem } from './problem';
import { scheduleEvent } from './schedule';
import { lateBoothMeeting, randomEvent } from './testing/fixtures';
import { validateSchedule } from './validate';

/** Twenty seeded events of 30 to 80 requests, solved by the heuristic and by the MIP. */
const cases = Array.from({ length: 20 }, (_, i) => ({ seed: 100 + i, requests: 30 + ((i * 17) % 51) }));

describe('heuristic against the exact MIP optimum', () => {
  it.each(cases)('reaches 99% of the optimum on event seed $seed with $requests requests', async ({ seed, requests }) => {
    const instance = randomEvent(seed, requests);
    const heuristic = await scheduleEvent(instance, { mode: 'heuristic', effort: 0.05 });
    const exact = await scheduleEvent(instance, { mode: 'exact', effort: 0.05, exactBreaks: false, exactTimeLimitSeconds: 10 });
    expect(exact.metrics.meetingsOptimal).toBe(true);
    expect(heuristic.metrics.scheduledWeight).toBeGreaterThanOrEqual(0.99 * exact.metrics.scheduledWeight);
    // The LP bound the heuristic reports is above the optimum, as a bound must be.
    expect(heuristic.metrics.bound.weight).toBeGreaterThanOrEqual(exact.metrics.scheduledWeight);
    expect(validateSchedule(instance, exact)).toEqual([]);
  });
});

describe('solveExact on a re-schedule', () => {
  it('keeps a published meeting at its table, not only in its slot, above fewer breaks', async () => {
    // No start from the heuristic: the MIP alone must see that X–C in slot 0 pushes A–B off table 1.
    const problem = compileProblem(lateBoothMeeting());
    const none = new Uint8Array(problem.requestCount);
    const outcome = await solveExact(problem, none, () => false, undefined, 5, true);
    const slotOf = (id: string) => outcome!.slotOf[problem.requestIndex.get(id)!];
    expect([slotOf('AB'), slotOf('XF'), slotOf('XC')]).toEqual([0, 1, 3]);
    expect(outcome!.breaksOptimal).toBe(true);
  });
});
