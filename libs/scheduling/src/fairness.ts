import { SearchContext } from './context';

/**
 * Makes the fairness caps hold. Compaction already pushes breaks under the caps; where it could not,
 * meetings of the participant over its cap are given up, each time the one that removes the most
 * excess (then the lowest priority). Locked meetings go last: a lock that cannot coexist with a cap
 * is reported infeasible. Then every open request is put where it fits without excess — the
 * last pass of the heuristic, so nothing that fits is left out (reasons.ts reports the rest).
 */
export function enforceBreakCaps(ctx: SearchContext): void {
  const { problem, state } = ctx;
  const { participantCount: P, maxBreaks, slotCount: T } = problem;

  let p = 0;
  while (p < P) {
    if (ctx.breaksOf(p) <= maxBreaks[p]) {
      p++;
      continue;
    }
    const victim = bestVictim(p);
    state.remove(victim);
    if (ctx.isLocked(victim)) {
      ctx.excluded[victim] = 1;
      ctx.lockFailure.set(victim, `the lock gives ${problem.instance.participants[p].id} more breaks than its cap`);
    }
    p = 0; // the counterpart may now have more breaks: check everyone again
  }
  reinsert();
  state.commit();

  function excess(q: number, add: number, drop: number): number {
    return Math.max(0, ctx.breaksIf(q, add, drop) - maxBreaks[q]);
  }

  /** p's meeting to give up: not locked if possible, then the most excess removed, then the lowest priority. */
  function bestVictim(p: number): number {
    let victim = -1;
    let best: [number, number, number] = [Infinity, Infinity, Infinity];
    for (let t = 0; t < T; t++) {
      const m = state.occupant[p * T + t];
      if (m < 0) continue;
      const other = problem.partyA[m] === p ? problem.partyB[m] : problem.partyA[m];
      const left = excess(p, -1, t) + excess(other, -1, t) - excess(other, -1, -1);
      const key: [number, number, number] = [ctx.isLocked(m) ? 1 : 0, left, problem.weight[m]];
      if (key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) {
        best = key;
        victim = m;
      }
    }
    return victim;
  }

  /** Open requests where they fit without excess, preferring a slot that pushes no published meeting off its table. */
  function reinsert(): void {
    for (const r of ctx.openRequests()) {
      const a = problem.partyA[r];
      const b = problem.partyB[r];
      let chosen = -1;
      for (const t of problem.domain[r]) {
        if (!state.canPlace(r, t)) continue;
        if (ctx.breaksIf(a, t, -1) > maxBreaks[a] || ctx.breaksIf(b, t, -1) > maxBreaks[b]) continue;
        if (chosen < 0) chosen = t;
        if (ctx.pushesOff(r, t) === 0) {
          chosen = t;
          break;
        }
      }
      if (chosen >= 0) state.place(r, chosen);
    }
  }
}
