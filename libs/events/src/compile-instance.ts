import type { EventParticipant, Meeting, MeetingRequest, MatchmakingEvent } from '@techbridge/domain';
import type { EventInstance, MeetingRequest as SchedulerRequest, Placement } from '@techbridge/scheduling';
import { AGENDA_VISIBLE, type SlotInfo, startedSlots, timeline } from './event-rules';

export interface EventSnapshot {
  event: Pick<MatchmakingEvent, 'sessions' | 'caps' | 'status'>;
  /** Approved participants. */
  participants: Array<Pick<EventParticipant, 'id' | 'side' | 'sessionKeys' | 'unavailableSlots' | 'fixedTable'>>;
  /** Accepted requests. */
  requests: Array<Pick<MeetingRequest, 'id' | 'requesterId' | 'counterpartId' | 'priority' | 'sessionKey'>>;
  /** Active meetings (not cancelled). */
  meetings: Array<Pick<Meeting, 'requestId' | 'requesterId' | 'counterpartId' | 'slot' | 'tableNo' | 'locked' | 'status' | 'publishedSlot' | 'publishedTable'>>;
}

type SnapshotMeeting = EventSnapshot['meetings'][number];

/**
 * Where the participants of a meeting were last told it is, or null when it was never announced. Once
 * the agenda is visible every change of place is announced as it is made (a move by hand, a re-run, a
 * meeting added), so that is the current place; before (an agenda taken back to `scheduled`), the
 * place it was published at.
 */
export function knownPlace(event: Pick<MatchmakingEvent, 'status'>, meeting: Pick<Meeting, 'slot' | 'tableNo' | 'publishedSlot' | 'publishedTable'>): { slot: number; table: number } | null {
  if (meeting.publishedSlot === null || meeting.publishedTable === null) return null;
  return AGENDA_VISIBLE.includes(event.status) ? { slot: meeting.slot, table: meeting.tableNo } : { slot: meeting.publishedSlot, table: meeting.publishedTable };
}

/** Meetings the scheduler keeps exactly where they are: held, missed, locked, or (live) in a slot that has started. */
export const staysPut = (meeting: Pick<Meeting, 'locked' | 'status' | 'slot'>, started: ReadonlySet<number>): boolean =>
  meeting.locked || meeting.status !== 'scheduled' || started.has(meeting.slot);

/**
 * The scheduler's view of an event at `now`: sessions as global slot indices, approved participants
 * with their sessions, blocked slots and booths, accepted requests. Meetings that were held, missed
 * or locked stay exactly where they are (locks); announced placements are what a re-schedule should
 * move as little as possible (`previous`: where the participants were last told, see knownPlace).
 *
 * On a live event the slots that have started are past changing: their meetings stay (locks) and
 * each participant is unavailable in every started slot where it has none, so nothing new goes there.
 *
 * A meeting that stays put but that the scheduler cannot count — a lock it will report infeasible (its
 * participant blocked the slot since), or one whose request it is not given (the other side left after
 * the meeting was held) — still takes a seat and a share of its participants' caps: each of its
 * participants is unavailable in its slot and may have that many fewer meetings.
 */
export function compileInstance(snapshot: EventSnapshot, now: Date): { instance: EventInstance; published: Placement[] } {
  const slots = timeline(snapshot.event.sessions);
  const started = new Set(startedSlots(snapshot.event, now));
  const sessions = [...snapshot.event.sessions]
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .map((s) => ({ id: s.key, tables: s.tables, slots: slots.filter((t) => t.sessionKey === s.key).map((t) => t.slot) }));
  // Observers never meet: a request with one (say, a participant turned observer) is not the scheduler's to place.
  const meeting = snapshot.participants.filter((p) => p.side !== 'observer');
  const known = new Set(meeting.map((p) => p.id));
  const meetingOf = new Map(snapshot.meetings.map((m) => [m.requestId, m]));
  const solvable = snapshot.requests.filter((r) => known.has(r.requesterId) && known.has(r.counterpartId));
  /** Participant → started slots where it stays in a meeting. */
  const presentAt = new Map<string, Set<number>>();
  for (const r of solvable) {
    const m = meetingOf.get(r.id);
    if (m && started.has(m.slot)) for (const id of [r.requesterId, r.counterpartId]) presentAt.set(id, (presentAt.get(id) ?? new Set()).add(m.slot));
  }
  const unavailable = new Map(meeting.map((p) => [p.id, new Set([...p.unavailableSlots, ...[...started].filter((t) => !presentAt.get(p.id)?.has(t))])]));
  const attends = new Map(meeting.map((p) => [p.id, p]));

  const published: Placement[] = [];
  const requests: SchedulerRequest[] = [];
  const counted = new Set<string>();
  for (const r of solvable) {
    const request: SchedulerRequest = { id: r.id, requesterId: r.requesterId, counterpartId: r.counterpartId, priority: r.priority };
    if (r.sessionKey) request.sessionId = r.sessionKey;
    const m = meetingOf.get(r.id);
    if (m && staysPut(m, started)) {
      request.lock = { slot: m.slot, table: m.tableNo };
      if (lockHolds(snapshot.event, slots[m.slot], m, r.sessionKey, [attends.get(r.requesterId)!, attends.get(r.counterpartId)!], unavailable)) counted.add(r.id);
    } else if (m) {
      const place = knownPlace(snapshot.event, m);
      if (place) published.push({ requestId: r.id, ...place });
    }
    requests.push(request);
  }
  const { caps } = snapshot.event;
  const bySide = Object.fromEntries(Object.entries(caps.bySide ?? {}).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  /** Meetings each participant has that stay but the scheduler does not count. */
  const uncounted = new Map<string, number>();
  for (const m of snapshot.meetings) {
    if (!staysPut(m, started) || counted.has(m.requestId)) continue;
    for (const id of [m.requesterId, m.counterpartId]) {
      uncounted.set(id, (uncounted.get(id) ?? 0) + 1);
      unavailable.get(id)?.add(m.slot);
    }
  }
  const instance: EventInstance = {
    sessions,
    participants: meeting.map((p) => {
      const blocked = [...unavailable.get(p.id)!].sort((a, b) => a - b);
      const cap = overallCap(caps.perParticipant, bySide[p.side]);
      const taken = uncounted.get(p.id) ?? 0;
      return {
        id: p.id,
        kind: p.side,
        ...(p.sessionKeys.length ? { sessionIds: p.sessionKeys } : {}),
        ...(blocked.length ? { unavailableSlots: blocked } : {}),
        ...(taken && cap !== null ? { maxMeetings: Math.max(0, cap - taken) } : {}),
        ...(caps.perSession !== null ? { maxMeetingsPerSession: caps.perSession } : {}),
        ...(p.fixedTable !== null ? { fixedTable: p.fixedTable } : {}),
      };
    }),
    requests,
    ...(caps.perParticipant !== null ? { maxMeetingsPerParticipant: caps.perParticipant } : {}),
    ...(Object.keys(bySide).length ? { maxMeetingsByKind: bySide } : {}),
    ...(caps.breaksPerParticipant !== null ? { maxBreaksPerParticipant: caps.breaksPerParticipant } : {}),
  };
  return { instance, published };
}

/** The tightest of a participant's caps on meetings overall (per participant, per side), or null for none. */
export function overallCap(perParticipant: number | null, bySide: number | undefined): number | null {
  const caps = [perParticipant, bySide ?? null].filter((c): c is number => c !== null);
  return caps.length ? Math.min(...caps) : null;
}

/**
 * Whether the scheduler can honour a lock as it reads the event (the checks it makes when compiling):
 * the slot and table exist, both parties attend the session and have not blocked the slot, the
 * request's session. A lock that fails them is reported `lock_infeasible` and counts for nobody's cap.
 */
function lockHolds(
  event: Pick<MatchmakingEvent, 'caps'>,
  slot: SlotInfo | undefined,
  m: SnapshotMeeting,
  sessionKey: string | null,
  parties: ReadonlyArray<Pick<EventParticipant, 'id' | 'sessionKeys'>>,
  unavailable: ReadonlyMap<string, ReadonlySet<number>>,
): boolean {
  if (!slot || m.tableNo >= slot.tables || (sessionKey && sessionKey !== slot.sessionKey) || event.caps.perSession === 0) return false;
  return parties.every((p) => (!p.sessionKeys.length || p.sessionKeys.includes(slot.sessionKey)) && !unavailable.get(p.id)?.has(m.slot));
}
