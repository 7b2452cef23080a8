import { SearchContext } from './context';

const MAX_EJECTED = 8;
/** Over a cap with only locked meetings to give up. */
const STUCK = -2;

/**
 * Tabu search over partial schedules (PartialCol, Blöchliger & Zufferey 2008, adapted): a move puts
 * an open request into a slot and ejects whatever stands in its way — the parties' meetings there,
 * the holder of its table, a meeting of a full slot, or a meeting of a party at its cap. The cost is
 * the open priority weight; an ejected meeting may not return to its slot for a while (the tenure
 * grows with the number of open requests). Keeps the best schedule seen.
 *
 * Requests that cannot raise the weight (a saturated party with nothing cheaper to give up) are
 * left out of the candidate list, so the search spends its evaluations where a gain is possible.
 * The budget counts move evaluations, so the work is bounded whatever the instance.
 */
export function tabuSearch(ctx: SearchContext, evaluationBudget: number, targetWeight: number): void {
  const { problem, state, rng } = ctx;
  const { slotCount: T, weight, domain, partyA, partyB, requiredTable, slotSession, sessionCount: S } = problem;
  const open = new OpenSet(problem.requestCount);
  for (const r of ctx.openRequests()) if (!ctx.isDominated(r)) open.add(r);
  if (open.size === 0) return;

  const tabuUntil = new Int32Array(problem.requestCount * T);
  const buffer = new Int32Array(MAX_EJECTED);
  let bestWeight = state.placedWeight;
  let bestSlots = state.slotOf.slice();
  let evaluations = 0;
  let sinceImprovement = 0;
  const stallBudget = Math.max(200_000, evaluationBudget >> 2);
  const perIteration = 3000;

  for (let iter = 1; open.size > 0 && evaluations < evaluationBudget; iter++) {
    if (state.placedWeight >= targetWeight - 1e-9 || sinceImprovement > stallBudget) break;
    const before = evaluations;
    const move = bestMove(iter);
    sinceImprovement += evaluations - before;
    if (!move) break;
    for (const e of move.ejected) {
      tabuUntil[e * T + state.slotOf[e]] = iter + Math.floor(0.6 * open.size) + rng.int(10);
      state.remove(e);
      open.add(e);
    }
    state.place(move.r, move.t);
    open.delete(move.r);
    state.commit();
    if (state.placedWeight > bestWeight + 1e-9) {
      bestWeight = state.placedWeight;
      bestSlots = state.slotOf.slice();
      sinceImprovement = 0;
    }
  }
  state.load(bestSlots);

  function bestMove(iter: number): { r: number; t: number; delta: number; ejected: number[] } | null {
    let best: { r: number; t: number; delta: number; ejected: number[] } | null = null;
    let ties = 0;
    const candidates = open.items();
    const stride = Math.max(1, Math.floor((candidates.length * 12) / perIteration));
    for (let i = rng.int(stride); i < candidates.length; i += stride) {
      const r = candidates[i];
      const slots = domain[r];
      for (let k = 0; k < slots.length; k++) {
        const t = slots[k];
        evaluations++;
        const n = evaluate(r, t);
        if (n < 0) continue;
        let delta = -weight[r];
        for (let j = 0; j < n; j++) delta += weight[buffer[j]];
        if (best && delta > best.delta + 1e-9) continue;
        const aspiration = state.placedWeight - delta > bestWeight + 1e-9;
        if (tabuUntil[r * T + t] > iter && !aspiration) continue;
        if (!best || delta < best.delta - 1e-9) ties = 1;
        else if (rng.int(++ties) !== 0) continue;
        best = { r, t, delta, ejected: Array.from(buffer.subarray(0, n)) };
      }
    }
    return best;
  }

  function listed(q: number, n: number): boolean {
    for (let j = 0; j < n; j++) if (buffer[j] === q) return true;
    return false;
  }

  /** Fills `buffer` with the meetings r would eject from t and returns how many; -1 when it cannot go there. */
  function evaluate(r: number, t: number): number {
    const a = partyA[r];
    const b = partyB[r];
    let n = 0;
    const qa = state.occupant[a * T + t];
    if (qa >= 0) {
      if (ctx.isLocked(qa)) return -1;
      buffer[n++] = qa;
    }
    const qb = state.occupant[b * T + t];
    if (qb >= 0 && qb !== qa) {
      if (ctx.isLocked(qb)) return -1;
      buffer[n++] = qb;
    }
    const table = requiredTable[r];
    if (table >= 0) {
      const h = state.holderOf(t, table);
      if (h >= 0 && !listed(h, n)) {
        if (ctx.isLocked(h)) return -1;
        buffer[n++] = h;
      }
    }
    for (let side = 0; side < 2; side++) {
      const victim = capVictim(side === 0 ? a : b, t, n);
      if (victim === STUCK) return -1;
      if (victim >= 0 && !listed(victim, n)) buffer[n++] = victim;
    }
    let atSlot = 0;
    for (let j = 0; j < n; j++) if (state.slotOf[buffer[j]] === t) atSlot++;
    if (state.slotLoad[t] - atSlot >= problem.sessionTables[slotSession[t]]) {
      const victim = slotVictim(t, n);
      if (victim < 0 || n >= MAX_EJECTED) return -1;
      buffer[n++] = victim;
    }
    return n;
  }

  /** p's cheapest meeting to drop when r would take p over a cap; -1 when p has room, STUCK when none can go. */
  function capVictim(p: number, t: number, n: number): number {
    const s = slotSession[t];
    let own = 0;
    let ownInSession = 0;
    for (let j = 0; j < n; j++) {
      const q = buffer[j];
      if (partyA[q] !== p && partyB[q] !== p) continue;
      own++;
      if (slotSession[state.slotOf[q]] === s) ownInSession++;
    }
    const overall = state.meetings[p] - own >= problem.maxMeetings[p];
    const session = state.sessionMeetings[p * S + s] - ownInSession >= problem.maxPerSession[p];
    if (!overall && !session) return -1;
    // Only a meeting in t's session frees the session cap; it frees the overall cap as well.
    let victim = -1;
    for (let u = 0; u < T; u++) {
      const q = state.occupant[p * T + u];
      if (q < 0 || ctx.isLocked(q) || (session && slotSession[u] !== s) || listed(q, n)) continue;
      if (victim < 0 || weight[q] < weight[victim]) victim = q;
    }
    return victim < 0 ? STUCK : victim;
  }

  /** The cheapest of a few sampled meetings of a full slot. */
  function slotVictim(t: number, n: number): number {
    const members = state.slotMembers[t];
    const load = state.slotLoad[t];
    let victim = -1;
    for (let i = 0; i < Math.min(load, 6); i++) {
      const q = members[rng.int(load)];
      if (ctx.isLocked(q) || listed(q, n)) continue;
      if (victim < 0 || weight[q] < weight[victim]) victim = q;
    }
    return victim;
  }
}

/** Open requests with O(1) add, delete and indexed access. */
class OpenSet {
  private readonly list: number[] = [];
  private readonly pos: Int32Array;

  constructor(size: number) {
    this.pos = new Int32Array(size).fill(-1);
  }

  get size(): number {
    return this.list.length;
  }

  items(): readonly number[] {
    return this.list;
  }

  add(r: number): void {
    if (this.pos[r] >= 0) return;
    this.pos[r] = this.list.length;
    this.list.push(r);
  }

  delete(r: number): void {
    const i = this.pos[r];
    if (i < 0) return;
    const last = this.list.pop()!;
    if (last !== r) {
      this.list[i] = last;
      this.pos[last] = i;
    }
    this.pos[r] = -1;
  }
}
