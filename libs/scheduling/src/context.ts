import { participantBreaks } from './breaks';
import { meetingLimit } from './limits';
import { Problem } from './problem';
import { PublishedTables } from './published';
import { Rng } from './rng';
import { bit, maskBreaks, maskIdle, ScheduleState } from './state';

/** See `agendaIf`: the idle-slot count sits in the low bits. */
export const SHAPE_SHIFT = 10;

/** What every phase of the heuristic shares: the problem, the live schedule and the dice. */
export class SearchContext {
  readonly state: ScheduleState;
  /** Requests no phase may place: a static reason, or a lock that clashed with an earlier lock. */
  readonly excluded: Uint8Array;
  readonly lockFailure = new Map<number, string>();
  /** `allowed[r * T + t]`: t is in r's domain. */
  readonly allowed: Uint8Array;
  /** Most meetings each participant can have at all (see limits.ts). */
  readonly limit: Int32Array;
  /** Published meetings a booth or lock meeting could push off their table; undefined when none can be. */
  readonly publishedTables: PublishedTables | undefined;
  private readonly slotNow = (r: number) => this.state.slotOf[r];

  constructor(
    readonly problem: Problem,
    readonly rng: Rng,
  ) {
    const { requestCount: R, slotCount: T } = problem;
    this.state = new ScheduleState(problem);
    this.excluded = new Uint8Array(R);
    this.allowed = new Uint8Array(R * T);
    for (let r = 0; r < R; r++) {
      if (problem.staticReason[r]) this.excluded[r] = 1;
      for (const t of problem.domain[r]) this.allowed[r * T + t] = 1;
    }
    this.limit = Int32Array.from({ length: problem.participantCount }, (_, p) =>
      meetingLimit(problem, p, Array.from(problem.requestsOf[p]).filter((r) => !this.excluded[r])),
    );
    this.publishedTables = PublishedTables.of(problem);
  }

  /** Published meetings that r, placed in slot t, would push off the table they sat at (see published.ts). */
  pushesOff(r: number, t: number): number {
    return this.publishedTables?.pushedOff(t, this.problem.requiredTable[r], this.slotNow) ?? 0;
  }

  /** A party already has as many meetings as it can ever have: r only fits instead of one of them. */
  isSaturated(r: number): boolean {
    const { partyA, partyB } = this.problem;
    const meetings = this.state.meetings;
    return meetings[partyA[r]] >= this.limit[partyA[r]] || meetings[partyB[r]] >= this.limit[partyB[r]];
  }

  /**
   * r cannot raise the scheduled weight: a saturated party has no movable meeting of lower
   * priority to give up for it.
   */
  isDominated(r: number): boolean {
    const { problem, state } = this;
    const T = problem.slotCount;
    for (const p of [problem.partyA[r], problem.partyB[r]]) {
      if (state.meetings[p] < this.limit[p]) continue;
      let cheaper = false;
      for (let t = 0; t < T && !cheaper; t++) {
        const q = state.occupant[p * T + t];
        cheaper = q >= 0 && !this.isLocked(q) && problem.weight[q] < problem.weight[r];
      }
      if (!cheaper) return true;
    }
    return false;
  }

  isLocked(r: number): boolean {
    return this.problem.lockSlot[r] >= 0;
  }

  /** Requests still worth trying to place. */
  openRequests(): number[] {
    const open: number[] = [];
    for (let r = 0; r < this.problem.requestCount; r++) if (!this.excluded[r] && !this.state.isPlaced(r)) open.push(r);
    return open;
  }

  breaksOf(p: number): number {
    if (this.problem.masksFit) return maskBreaks(this.state.timelineMask[p]);
    return participantBreaks(this.problem, this.state.occupant, p);
  }

  /** Breaks of p if it were also busy in slot `add` and idle in slot `drop` (either may be -1). */
  breaksIf(p: number, add: number, drop: number): number {
    return this.agendaIf(p, add, drop) >> SHAPE_SHIFT;
  }

  /**
   * p's agenda if it were also busy in `add` and idle in `drop`: breaks << SHAPE_SHIFT plus the
   * idle slots inside those breaks. The idle slots are a tie-breaker for compaction: the break
   * count alone is flat while a gap shrinks, and a shrinking gap is how a break disappears.
   */
  agendaIf(p: number, add: number, drop: number): number {
    const { slotCount: T, available, timelinePos } = this.problem;
    const base = p * T;
    if (this.problem.masksFit) {
      const plus = add >= 0 ? bit(timelinePos[base + add]) : 0;
      const minus = drop >= 0 ? bit(timelinePos[base + drop]) : 0;
      const mask = (this.state.timelineMask[p] & ~minus) | plus;
      return (maskBreaks(mask) << SHAPE_SHIFT) | maskIdle(mask);
    }
    const occupant = this.state.occupant;
    let breaks = 0;
    let idleInside = 0;
    let seen = false;
    let idle = 0;
    for (let t = 0; t < T; t++) {
      if (!available[base + t]) continue;
      const busy = t === add || (t !== drop && occupant[base + t] >= 0);
      if (busy) {
        if (idle > 0) {
          breaks++;
          idleInside += idle;
        }
        seen = true;
        idle = 0;
      } else if (seen) idle++;
    }
    return (breaks << SHAPE_SHIFT) | idleInside;
  }

  /** Places the valid locks first, in request order; a lock clashing with an earlier one is infeasible. */
  placeLocks(): void {
    const { problem, state } = this;
    for (let r = 0; r < problem.requestCount; r++) {
      const t = problem.lockSlot[r];
      if (t < 0) continue;
      if (state.canPlace(r, t)) {
        state.place(r, t);
        continue;
      }
      this.excluded[r] = 1;
      this.lockFailure.set(r, this.lockClash(r, t));
    }
    state.commit();
  }

  private lockClash(r: number, t: number): string {
    const { problem, state } = this;
    const slot = problem.slotIds[t];
    for (const p of [problem.partyA[r], problem.partyB[r]]) {
      const id = problem.instance.participants[p].id;
      if (!state.isFree(p, t)) return `${id} is locked into another meeting in slot ${slot}`;
      if (!state.hasCapRoom(p, t)) return `locked meetings exceed the meeting cap of ${id}`;
    }
    if (!state.tableFree(t, problem.requiredTable[r])) return `table ${problem.requiredTable[r]} in slot ${slot} is locked to another meeting`;
    return `slot ${slot} has no table left for locked meetings`;
  }
}
