import { boothTable } from './booths';
import { EventInstance, InvalidEventError, MeetingRequest, Participant } from './model';

/** No cap: larger than any number of meetings or breaks. */
export const UNLIMITED = 1 << 29;

/** Static reasons a request can never be placed, found while compiling. */
export type StaticReason = 'no_common_slot' | 'cap_reached' | 'lock_infeasible';

/**
 * The event compiled to dense indices and typed arrays: participants 0…P-1, requests 0…R-1 and
 * slots 0…T-1 in time order. Every solver works on this; only the edges translate back to ids.
 */
export interface Problem {
  readonly instance: EventInstance;
  readonly slotCount: number;
  /** Dense slot → global slot index. */
  readonly slotIds: readonly number[];
  readonly slotIndex: ReadonlyMap<number, number>;
  readonly slotSession: Int32Array;
  readonly sessionCount: number;
  readonly sessionTables: Int32Array;
  readonly participantCount: number;
  readonly participantIndex: ReadonlyMap<string, number>;
  /** `available[p * T + t]`: p attends the session of t and has not blocked t. */
  readonly available: Uint8Array;
  /** Position of slot t on p's timeline (its available slots in order), or -1. */
  readonly timelinePos: Int32Array;
  /** Whether every timeline fits a 30-bit mask, which makes counting breaks O(1). */
  readonly masksFit: boolean;
  readonly maxMeetings: Int32Array;
  readonly maxPerSession: Int32Array;
  /** UNLIMITED when there is no fairness cap. */
  readonly maxBreaks: Int32Array;
  readonly requestCount: number;
  readonly requestIndex: ReadonlyMap<string, number>;
  readonly partyA: Int32Array;
  readonly partyB: Int32Array;
  readonly weight: Float64Array;
  /** Slots where the request may be held, ascending; empty when it never can. */
  readonly domain: readonly Int32Array[];
  /** Table the meeting must use, or -1: the lock's table, else the requester's booth, else the counterpart's. */
  readonly requiredTable: Int32Array;
  /** Dense slot of a valid lock, or -1. Locked requests are never moved. */
  readonly lockSlot: Int32Array;
  readonly prevSlot: Int32Array;
  readonly prevTable: Int32Array;
  readonly staticReason: readonly (StaticReason | undefined)[];
  readonly staticDetail: readonly (string | undefined)[];
  /** Requests of each participant. */
  readonly requestsOf: readonly Int32Array[];
}

export function compileProblem(instance: EventInstance): Problem {
  const { slotIds, slotIndex, slotSession, sessionIndex } = compileSlots(instance);
  const T = slotIds.length;
  const S = instance.sessions.length;
  const sessionTables = Int32Array.from(instance.sessions, (s) => s.tables);

  const participants = instance.participants;
  const P = participants.length;
  const participantIndex = new Map<string, number>();
  participants.forEach((p, i) => {
    if (participantIndex.has(p.id)) throw new InvalidEventError(`duplicate participant ${p.id}`, `participants[${i}].id`);
    participantIndex.set(p.id, i);
  });
  const available = new Uint8Array(P * T);
  const maxMeetings = new Int32Array(P);
  const maxPerSession = new Int32Array(P);
  const maxBreaks = new Int32Array(P);
  participants.forEach((p, i) => {
    fillAvailability(p, i, T, slotSession, sessionIndex, slotIndex, available);
    maxMeetings[i] = capOf(p, instance);
    maxPerSession[i] = nonNegative(p.maxMeetingsPerSession, `participants[${i}].maxMeetingsPerSession`);
    maxBreaks[i] = nonNegative(p.maxBreaks ?? instance.maxBreaksPerParticipant, `participants[${i}].maxBreaks`);
    if (p.fixedTable !== undefined && (!Number.isInteger(p.fixedTable) || p.fixedTable < 0)) {
      throw new InvalidEventError('fixedTable must be a non-negative integer', `participants[${i}].fixedTable`);
    }
  });

  const requests = instance.requests;
  const R = requests.length;
  const requestIndex = new Map<string, number>();
  const partyA = new Int32Array(R);
  const partyB = new Int32Array(R);
  const weight = new Float64Array(R);
  const requiredTable = new Int32Array(R).fill(-1);
  const lockSlot = new Int32Array(R).fill(-1);
  const prevSlot = new Int32Array(R).fill(-1);
  const prevTable = new Int32Array(R).fill(-1);
  const domain: Int32Array[] = [];
  const staticReason: (StaticReason | undefined)[] = [];
  const staticDetail: (string | undefined)[] = [];
  const lists: number[][] = Array.from({ length: P }, () => []);

  requests.forEach((req, r) => {
    const at = `requests[${r}]`;
    if (requestIndex.has(req.id)) throw new InvalidEventError(`duplicate request ${req.id}`, `${at}.id`);
    requestIndex.set(req.id, r);
    const a = participantIndex.get(req.requesterId);
    const b = participantIndex.get(req.counterpartId);
    if (a === undefined) throw new InvalidEventError(`unknown participant ${req.requesterId}`, `${at}.requesterId`);
    if (b === undefined) throw new InvalidEventError(`unknown participant ${req.counterpartId}`, `${at}.counterpartId`);
    if (a === b) throw new InvalidEventError(`request ${req.id} pairs a participant with itself`, `${at}.counterpartId`);
    const priority = req.priority ?? 1;
    if (!(priority > 0) || !Number.isFinite(priority)) throw new InvalidEventError(`priority must be positive`, `${at}.priority`);
    const restriction = req.sessionId === undefined ? -1 : sessionIndex.get(req.sessionId);
    if (restriction === undefined) throw new InvalidEventError(`unknown session ${req.sessionId}`, `${at}.sessionId`);
    partyA[r] = a;
    partyB[r] = b;
    weight[r] = priority;
    lists[a].push(r);
    lists[b].push(r);
    requiredTable[r] = req.lock?.table ?? boothTable(participants[a].fixedTable, participants[b].fixedTable) ?? -1;
    if (req.previous) {
      prevSlot[r] = slotIndex.get(req.previous.slot) ?? -1;
      prevTable[r] = req.previous.table;
    }
    const compiled = compileDomain(req, a, b, restriction, requiredTable[r]);
    domain.push(compiled.slots);
    staticReason.push(compiled.reason);
    staticDetail.push(compiled.detail);
    if (req.lock && !compiled.reason) lockSlot[r] = compiled.slots[0];
  });

  function compileDomain(req: MeetingRequest, a: number, b: number, restriction: number, table: number) {
    const slots: number[] = [];
    let tableTooLarge = false;
    for (let t = 0; t < T; t++) {
      const s = slotSession[t];
      if (restriction >= 0 && s !== restriction) continue;
      if (!available[a * T + t] || !available[b * T + t]) continue;
      if (table >= sessionTables[s]) {
        tableTooLarge = true;
        continue;
      }
      if (maxPerSession[a] === 0 || maxPerSession[b] === 0) continue;
      slots.push(t);
    }
    if (req.lock) return compileLock(req, slots);
    if (maxMeetings[a] === 0 || maxMeetings[b] === 0 || (slots.length === 0 && hasZeroSessionCap(a, b))) {
      return { slots: new Int32Array(0), reason: 'cap_reached' as const, detail: 'a party may have no meetings' };
    }
    if (slots.length === 0) {
      const detail = tableTooLarge ? `no common slot where table ${table} exists` : 'the parties share no available slot';
      return { slots: new Int32Array(0), reason: 'no_common_slot' as const, detail };
    }
    return { slots: Int32Array.from(slots), reason: undefined, detail: undefined };
  }

  function hasZeroSessionCap(a: number, b: number): boolean {
    return maxPerSession[a] === 0 || maxPerSession[b] === 0;
  }

  function compileLock(req: MeetingRequest, slots: number[]) {
    const lock = req.lock!;
    const t = slotIndex.get(lock.slot);
    const fail = (detail: string) => ({ slots: new Int32Array(0), reason: 'lock_infeasible' as const, detail });
    if (t === undefined) return fail(`slot ${lock.slot} does not exist`);
    if (!Number.isInteger(lock.table) || lock.table < 0 || lock.table >= sessionTables[slotSession[t]]) {
      return fail(`table ${lock.table} does not exist in slot ${lock.slot}`);
    }
    if (!slots.includes(t)) return fail(`slot ${lock.slot} is unavailable to a party or outside the session restriction`);
    return { slots: Int32Array.from([t]), reason: undefined, detail: undefined };
  }

  const timelinePos = new Int32Array(P * T).fill(-1);
  let longest = 0;
  for (let p = 0; p < P; p++) {
    let n = 0;
    for (let t = 0; t < T; t++) if (available[p * T + t]) timelinePos[p * T + t] = n++;
    longest = Math.max(longest, n);
  }

  return {
    instance,
    slotCount: T,
    slotIds,
    slotIndex,
    slotSession,
    sessionCount: S,
    sessionTables,
    participantCount: P,
    participantIndex,
    available,
    timelinePos,
    masksFit: longest <= 30,
    maxMeetings,
    maxPerSession,
    maxBreaks,
    requestCount: R,
    requestIndex,
    partyA,
    partyB,
    weight,
    domain,
    requiredTable,
    lockSlot,
    prevSlot,
    prevTable,
    staticReason,
    staticDetail,
    requestsOf: lists.map((l) => Int32Array.from(l)),
  };
}

function compileSlots(instance: EventInstance) {
  const slotIds: number[] = [];
  const sessionOf: number[] = [];
  const sessionIndex = new Map<string, number>();
  instance.sessions.forEach((session, s) => {
    const at = `sessions[${s}]`;
    if (sessionIndex.has(session.id)) throw new InvalidEventError(`duplicate session ${session.id}`, `${at}.id`);
    if (!Number.isInteger(session.tables) || session.tables < 0) throw new InvalidEventError('tables must be a non-negative integer', `${at}.tables`);
    sessionIndex.set(session.id, s);
    for (const slot of session.slots) {
      if (!Number.isInteger(slot) || slot < 0) throw new InvalidEventError(`slot ${slot} is not a non-negative integer`, `${at}.slots`);
      if (slotIds.length > 0 && slot <= slotIds[slotIds.length - 1]) {
        throw new InvalidEventError(`slot ${slot} is out of time order or repeated`, `${at}.slots`);
      }
      slotIds.push(slot);
      sessionOf.push(s);
    }
  });
  const slotIndex = new Map(slotIds.map((id, t) => [id, t]));
  return { slotIds, slotIndex, slotSession: Int32Array.from(sessionOf), sessionIndex };
}

function fillAvailability(
  p: Participant,
  i: number,
  T: number,
  slotSession: Int32Array,
  sessionIndex: Map<string, number>,
  slotIndex: Map<number, number>,
  available: Uint8Array,
): void {
  const attends = new Set<number>();
  for (const id of p.sessionIds ?? [...sessionIndex.keys()]) {
    const s = sessionIndex.get(id);
    if (s === undefined) throw new InvalidEventError(`unknown session ${id}`, `participants[${i}].sessionIds`);
    attends.add(s);
  }
  for (let t = 0; t < T; t++) available[i * T + t] = attends.has(slotSession[t]) ? 1 : 0;
  for (const slot of p.unavailableSlots ?? []) {
    const t = slotIndex.get(slot);
    if (t !== undefined) available[i * T + t] = 0; // a slot outside the event blocks nothing
  }
}

function capOf(p: Participant, instance: EventInstance): number {
  const caps = [p.maxMeetings, instance.maxMeetingsByKind?.[p.kind], instance.maxMeetingsPerParticipant];
  let cap = UNLIMITED;
  for (const c of caps) if (c !== undefined) cap = Math.min(cap, nonNegative(c, 'maxMeetings'));
  return cap;
}

function nonNegative(value: number | undefined, field: string): number {
  if (value === undefined) return UNLIMITED;
  if (!Number.isInteger(value) || value < 0) throw new InvalidEventError(`${field} must be a non-negative integer`, field);
  return Math.min(value, UNLIMITED);
}
