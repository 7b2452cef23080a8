/**
 * The meeting-scheduling problem of a 对接会, as the worker hands it to the scheduler and as the
 * scheduler answers. Plain data: ids are the caller's, slots are global indices ordered in time.
 */

/** A time slot, identified by its global index; a larger index is later in the day. */
export type Slot = number;

/** Morning, afternoon…: a run of slots sharing one set of tables. */
export interface Session {
  id: string;
  /** Global slot indices in time order. Every slot of a session precedes every slot of the next. */
  slots: Slot[];
  /** Tables available in each slot of this session, numbered 0 … tables - 1. */
  tables: number;
}

export interface Participant {
  id: string;
  /** 'demand' | 'supply' | 'observer' | …; caps can be set per kind on the event. */
  kind: string;
  /** Sessions attended; omitted means all. Slots of other sessions are unavailable. */
  sessionIds?: string[];
  unavailableSlots?: Slot[];
  maxMeetings?: number;
  /** The same cap applies to each session. */
  maxMeetingsPerSession?: number;
  /** A booth: this participant's meetings are held at this table, but where it meets a requester with a booth of its own: there (see `boothTable`). */
  fixedTable?: number;
  /** Fairness cap on this participant's breaks; overrides the event-wide cap. */
  maxBreaks?: number;
}

/** A slot and a table: where a meeting is held. */
export interface SlotTable {
  slot: Slot;
  table: number;
}

/** An accepted meeting request: two participants who should meet once. */
export interface MeetingRequest {
  id: string;
  requesterId: string;
  counterpartId: string;
  /** Weight in the objective; positive, default 1. */
  priority?: number;
  /** Restricts the meeting to one session. */
  sessionId?: string;
  /** Set by an organizer: the meeting is held exactly here, or reported `lock_infeasible`. */
  lock?: SlotTable;
  /** Where the published schedule put it; re-scheduling moves as few of these as it can. */
  previous?: SlotTable;
}

export interface EventInstance {
  sessions: Session[];
  participants: Participant[];
  requests: MeetingRequest[];
  /** Caps that apply to every participant, or to every participant of a kind; the smallest wins. */
  maxMeetingsPerParticipant?: number;
  maxMeetingsByKind?: Record<string, number>;
  /** Fairness: no participant gets more breaks than this (a participant's own cap wins). */
  maxBreaksPerParticipant?: number;
}

/** A scheduled meeting. */
export interface Placement {
  requestId: string;
  slot: Slot;
  table: number;
}

/**
 * Why a request has no place. The static reasons (`no_common_slot`, `lock_infeasible`, and
 * `cap_reached` with a zero cap) are proofs; the others describe what blocks it in this schedule.
 */
export type UnscheduledReason =
  /** The two parties share no slot they both attend and are available in (within the session restriction). */
  | 'no_common_slot'
  /** A party has as many meetings as its cap allows (overall, or in every session it could use). */
  | 'cap_reached'
  /** In every common slot one of the parties is already in another meeting. */
  | 'conflict'
  /** Every common slot where both are free has no table left (or not the table it needs). */
  | 'capacity'
  /** Placing it would give a participant more breaks than the fairness cap. */
  | 'break_cap'
  /** The lock breaks a hard constraint (availability, table, another lock…). */
  | 'lock_infeasible'
  /** It could not be placed and no single cause explains it. */
  | 'not_placed';

export interface UnscheduledRequest {
  requestId: string;
  reason: UnscheduledReason;
  detail: string;
}

/**
 * How the upper bound was obtained: the exact optimum (`mip`), the LP relaxation of the
 * slot-indexed model, the LP over per-participant capacities, or the count of requests that have
 * a common slot at all.
 */
export type BoundMethod = 'mip' | 'lp-slot-indexed' | 'lp-participant' | 'feasible-requests';

export interface UpperBound {
  /** No schedule reaches more scheduled priority weight than this. */
  weight: number;
  method: BoundMethod;
}

export type ScheduleMode = 'heuristic' | 'exact';

export interface ScheduleMetrics {
  mode: ScheduleMode;
  requests: number;
  scheduled: number;
  /** Sum of the priorities of scheduled meetings: the objective that comes first. */
  scheduledWeight: number;
  bound: UpperBound;
  /** (bound - scheduledWeight) / bound, in percent; 0 when the bound is 0. */
  gapPercent: number;
  totalBreaks: number;
  maxBreaks: number;
  /** Previously published meetings now at another slot or table. */
  moved: number;
  /** Previously published meetings that could not be placed again. */
  dropped: number;
  /** Exact mode: whether the MIP proved the meetings optimum, and then the breaks minimum. */
  meetingsOptimal?: boolean;
  breaksOptimal?: boolean;
  /** Exact mode: no schedule with the optimal meetings has fewer breaks than this. */
  breaksLowerBound?: number;
  solveMs: number;
}

export interface ScheduleResult {
  /** In the order of `instance.requests`. */
  placements: Placement[];
  unscheduled: UnscheduledRequest[];
  metrics: ScheduleMetrics;
}

export interface ScheduleOptions {
  /** `auto` (default) solves the MIP when there are at most `exactMaxRequests` requests. */
  mode?: 'auto' | ScheduleMode;
  /** Seed of the heuristic's random choices; the same input and seed give the same schedule. */
  seed?: number;
  exactMaxRequests?: number;
  /** Wall-clock limit of each MIP solve (meetings, moves, breaks), seconds. */
  exactTimeLimitSeconds?: number;
  /**
   * Exact mode: also minimise breaks with a MIP (default true). Without it the MIP proves the
   * meetings optimum and the heuristic's compaction arranges the breaks.
   */
  exactBreaks?: boolean;
  /** Multiplies the heuristic's iteration budgets. */
  effort?: number;
  /** Largest slot-indexed LP (in variables) solved for the bound; above it the participant LP is used. */
  lpMaxColumns?: number;
}

/** The input is malformed (unknown ids, overlapping sessions…): a caller bug, not an infeasible event. */
export class InvalidEventError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'InvalidEventError';
  }
}
