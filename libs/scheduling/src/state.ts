import { Problem } from './problem';

/**
 * A partial schedule (request → slot) with the counters every hard constraint needs, kept
 * incrementally so that checking or changing one meeting costs O(1). Tables are chosen only at the
 * end (per slot, see tables.ts): a slot can take a meeting while it has a free table and the
 * meeting's required table, if any, is not held by another meeting.
 *
 * The journal lets a search try a chain of changes and roll it back.
 */
export class ScheduleState {
  readonly slotOf: Int32Array;
  /** `occupant[p * T + t]`: the request p meets in slot t, or -1. */
  readonly occupant: Int32Array;
  readonly slotLoad: Int32Array;
  /** `tableHolder[t * width + k]`: the request that requires table k in slot t, or -1. */
  readonly tableHolder: Int32Array;
  readonly meetings: Int32Array;
  readonly sessionMeetings: Int32Array;
  /** Bit i set when p meets at position i of its timeline (see Problem.timelinePos). */
  readonly timelineMask: Int32Array;
  /** Meetings in each slot, for picking one to displace. */
  readonly slotMembers: Int32Array[];
  private readonly memberPos: Int32Array;
  private readonly tableWidth: number;
  private readonly journal: number[] = [];
  placedWeight = 0;
  placedCount = 0;

  constructor(readonly problem: Problem) {
    const { requestCount: R, participantCount: P, slotCount: T, sessionCount: S } = problem;
    this.slotOf = new Int32Array(R).fill(-1);
    this.occupant = new Int32Array(P * T).fill(-1);
    this.slotLoad = new Int32Array(T);
    this.tableWidth = Math.max(1, ...Array.from(problem.sessionTables));
    this.tableHolder = new Int32Array(T * this.tableWidth).fill(-1);
    this.meetings = new Int32Array(P);
    this.timelineMask = new Int32Array(P);
    this.sessionMeetings = new Int32Array(P * S);
    this.slotMembers = Array.from({ length: T }, (_, t) => new Int32Array(problem.sessionTables[problem.slotSession[t]]));
    this.memberPos = new Int32Array(R).fill(-1);
  }

  isPlaced(r: number): boolean {
    return this.slotOf[r] >= 0;
  }

  isFree(p: number, t: number): boolean {
    return this.occupant[p * this.problem.slotCount + t] < 0;
  }

  tableFree(t: number, table: number): boolean {
    return table < 0 || this.tableHolder[t * this.tableWidth + table] < 0;
  }

  holderOf(t: number, table: number): number {
    return this.tableHolder[t * this.tableWidth + table];
  }

  capacityLeft(t: number): number {
    return this.problem.sessionTables[this.problem.slotSession[t]] - this.slotLoad[t];
  }

  /** Room for one more meeting of p in slot t's session and overall. */
  hasCapRoom(p: number, t: number): boolean {
    const pr = this.problem;
    return this.meetings[p] < pr.maxMeetings[p] && this.sessionMeetings[p * pr.sessionCount + pr.slotSession[t]] < pr.maxPerSession[p];
  }

  /** Every hard constraint except the break cap, for an unplaced request r in slot t of its domain. */
  canPlace(r: number, t: number): boolean {
    const pr = this.problem;
    const a = pr.partyA[r];
    const b = pr.partyB[r];
    const T = pr.slotCount;
    return (
      this.occupant[a * T + t] < 0 &&
      this.occupant[b * T + t] < 0 &&
      this.slotLoad[t] < pr.sessionTables[pr.slotSession[t]] &&
      this.tableFree(t, pr.requiredTable[r]) &&
      this.hasCapRoom(a, t) &&
      this.hasCapRoom(b, t)
    );
  }

  place(r: number, t: number): void {
    const pr = this.problem;
    const T = pr.slotCount;
    const a = pr.partyA[r];
    const b = pr.partyB[r];
    const s = pr.slotSession[t];
    this.slotOf[r] = t;
    this.occupant[a * T + t] = r;
    this.occupant[b * T + t] = r;
    const members = this.slotMembers[t];
    this.memberPos[r] = this.slotLoad[t];
    members[this.slotLoad[t]++] = r;
    const table = pr.requiredTable[r];
    if (table >= 0) this.tableHolder[t * this.tableWidth + table] = r;
    this.meetings[a]++;
    this.meetings[b]++;
    this.timelineMask[a] |= bit(pr.timelinePos[a * T + t]);
    this.timelineMask[b] |= bit(pr.timelinePos[b * T + t]);
    this.sessionMeetings[a * pr.sessionCount + s]++;
    this.sessionMeetings[b * pr.sessionCount + s]++;
    this.placedWeight += pr.weight[r];
    this.placedCount++;
    this.journal.push(r, t);
  }

  remove(r: number): void {
    const pr = this.problem;
    const T = pr.slotCount;
    const t = this.slotOf[r];
    const a = pr.partyA[r];
    const b = pr.partyB[r];
    const s = pr.slotSession[t];
    this.slotOf[r] = -1;
    this.occupant[a * T + t] = -1;
    this.occupant[b * T + t] = -1;
    const members = this.slotMembers[t];
    const pos = this.memberPos[r];
    const last = members[--this.slotLoad[t]];
    members[pos] = last;
    this.memberPos[last] = pos;
    this.memberPos[r] = -1;
    const table = pr.requiredTable[r];
    if (table >= 0) this.tableHolder[t * this.tableWidth + table] = -1;
    this.meetings[a]--;
    this.meetings[b]--;
    this.timelineMask[a] &= ~bit(pr.timelinePos[a * T + t]);
    this.timelineMask[b] &= ~bit(pr.timelinePos[b * T + t]);
    this.sessionMeetings[a * pr.sessionCount + s]--;
    this.sessionMeetings[b * pr.sessionCount + s]--;
    this.placedWeight -= pr.weight[r];
    this.placedCount--;
    this.journal.push(r, -1 - t);
  }

  move(r: number, t: number): void {
    this.remove(r);
    this.place(r, t);
  }

  mark(): number {
    return this.journal.length;
  }

  /** Undoes every change since `mark`, newest first. */
  rollback(mark: number): void {
    while (this.journal.length > mark) {
      const entry = this.journal.pop()!;
      const r = this.journal.pop()!;
      const length = this.journal.length;
      if (entry >= 0) this.remove(r);
      else this.place(r, -1 - entry);
      this.journal.length = length; // the undo is not itself journaled
    }
  }

  /** Forgets the journal once changes are final, so it does not grow without bound. */
  commit(): void {
    this.journal.length = 0;
  }

  /** Replaces the whole schedule by `slots` (request → slot or -1). */
  load(slots: Int32Array): void {
    for (let r = 0; r < slots.length; r++) if (this.slotOf[r] >= 0) this.remove(r);
    for (let r = 0; r < slots.length; r++) if (slots[r] >= 0) this.place(r, slots[r]);
    this.commit();
  }
}

/** The mask bit of a timeline position; positions past the mask (long timelines) and -1 map to 0. */
export function bit(position: number): number {
  return position >= 0 && position < 30 ? 1 << position : 0;
}

/** Breaks of a timeline mask: runs of meetings minus one (the idle runs between them). */
export function maskBreaks(mask: number): number {
  if (mask === 0) return 0;
  return popcount(mask & ~(mask << 1)) - 1;
}

/** Idle timeline positions between the first and the last meeting. */
export function maskIdle(mask: number): number {
  if (mask === 0) return 0;
  const low = popcount((mask & -mask) - 1); // index of the lowest set bit
  let smeared = mask; // all bits up to the highest set bit
  smeared |= smeared >>> 1;
  smeared |= smeared >>> 2;
  smeared |= smeared >>> 4;
  smeared |= smeared >>> 8;
  smeared |= smeared >>> 16;
  const high = popcount(smeared) - 1;
  return high - low + 1 - popcount(mask);
}

/** Bit count without `Math` calls (slow in some embeddings, see rng.ts). */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  x += x >>> 8;
  x += x >>> 16;
  return x & 0x3f;
}
