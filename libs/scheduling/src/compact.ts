import { SearchContext, SHAPE_SHIFT } from './context';
import { KempeChains } from './kempe';

/**
 * Lexicographic weights of the compaction objective. Meetings are never given up here (only
 * gained), so what remains is: fairness-cap excess (a hard constraint), then moved published
 * meetings (to another slot, or pushed off their table by a booth or lock meeting), then breaks.
 * One excess break outweighs any number of moves, one move any number of breaks a single step can change.
 */
const EXCESS = 1_000_000;
const MOVE = 1_000;
/** Per idle slot inside a break: steers towards closing gaps, far below the value of a break. */
const IDLE = 0.01;
const IDLE_MASK = (1 << SHAPE_SHIFT) - 1;
/** e^-x on [0, EXP_RANGE) in steps of 1/EXP_STEPS: the acceptance test runs millions of times. */
const EXP_RANGE = 24;
const EXP_STEPS = 256;
const EXP_TABLE = Float64Array.from({ length: EXP_RANGE * EXP_STEPS }, (_, i) => Math.exp(-i / EXP_STEPS));
/** `dest` of a meeting that stays where it is. */
const STAYS = -2;

/**
 * Simulated annealing on breaks without losing a meeting. Moves: relocate a meeting; swap the
 * slots of two meetings of one participant (its agenda keeps its shape, the two counterparts'
 * change); exchange two slots along a Kempe chain (kempe.ts); and place an open request whenever it
 * fits. Deterministic for a seed.
 *
 * Tuned on realistic and tight instances of 50–700 requests: a cool schedule (0.3 → 0.1, against
 * cost steps of about one break) beat hotter and colder ones; focusing moves on participants with
 * breaks, aiming them next to a party's meetings, re-planning whole agendas by dynamic programming
 * and best-of-several restarts all did no better than spending the same time on one longer run.
 */
export function compactAgendas(ctx: SearchContext, iterations: number, options: CompactionOptions = {}): void {
  new Compactor(ctx, options).run(iterations);
}

export interface CompactionOptions {
  /**
   * Place an open request only where it takes no party over its break cap. Without it a request
   * may go in with excess for annealing to work off, which needs enforceBreakCaps afterwards (as
   * in the heuristic); with it a schedule within the caps stays within them (as after the MIP).
   */
  withinBreakCaps?: boolean;
}

export class Compactor {
  /** Each participant's agenda shape (see SearchContext.agendaIf). */
  private readonly shape: Int32Array;
  /** The objective of the current schedule. */
  private current = 0;
  private readonly placed: number[] = [];
  private readonly open: number[];
  private readonly chains: KempeChains;
  /** Per participant: epoch of the last Kempe move that touched it, and on which sides. */
  private readonly touched: Int32Array;
  private readonly sides: Uint8Array;
  private readonly touchedList: number[] = [];
  /** Shapes of the touched participants after a Kempe exchange (a chain touches at most 2 × its length). */
  private readonly shapeAfter = new Int32Array(64);
  private kempeEpoch = 0;
  private best = 0;
  private bestSlots: Int32Array;
  /** Slot each meeting of the step being priced goes to, else STAYS; see pushDelta. */
  private readonly dest: Int32Array;
  private readonly movers = new Int32Array(64);
  private readonly targets = new Int32Array(64);
  private readonly holders: number[] = [];
  private readonly slotNow = (r: number) => this.ctx.state.slotOf[r];
  private readonly slotAfter = (r: number) => (this.dest[r] === STAYS ? this.ctx.state.slotOf[r] : this.dest[r]);

  constructor(
    private readonly ctx: SearchContext,
    private readonly options: CompactionOptions = {},
  ) {
    const { problem, state } = ctx;
    this.shape = Int32Array.from({ length: problem.participantCount }, (_, p) => ctx.agendaIf(p, -1, -1));
    // Meetings only move here, so a saturated party stays saturated: only the others can still fit.
    this.open = ctx.openRequests().filter((r) => !ctx.isSaturated(r));
    for (let r = 0; r < problem.requestCount; r++) if (state.isPlaced(r) && !ctx.isLocked(r)) this.placed.push(r);
    this.chains = new KempeChains(ctx);
    this.touched = new Int32Array(problem.participantCount);
    this.sides = new Uint8Array(problem.participantCount);
    this.dest = new Int32Array(problem.requestCount).fill(STAYS);
    this.current = this.objective();
    this.best = this.current;
    this.bestSlots = state.slotOf.slice();
  }

  private cost(p: number, agenda: number): number {
    const breaks = agenda >> SHAPE_SHIFT;
    const excess = breaks - this.ctx.problem.maxBreaks[p];
    return breaks + (excess > 0 ? EXCESS * excess : 0) + IDLE * (agenda & IDLE_MASK);
  }

  private movedCost(r: number, t: number): number {
    const previous = this.ctx.problem.prevSlot[r];
    return previous >= 0 && t !== previous ? MOVE : 0;
  }

  /**
   * The change in published meetings pushed off their table if movers[i] went to targets[i]
   * (i < n). Only table holders push: the movers that need a table, and whoever holds the table a
   * published mover sat at (it pushes that mover once it is back in its slot).
   */
  private pushDelta(n: number): number {
    const index = this.ctx.publishedTables;
    if (!index) return 0;
    const { problem, state } = this.ctx;
    const { movers, targets, dest, holders } = this;
    holders.length = 0;
    const holder = (q: number) => {
      if (q >= 0 && problem.requiredTable[q] >= 0 && !holders.includes(q)) holders.push(q);
    };
    for (let i = 0; i < n; i++) {
      const q = movers[i];
      dest[q] = targets[i];
      holder(q);
      if (index.has(q)) holder(state.holderOf(problem.prevSlot[q], problem.prevTable[q]));
    }
    let delta = 0;
    for (const q of holders) {
      const table = problem.requiredTable[q];
      delta += index.pushedOff(this.slotAfter(q), table, this.slotAfter) - index.pushedOff(state.slotOf[q], table, this.slotNow);
    }
    for (let i = 0; i < n; i++) dest[movers[i]] = STAYS;
    return MOVE * delta;
  }

  /** pushDelta of one meeting going to slot t. */
  private pushDeltaOne(m: number, t: number): number {
    if (!this.ctx.publishedTables) return 0;
    this.movers[0] = m;
    this.targets[0] = t;
    return this.pushDelta(1);
  }

  run(iterations: number): void {
    const { ctx } = this;
    const { rng, state, problem } = ctx;
    if (this.placed.length === 0 && this.open.length === 0) return;
    const startTemp = 0.3;
    const endTemp = 0.1;
    const cooling = Math.pow(endTemp / startTemp, 1 / Math.max(1, iterations));
    let temp = startTemp;
    const P = problem.participantCount;
    for (let iter = 0; iter < iterations; iter++, temp *= cooling) {
      if (this.open.length > 0 && (iter & 255) === 0) this.tryOpen();
      // Nothing to move, or nothing left to gain: no break, no move, no excess.
      if (this.placed.length === 0 || this.current < 1e-9) break;
      const m = this.placed[rng.int(this.placed.length)];
      const roll = rng.next();
      if (roll < 0.3) this.relocate(m, temp);
      else if (roll < 0.6) this.swap(m, temp);
      else this.kempe(m, temp);
      if ((iter & 1023) === 1023) {
        state.commit();
        if (this.current < this.best) this.snapshot();
      }
    }
    if (this.current > this.best) {
      state.load(this.bestSlots);
      for (let p = 0; p < P; p++) this.setShape(p, ctx.agendaIf(p, -1, -1));
      this.current = this.best;
    }
    state.commit();
  }

  private setShape(p: number, shape: number): void {
    this.shape[p] = shape;
  }

  private snapshot(): void {
    this.best = this.current;
    this.bestSlots = this.ctx.state.slotOf.slice();
  }

  private objective(): number {
    const { problem, state } = this.ctx;
    let total = 0;
    for (let p = 0; p < problem.participantCount; p++) total += this.cost(p, this.shape[p]);
    for (let r = 0; r < problem.requestCount; r++) {
      if (!state.isPlaced(r)) continue;
      total += this.movedCost(r, state.slotOf[r]);
      total += MOVE * (this.ctx.publishedTables?.pushedOff(state.slotOf[r], problem.requiredTable[r], this.slotNow) ?? 0);
    }
    return total;
  }

  private accept(delta: number, temperature: number): boolean {
    if (delta <= 0) return true;
    const x = delta / temperature;
    return x < EXP_RANGE && this.ctx.rng.next() < EXP_TABLE[(x * EXP_STEPS) | 0];
  }

  private relocate(m: number, temperature: number): void {
    const { problem, state, rng } = this.ctx;
    const slots = problem.domain[m];
    const to = slots[rng.int(slots.length)];
    const from = state.slotOf[m];
    if (to === from || !this.fitsAfterLeaving(m, from, to)) return;
    const a = problem.partyA[m];
    const b = problem.partyB[m];
    const sa = this.ctx.agendaIf(a, to, from);
    const sb = this.ctx.agendaIf(b, to, from);
    const delta =
      this.cost(a, sa) - this.cost(a, this.shape[a]) + this.cost(b, sb) - this.cost(b, this.shape[b]) +
      this.movedCost(m, to) - this.movedCost(m, from) + this.pushDeltaOne(m, to);
    if (!this.accept(delta, temperature)) return;
    state.move(m, to);
    this.setShape(a, sa);
    this.setShape(b, sb);
    this.current += delta;
  }

  /** Whether m can move from `from` to `to`: both free, a table left, its table free, session caps. */
  private fitsAfterLeaving(m: number, from: number, to: number): boolean {
    const { problem, state } = this.ctx;
    const a = problem.partyA[m];
    const b = problem.partyB[m];
    if (!state.isFree(a, to) || !state.isFree(b, to)) return false;
    if (state.capacityLeft(to) <= 0 || !state.tableFree(to, problem.requiredTable[m])) return false;
    return this.sessionRoom(a, from, to) && this.sessionRoom(b, from, to);
  }

  /** A participant trading a meeting in session(from) for one in session(to) needs room there. */
  private sessionRoom(p: number, from: number, to: number): boolean {
    const { problem, state } = this.ctx;
    const s = problem.slotSession[to];
    if (s === problem.slotSession[from]) return true;
    return state.sessionMeetings[p * problem.sessionCount + s] < problem.maxPerSession[p];
  }

  private swap(m1: number, temperature: number): void {
    const { problem, state, rng, allowed } = this.ctx;
    const T = problem.slotCount;
    const { partyA, partyB, requiredTable } = problem;
    const p = rng.next() < 0.5 ? partyA[m1] : partyB[m1];
    const t1 = state.slotOf[m1];
    const t2 = this.randomOtherMeetingSlot(p, t1);
    if (t2 < 0) return;
    const m2 = state.occupant[p * T + t2];
    if (this.ctx.isLocked(m2)) return;
    const x = partyA[m1] === p ? partyB[m1] : partyA[m1];
    const y = partyA[m2] === p ? partyB[m2] : partyA[m2];
    if (x === y || !allowed[m1 * T + t2] || !allowed[m2 * T + t1]) return;
    if (!state.isFree(x, t2) || !state.isFree(y, t1)) return;
    const h2 = state.holderOf(t2, requiredTable[m1]);
    const h1 = state.holderOf(t1, requiredTable[m2]);
    if ((requiredTable[m1] >= 0 && h2 >= 0 && h2 !== m2) || (requiredTable[m2] >= 0 && h1 >= 0 && h1 !== m1)) return;
    if (!this.sessionRoom(x, t1, t2) || !this.sessionRoom(y, t2, t1)) return;
    const sx = this.ctx.agendaIf(x, t2, t1);
    const sy = this.ctx.agendaIf(y, t1, t2);
    const delta =
      this.cost(x, sx) - this.cost(x, this.shape[x]) + this.cost(y, sy) - this.cost(y, this.shape[y]) +
      this.movedCost(m1, t2) - this.movedCost(m1, t1) + this.movedCost(m2, t1) - this.movedCost(m2, t2) +
      this.swapPushDelta(m1, t2, m2, t1);
    if (!this.accept(delta, temperature)) return;
    state.remove(m1);
    state.remove(m2);
    state.place(m1, t2);
    state.place(m2, t1);
    this.setShape(x, sx);
    this.setShape(y, sy);
    this.current += delta;
  }

  private swapPushDelta(m1: number, t2: number, m2: number, t1: number): number {
    if (!this.ctx.publishedTables) return 0;
    this.movers[0] = m1;
    this.targets[0] = t2;
    this.movers[1] = m2;
    this.targets[1] = t1;
    return this.pushDelta(2);
  }

  private randomOtherMeetingSlot(p: number, t1: number): number {
    const { problem, state, rng } = this.ctx;
    const T = problem.slotCount;
    const start = rng.int(T);
    for (let i = 0; i < T; i++) {
      const t = (start + i) % T;
      if (t !== t1 && state.occupant[p * T + t] >= 0) return t;
    }
    return -1;
  }

  private kempe(m: number, temperature: number): void {
    const { problem, state, rng } = this.ctx;
    const slots = problem.domain[m];
    const chain = this.chains.build(m, slots[rng.int(slots.length)]);
    if (!chain) return;
    const { forward, backward, from, to } = chain;
    // A participant with a meeting on one side only trades `from` for `to` (or back); with one on
    // each side its agenda keeps its shape.
    const epoch = ++this.kempeEpoch;
    const list = this.touchedList;
    list.length = 0;
    for (let side = 1; side <= 2; side++) {
      for (const q of side === 1 ? forward : backward) {
        for (let end = 0; end < 2; end++) {
          const p = end === 0 ? problem.partyA[q] : problem.partyB[q];
          if (this.touched[p] !== epoch) {
            this.touched[p] = epoch;
            this.sides[p] = 0;
            list.push(p);
          }
          this.sides[p] |= side;
        }
      }
    }
    let delta = 0;
    const after = this.shapeAfter;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      const sides = this.sides[p];
      const shape = sides === 3 ? this.shape[p] : sides === 1 ? this.ctx.agendaIf(p, to, from) : this.ctx.agendaIf(p, from, to);
      after[i] = shape;
      delta += this.cost(p, shape) - this.cost(p, this.shape[p]);
    }
    for (const q of forward) delta += this.movedCost(q, to) - this.movedCost(q, from);
    for (const q of backward) delta += this.movedCost(q, from) - this.movedCost(q, to);
    if (this.ctx.publishedTables) {
      let n = 0;
      for (const q of forward) {
        this.movers[n] = q;
        this.targets[n++] = to;
      }
      for (const q of backward) {
        this.movers[n] = q;
        this.targets[n++] = from;
      }
      delta += this.pushDelta(n);
    }
    if (!this.accept(delta, temperature)) return;
    for (const q of forward) state.remove(q);
    for (const q of backward) state.remove(q);
    for (const q of forward) state.place(q, to);
    for (const q of backward) state.place(q, from);
    for (let i = 0; i < list.length; i++) this.setShape(list[i], after[i]);
    this.current += delta;
  }

  private overBreakCap(p: number, add: number): boolean {
    return this.ctx.breaksIf(p, add, -1) > this.ctx.problem.maxBreaks[p];
  }

  /** Places open requests that now fit, each where it costs least. */
  private tryOpen(): void {
    const { problem, state } = this.ctx;
    const open = this.open;
    for (let i = open.length - 1; i >= 0; i--) {
      const r = open[i];
      const a = problem.partyA[r];
      const b = problem.partyB[r];
      let bestT = -1;
      let bestDelta = Infinity;
      for (const t of problem.domain[r]) {
        if (!state.canPlace(r, t)) continue;
        if (this.options.withinBreakCaps && (this.overBreakCap(a, t) || this.overBreakCap(b, t))) continue;
        const delta =
          this.cost(a, this.ctx.agendaIf(a, t, -1)) - this.cost(a, this.shape[a]) +
          this.cost(b, this.ctx.agendaIf(b, t, -1)) - this.cost(b, this.shape[b]) + this.movedCost(r, t) + this.pushDeltaOne(r, t);
        if (delta < bestDelta) {
          bestDelta = delta;
          bestT = t;
        }
      }
      if (bestT < 0) continue;
      state.place(r, bestT);
      this.setShape(a, this.ctx.agendaIf(a, -1, -1));
      this.setShape(b, this.ctx.agendaIf(b, -1, -1));
      this.current += bestDelta;
      open[i] = open[open.length - 1];
      open.pop();
      this.placed.push(r);
      this.snapshot(); // a gained meeting beats any break count: never roll it back
    }
  }
}
