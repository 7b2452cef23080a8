import { Problem } from './problem';

/** Above this many meetings a participant's 2^k states cost more than its bound brings. */
const MAX_MEETINGS = 12;

/**
 * A lower bound on total breaks, valid when every one of the given requests must be held (the
 * exact mode uses it once the MIP has proved that every placeable request is placed): each
 * participant alone needs at least the breaks of its best agenda, its meetings in distinct slots of
 * their domains, ignoring everyone else. Summed over participants it is often the exact minimum —
 * breaks in small events mostly come from availability — and it lets the MIP stop at once.
 * Returns the bound per participant (0 where it was not computed).
 */
export function breakLowerBounds(problem: Problem, held: (r: number) => boolean): Int32Array {
  const bounds = new Int32Array(problem.participantCount);
  for (let p = 0; p < problem.participantCount; p++) {
    const requests = Array.from(problem.requestsOf[p]).filter(held);
    if (requests.length >= 2 && requests.length <= MAX_MEETINGS) bounds[p] = fewestBreaks(problem, p, requests);
  }
  return bounds;
}

const NONE_YET = 0;
const BUSY = 1;
const IDLE_AFTER = 2;

/** DP over p's timeline: state = (meetings placed as a bit set, what the last position was). */
function fewestBreaks(problem: Problem, p: number, requests: number[]): number {
  const T = problem.slotCount;
  const k = requests.length;
  const fits: number[] = []; // per timeline position, the meetings whose domain has that slot
  for (let t = 0; t < T; t++) {
    if (!problem.available[p * T + t]) continue;
    let mask = 0;
    requests.forEach((r, j) => {
      if (problem.domain[r].includes(t)) mask |= 1 << j;
    });
    fits.push(mask);
  }
  const size = (1 << k) * 3;
  let cost = new Int32Array(size).fill(Infinity_);
  let next = new Int32Array(size);
  cost[NONE_YET] = 0;
  for (const allowed of fits) {
    next.fill(Infinity_);
    for (let mask = 0; mask < 1 << k; mask++) {
      for (let status = 0; status < 3; status++) {
        const value = cost[mask * 3 + status];
        if (value === Infinity_) continue;
        const idle = mask * 3 + (status === NONE_YET ? NONE_YET : IDLE_AFTER);
        if (value < next[idle]) next[idle] = value;
        const resume = value + (status === IDLE_AFTER ? 1 : 0);
        for (let free = allowed & ~mask; free !== 0; free &= free - 1) {
          const busy = (mask | (free & -free)) * 3 + BUSY;
          if (resume < next[busy]) next[busy] = resume;
        }
      }
    }
    [cost, next] = [next, cost];
  }
  const full = ((1 << k) - 1) * 3;
  const best = Math.min(cost[full + NONE_YET], cost[full + BUSY], cost[full + IDLE_AFTER]);
  return best === Infinity_ ? 0 : best; // no agenda at all: the requests cannot all be held
}

const Infinity_ = 0x3fffffff;
