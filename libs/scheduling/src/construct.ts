import { SearchContext } from './context';

/**
 * Greedy cost of pushing a published meeting off its table: about one neighbour's meeting put at
 * risk, so above the compactness term (a move ranks above breaks) and below losing meetings.
 */
const PUSH_OFF = 1;

/**
 * Greedy construction, most constrained request first (the DSATUR rule of graph colouring): the
 * request with the fewest slots still open is placed next, in the slot that hurts its neighbours
 * least. Previously published meetings go back to their slots first, so a re-schedule starts from
 * the published agenda.
 */
export function constructGreedy(ctx: SearchContext, selection?: Float64Array): void {
  const { problem, state } = ctx;
  const { requestCount: R, slotCount: T, weight, partyA, partyB, requestsOf, domain } = problem;

  const previous = ctx.openRequests().filter((r) => problem.prevSlot[r] >= 0);
  previous.sort((x, y) => weight[y] - weight[x] || x - y);
  for (const r of previous) {
    const t = problem.prevSlot[r];
    if (ctx.allowed[r * T + t] && state.canPlace(r, t)) state.place(r, t);
  }

  const freeCount = new Int32Array(R);
  const open = new Uint8Array(R);
  const slotDemand = new Float64Array(T);
  // Tier 0 first: requests a weight-optimal choice keeps (see BoundOutcome.selection).
  const tier = Uint8Array.from({ length: R }, (_, r) => (selection && selection[r] < 0.5 ? 1 : 0));
  const heap = new RequestHeap(freeCount, weight, tier);
  const byRequiredTable = new Map<number, number[]>();
  for (const r of ctx.openRequests()) {
    open[r] = 1;
    freeCount[r] = countFree(r);
    for (const t of domain[r]) slotDemand[t] += 1 / domain[r].length;
    heap.push(r);
    const table = problem.requiredTable[r];
    if (table < 0) continue;
    const sharing = byRequiredTable.get(table);
    if (sharing) sharing.push(r);
    else byRequiredTable.set(table, [r]);
  }
  const slotRequests = requestsBySlot();

  while (heap.size > 0) {
    const r = heap.pop();
    if (!open[r]) continue;
    const t = freeCount[r] > 0 ? bestSlot(r) : -1;
    open[r] = 0;
    for (const u of domain[r]) slotDemand[u] -= 1 / domain[r].length;
    if (t < 0) continue; // left for the repair phases
    state.place(r, t);
    refresh(requestsOf[partyA[r]]);
    refresh(requestsOf[partyB[r]]);
    if (state.capacityLeft(t) === 0) refresh(slotRequests[t]);
    const table = problem.requiredTable[r];
    if (table >= 0) refresh(byRequiredTable.get(table) ?? []);
  }
  state.commit();

  function countFree(r: number): number {
    let n = 0;
    for (const t of domain[r]) if (state.canPlace(r, t)) n++;
    return n;
  }

  function refresh(requests: ArrayLike<number>): void {
    for (let i = 0; i < requests.length; i++) {
      const q = requests[i];
      if (!open[q]) continue;
      const n = countFree(q);
      if (n !== freeCount[q]) {
        freeCount[q] = n;
        heap.push(q); // keys only fall, so the stale entry surfaces later and is skipped
      }
    }
  }

  /**
   * Cheapest slot: the open neighbours' loss (each weighted by how few slots it has left), the
   * slot's table pressure, published meetings it pushes off their table, and a little compactness
   * so the agendas start out without gaps.
   */
  function bestSlot(r: number): number {
    const a = partyA[r];
    const b = partyB[r];
    const before = ctx.breaksOf(a) + ctx.breaksOf(b);
    let best = -1;
    let bestScore = Infinity;
    for (const t of domain[r]) {
      if (!state.canPlace(r, t)) continue;
      let score = neighbourLoss(requestsOf[a], r, t) + neighbourLoss(requestsOf[b], r, t);
      score += (0.5 * slotDemand[t]) / Math.max(1, state.capacityLeft(t));
      score += 0.3 * (ctx.breaksIf(a, t, -1) + ctx.breaksIf(b, t, -1) - before);
      score += PUSH_OFF * ctx.pushesOff(r, t);
      if (score < bestScore - 1e-12) {
        bestScore = score;
        best = t;
      }
    }
    return best;
  }

  function neighbourLoss(requests: Int32Array, r: number, t: number): number {
    let loss = 0;
    for (const q of requests) {
      if (q === r || !open[q] || !ctx.allowed[q * T + t] || !state.canPlace(q, t)) continue;
      loss += weight[q] / freeCount[q];
    }
    return loss;
  }

  function requestsBySlot(): number[][] {
    const lists: number[][] = Array.from({ length: T }, () => []);
    for (let r = 0; r < R; r++) if (open[r]) for (const t of domain[r]) lists[t].push(r);
    return lists;
  }
}

/** Binary heap of requests: lower tier, then fewest free slots, then the higher priority, then input order. */
class RequestHeap {
  private readonly items: number[] = [];
  private readonly keys: number[] = [];

  constructor(
    private readonly freeCount: Int32Array,
    private readonly weight: Float64Array,
    private readonly tier: Uint8Array,
  ) {}

  get size(): number {
    return this.items.length;
  }

  push(r: number): void {
    this.items.push(r);
    this.keys.push(this.freeCount[r]);
    this.up(this.items.length - 1);
  }

  /** Pops the best entry whose key is still current. */
  pop(): number {
    for (;;) {
      const r = this.items[0];
      const key = this.keys[0];
      const lastItem = this.items.pop()!;
      const lastKey = this.keys.pop()!;
      if (this.items.length > 0) {
        this.items[0] = lastItem;
        this.keys[0] = lastKey;
        this.down(0);
      }
      if (key === this.freeCount[r] || this.items.length === 0) return r;
    }
  }

  private less(i: number, j: number): boolean {
    const ti = this.tier[this.items[i]];
    const tj = this.tier[this.items[j]];
    if (ti !== tj) return ti < tj;
    const ki = this.keys[i];
    const kj = this.keys[j];
    if (ki !== kj) return ki < kj;
    const wi = this.weight[this.items[i]];
    const wj = this.weight[this.items[j]];
    if (wi !== wj) return wi > wj;
    return this.items[i] < this.items[j];
  }

  private swap(i: number, j: number): void {
    [this.items[i], this.items[j]] = [this.items[j], this.items[i]];
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const rgt = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (rgt < n && this.less(rgt, m)) m = rgt;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
