import { SearchContext } from './context';

/** Longest chain tried: longer ones rarely pass the checks and cost more than they bring. */
const MAX_CHAIN = 24;

export interface KempeChain {
  /** Meetings moving from slot `from` to slot `to`, and those moving back. */
  forward: number[];
  backward: number[];
  from: number;
  to: number;
}

/**
 * Kempe chains between two slots. The chain of meeting m towards slot `to` is m, the meetings in
 * `to` of its parties, their parties' meetings in m's slot, and so on. Exchanging the two slots
 * along the chain keeps everyone in at most one meeting per slot, so it moves a meeting where no
 * single relocation could. Scratch arrays are reused: this runs millions of times per schedule.
 */
export class KempeChains {
  private readonly stamp: Int32Array;
  private readonly seen: Int32Array;
  private readonly gain: Int32Array;
  private epoch = 0;
  private readonly queue: number[] = [];
  private readonly chain: KempeChain = { forward: [], backward: [], from: -1, to: -1 };

  constructor(private readonly ctx: SearchContext) {
    this.stamp = new Int32Array(ctx.problem.requestCount);
    this.seen = new Int32Array(ctx.problem.participantCount);
    this.gain = new Int32Array(ctx.problem.participantCount);
  }

  /** The chain (valid until the next call), or null when it is too long or breaks a constraint. */
  build(m: number, to: number): KempeChain | null {
    const { problem, state } = this.ctx;
    const { slotCount: T, partyA, partyB } = problem;
    const from = state.slotOf[m];
    if (from === to) return null;
    const epoch = ++this.epoch;
    const { forward, backward } = this.chain;
    forward.length = 0;
    backward.length = 0;
    this.chain.from = from;
    this.chain.to = to;
    const queue = this.queue;
    queue.length = 0;
    queue.push(m);
    this.stamp[m] = epoch;
    while (queue.length > 0) {
      const q = queue.pop()!;
      const at = state.slotOf[q];
      const other = at === from ? to : from;
      if (this.ctx.isLocked(q) || !this.ctx.allowed[q * T + other]) return null;
      (at === from ? forward : backward).push(q);
      if (forward.length + backward.length > MAX_CHAIN) return null;
      for (let side = 0; side < 2; side++) {
        const p = side === 0 ? partyA[q] : partyB[q];
        const o = state.occupant[p * T + other];
        if (o >= 0 && this.stamp[o] !== epoch) {
          this.stamp[o] = epoch;
          queue.push(o);
        }
      }
    }
    return this.fitsTables() && this.fitsSessionCaps() ? this.chain : null;
  }

  private fitsTables(): boolean {
    const { state } = this.ctx;
    const { forward, backward, from, to } = this.chain;
    const grow = forward.length - backward.length;
    if (state.capacityLeft(to) < grow || state.capacityLeft(from) < -grow) return false;
    return this.tablesClear(forward, backward, to) && this.tablesClear(backward, forward, from);
  }

  /** Each mover's required table in `slot` is free or held by a meeting leaving it. */
  private tablesClear(movers: number[], leavers: number[], slot: number): boolean {
    const { problem, state } = this.ctx;
    for (const q of movers) {
      const table = problem.requiredTable[q];
      if (table < 0) continue;
      const holder = state.holderOf(slot, table);
      if (holder >= 0 && !leavers.includes(holder)) return false;
    }
    return true;
  }

  private fitsSessionCaps(): boolean {
    const { problem, state } = this.ctx;
    const { forward, backward, from, to } = this.chain;
    const sFrom = problem.slotSession[from];
    const sTo = problem.slotSession[to];
    if (sFrom === sTo) return true;
    // gain[p]: meetings p gains in session sTo (negative: in sFrom).
    const epoch = this.epoch;
    for (let side = 0; side < 2; side++) {
      for (const q of side === 0 ? forward : backward) {
        for (let end = 0; end < 2; end++) {
          const p = end === 0 ? problem.partyA[q] : problem.partyB[q];
          if (this.seen[p] !== epoch) {
            this.seen[p] = epoch;
            this.gain[p] = 0;
          }
          this.gain[p] += side === 0 ? 1 : -1;
        }
      }
    }
    const S = problem.sessionCount;
    for (let side = 0; side < 2; side++) {
      for (const q of side === 0 ? forward : backward) {
        for (let end = 0; end < 2; end++) {
          const p = end === 0 ? problem.partyA[q] : problem.partyB[q];
          const gain = this.gain[p];
          if (gain > 0 && state.sessionMeetings[p * S + sTo] + gain > problem.maxPerSession[p]) return false;
          if (gain < 0 && state.sessionMeetings[p * S + sFrom] - gain > problem.maxPerSession[p]) return false;
        }
      }
    }
    return true;
  }
}
