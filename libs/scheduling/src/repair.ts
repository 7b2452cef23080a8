import { SearchContext } from './context';

/**
 * Ejection chains: to place request r in slot t, the meetings in its way (a party's meeting at t,
 * the holder of the table it needs, or one meeting when t has no table left) are moved out and
 * re-placed the same way, recursively — an augmenting path in the Kempe-chain sense. Iterative
 * deepening finds a short chain first, so a late request moves as few published meetings as it can.
 */
export class EjectionRepair {
  private readonly stamp: Int32Array;
  private epoch = 0;
  private nodes = 0;
  private budget = 0;

  constructor(
    private readonly ctx: SearchContext,
    private readonly maxDepth: number,
    private readonly nodeBudget: number,
  ) {
    this.stamp = new Int32Array(ctx.problem.requestCount);
  }

  /** Tries every open request, highest priority and fewest slots first; returns how many it placed. */
  repairAll(): number {
    const { problem } = this.ctx;
    const open = this.ctx.openRequests();
    open.sort((x, y) => problem.weight[y] - problem.weight[x] || problem.domain[x].length - problem.domain[y].length || x - y);
    let placed = 0;
    // A saturated party has no slot to offer however meetings move: only an exchange could help.
    for (const r of open) if (!this.ctx.isSaturated(r) && this.insert(r)) placed++;
    return placed;
  }

  /** Places r by the shortest chain found within the node budget. */
  insert(r: number): boolean {
    const state = this.ctx.state;
    this.budget = this.nodeBudget;
    this.nodes = 0; // one budget for all depths
    for (let depth = 0; depth <= this.maxDepth; depth++) {
      this.epoch++;
      const mark = state.mark();
      if (this.chain(r, depth, -1)) {
        state.commit();
        return true;
      }
      state.rollback(mark);
      if (this.nodes >= this.budget) break; // deeper searches would be cut off too
    }
    return false;
  }

  private chain(r: number, depth: number, forbidden: number): boolean {
    const { problem, state } = this.ctx;
    if (++this.nodes > this.budget) return false;
    const slots = problem.domain[r];
    const options: { t: number; blockers: number[] }[] = [];
    // A free slot ends the chain; one that pushes a published meeting off its table only if no other is free.
    let free = -1;
    for (const t of slots) {
      if (t === forbidden) continue;
      const blockers = this.blockers(r, t);
      if (!blockers) continue;
      if (blockers.length === 0) {
        if (free < 0) free = t;
        if (this.ctx.pushesOff(r, t) === 0) {
          free = t;
          break;
        }
        continue;
      }
      if (depth > 0) options.push({ t, blockers });
    }
    if (free >= 0) {
      state.place(r, free);
      this.stamp[r] = this.epoch;
      return true;
    }
    options.sort((x, y) => x.blockers.length - y.blockers.length);
    for (const { t, blockers } of options) {
      const mark = state.mark();
      for (const b of blockers) state.remove(b);
      state.place(r, t);
      this.stamp[r] = this.epoch;
      let ok = true;
      for (const b of blockers) {
        if (!this.chain(b, depth - 1, t)) {
          ok = false;
          break;
        }
      }
      if (ok) return true;
      state.rollback(mark);
      this.stamp[r] = 0;
      if (this.nodes > this.budget) return false;
    }
    return false;
  }

  /** Meetings to move so r fits in t, or null when moving meetings cannot make it fit. */
  private blockers(r: number, t: number): number[] | null {
    const { problem, state } = this.ctx;
    const T = problem.slotCount;
    const a = problem.partyA[r];
    const b = problem.partyB[r];
    const list: number[] = [];
    const take = (q: number): boolean => {
      if (q < 0 || list.includes(q)) return true;
      if (this.ctx.isLocked(q) || this.stamp[q] === this.epoch) return false;
      list.push(q);
      return true;
    };
    if (!take(state.occupant[a * T + t]) || !take(state.occupant[b * T + t])) return null;
    const table = problem.requiredTable[r];
    if (table >= 0 && !take(state.holderOf(t, table))) return null;
    // Moving a meeting to another slot frees no cap, so a party at its cap blocks the chain.
    for (const p of [a, b]) {
      const own = list.filter((q) => problem.partyA[q] === p || problem.partyB[q] === p).length;
      const s = problem.slotSession[t];
      if (state.meetings[p] - own >= problem.maxMeetings[p]) return null;
      if (state.sessionMeetings[p * problem.sessionCount + s] - own >= problem.maxPerSession[p]) return null;
    }
    if (state.slotLoad[t] - list.length >= problem.sessionTables[problem.slotSession[t]]) {
      const victim = this.capacityVictim(t, list);
      if (victim < 0) return null;
      list.push(victim);
    }
    return list;
  }

  /** A meeting of a full slot to move out: one that can go straight elsewhere, if a few tries find one. */
  private capacityVictim(t: number, exclude: number[]): number {
    const { problem, state, rng } = this.ctx;
    const members = state.slotMembers[t];
    const n = state.slotLoad[t];
    if (n === 0) return -1;
    const start = rng.int(n);
    let fallback = -1;
    for (let i = 0; i < Math.min(n, 24); i++) {
      const q = members[(start + i) % n];
      if (this.ctx.isLocked(q) || this.stamp[q] === this.epoch || exclude.includes(q)) continue;
      if (fallback < 0) fallback = q;
      for (const u of problem.domain[q]) if (u !== t && state.canPlace(q, u)) return q;
    }
    return fallback;
  }
}
