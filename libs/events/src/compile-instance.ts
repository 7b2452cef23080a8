import type { EventParticipant, Meeting, MeetingRequest, MatchmakingEvent } from '@techbridge/domain';
import type { EventInstance, MeetingRequest as SchedulerRequest, Placement } from '@techbridge/scheduling';
import { startedSlots, timeline } from './event-rules';

export interface EventSnapshot {
  event: Pick<MatchmakingEvent, 'sessions' | 'caps' | 'status'>;
  /** Approved participants. */
  participants: Array<Pick<EventParticipant, 'id' | 'side' | 'sessionKeys' | 'unavailableSlots' | 'fixedTable'>>;
  /** Accepted requests. */
  requests: Array<Pick<MeetingRequest, 'id' | 'requesterId' | 'counterpartId' | 'priority' | 'sessionKey'>>;
  /** Active meetings (not cancelled) of those requests. */
  meetings: Array<Pick<Meeting, 'requestId' | 'slot' | 'tableNo' | 'locked' | 'status' | 'publishedSlot' | 'publishedTable'>>;
}

/**
 * The scheduler's view of an event at `now`: sessions as global slot indices, approved participants
 * with their sessions, blocked slots and booths, accepted requests. Meetings that were held, missed
 * or locked stay exactly where they are (locks); published placements are what a re-schedule should
 * move as little as possible (`previous`).
 *
 * On a live event the slots that have started are past changing: their meetings stay (locks) and
 * each participant is unavailable in every started slot where it has none, so nothing new goes there.
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
  const published: Placement[] = [];
  const requests: SchedulerRequest[] = [];
  /** Participant → started slots where it stays in a meeting. */
  const presentAt = new Map<string, Set<number>>();
  for (const r of snapshot.requests) {
    if (!known.has(r.requesterId) || !known.has(r.counterpartId)) continue;
    const request: SchedulerRequest = { id: r.id, requesterId: r.requesterId, counterpartId: r.counterpartId, priority: r.priority };
    if (r.sessionKey) request.sessionId = r.sessionKey;
    const meeting = meetingOf.get(r.id);
    if (meeting && (meeting.locked || meeting.status !== 'scheduled' || started.has(meeting.slot))) {
      request.lock = { slot: meeting.slot, table: meeting.tableNo };
      if (started.has(meeting.slot)) for (const id of [r.requesterId, r.counterpartId]) presentAt.set(id, (presentAt.get(id) ?? new Set()).add(meeting.slot));
    } else if (meeting && meeting.publishedSlot !== null && meeting.publishedTable !== null) published.push({ requestId: r.id, slot: meeting.publishedSlot, table: meeting.publishedTable });
    requests.push(request);
  }
  const { caps } = snapshot.event;
  const bySide = Object.fromEntries(Object.entries(caps.bySide ?? {}).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
  const instance: EventInstance = {
    sessions,
    participants: meeting.map((p) => {
      const unavailableSlots = [...new Set([...p.unavailableSlots, ...[...started].filter((t) => !presentAt.get(p.id)?.has(t))])];
      return {
        id: p.id,
        kind: p.side,
        ...(p.sessionKeys.length ? { sessionIds: p.sessionKeys } : {}),
        ...(unavailableSlots.length ? { unavailableSlots } : {}),
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
