import { EventParticipant, MatchmakingEvent, Meeting, MeetingRequest, RoadshowPitch } from '@techbridge/domain';
import { type ScheduleResult, scheduleEvent, withPublishedSchedule } from '@techbridge/scheduling';
import { createHash } from 'node:crypto';
import { type EntityManager, Not } from 'typeorm';
import { compileInstance } from './compile-instance';
import { withStageTime } from './roadshow-rules';

/** The exact MIP runs on small events; each solve is bounded so a run never holds a worker for long. */
const SCHEDULE_OPTIONS = { exactTimeLimitSeconds: 5 } as const;

/** Everything a schedule run reads of its event. */
export interface EventInputs {
  event: MatchmakingEvent;
  /** Approved participants; the slots of their roadshow pitches count as blocked. */
  participants: EventParticipant[];
  /** Accepted requests. */
  requests: MeetingRequest[];
  /** Active meetings (not cancelled). */
  meetings: Meeting[];
}

export async function loadInputs(manager: EntityManager, eventId: string): Promise<EventInputs | null> {
  const event = await manager.findOneBy(MatchmakingEvent, { id: eventId });
  if (!event) return null;
  const [participants, requests, meetings, pitches] = [
    await manager.findBy(EventParticipant, { eventId, status: 'approved' }),
    await manager.findBy(MeetingRequest, { eventId, status: 'accepted' }),
    await manager.findBy(Meeting, { eventId, status: Not('cancelled') }),
    await manager.findBy(RoadshowPitch, { eventId }),
  ];
  return { event, participants: withStageTime(event.sessions, participants, pitches), requests, meetings };
}

/**
 * What the solver's plan depends on, as one digest: two reads with the same fingerprint would
 * produce the same plan. Compared under the event's lock before a plan is written.
 */
export function fingerprintOf(inputs: EventInputs): string {
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { event } = inputs;
  const digest = {
    event: [event.version, event.status, event.sessions, event.caps],
    participants: byId(inputs.participants).map((p) => [p.id, p.version, p.side, p.sessionKeys, p.unavailableSlots, p.fixedTable]),
    requests: byId(inputs.requests).map((r) => [r.id, r.version, r.requesterId, r.counterpartId, r.priority, r.sessionKey]),
    meetings: byId(inputs.meetings).map((m) => [m.id, m.version, m.requestId, m.status, m.slot, m.tableNo, m.locked, m.publishedSlot, m.publishedTable]),
  };
  return createHash('sha256').update(JSON.stringify(digest)).digest('hex');
}

/** Runs the scheduler on these inputs; `parties` names both sides of every request it saw. */
export async function solve(inputs: EventInputs): Promise<{ result: ScheduleResult; parties: Map<string, { requesterId: string; counterpartId: string }> }> {
  const { instance, published } = compileInstance(inputs);
  const result = await scheduleEvent(published.length ? withPublishedSchedule(instance, published) : instance, SCHEDULE_OPTIONS);
  return { result, parties: new Map(inputs.requests.map((r) => [r.id, { requesterId: r.requesterId, counterpartId: r.counterpartId }])) };
}
