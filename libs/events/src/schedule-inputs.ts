import { EventParticipant, MatchmakingEvent, Meeting, MeetingRequest, RoadshowPitch } from '@techbridge/domain';
import { type ScheduleResult, scheduleEvent, validateSchedule, type Violation, withPublishedSchedule } from '@techbridge/scheduling';
import { createHash } from 'node:crypto';
import { type EntityManager, In, Not } from 'typeorm';
import { compileInstance } from './compile-instance';
import { databaseNow } from './event-clock';
import { startedSlots } from './event-rules';
import { withStageTime } from './roadshow-rules';

/** The exact MIP runs on small events; each solve is bounded so a run never holds a worker for long. */
const SCHEDULE_OPTIONS = { exactTimeLimitSeconds: 5 } as const;

/** Everything a schedule run reads of its event. */
export interface EventInputs {
  event: MatchmakingEvent;
  /** Approved participants; the slots of their roadshow pitches count as blocked. */
  participants: EventParticipant[];
  /** Accepted requests, and rebooked ones with their missed meeting (which counts, as every active meeting does). */
  requests: MeetingRequest[];
  /** Active meetings (not cancelled). */
  meetings: Meeting[];
  /** The database's clock when these were read: on a live event, what has started stays. */
  now: Date;
}

export async function loadInputs(manager: EntityManager, eventId: string): Promise<EventInputs | null> {
  const event = await manager.findOneBy(MatchmakingEvent, { id: eventId });
  if (!event) return null;
  const now = await databaseNow(manager);
  const [participants, requests, meetings, pitches] = [
    await manager.findBy(EventParticipant, { eventId, status: 'approved' }),
    await manager.findBy(MeetingRequest, { eventId, status: In(['accepted', 'rebooked']) }),
    await manager.findBy(Meeting, { eventId, status: Not('cancelled') }),
    await manager.findBy(RoadshowPitch, { eventId }),
  ];
  // A rebooked request is there for its no-show, which stays put (a lock) and counts against caps; never to be placed again.
  const placed = new Set(meetings.map((m) => m.requestId));
  const solvable = requests.filter((r) => r.status === 'accepted' || placed.has(r.id));
  return { event, participants: withStageTime(event.sessions, participants, pitches), requests: solvable, meetings, now };
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
    // A slot that starts between solving and storing makes the plan stale, not the clock itself.
    started: startedSlots(event, inputs.now),
    participants: byId(inputs.participants).map((p) => [p.id, p.version, p.side, p.sessionKeys, p.unavailableSlots, p.fixedTable]),
    requests: byId(inputs.requests).map((r) => [r.id, r.version, r.requesterId, r.counterpartId, r.priority, r.sessionKey]),
    meetings: byId(inputs.meetings).map((m) => [m.id, m.version, m.requestId, m.status, m.slot, m.tableNo, m.locked, m.publishedSlot, m.publishedTable]),
  };
  return createHash('sha256').update(JSON.stringify(digest)).digest('hex');
}

export interface Solved {
  result: ScheduleResult;
  /** Hard constraints the result breaks, checked against what the solver was given: empty, or it must not be stored. */
  violations: Violation[];
  /** Both sides of every request the solver saw. */
  parties: Map<string, { requesterId: string; counterpartId: string }>;
}

/** Runs the scheduler on these inputs and checks its result with the independent validator. */
export async function solve(inputs: EventInputs): Promise<Solved> {
  const { instance, published } = compileInstance(inputs, inputs.now);
  const given = published.length ? withPublishedSchedule(instance, published) : instance;
  const result = await scheduleEvent(given, SCHEDULE_OPTIONS);
  return {
    result,
    violations: validateSchedule(given, result),
    parties: new Map(inputs.requests.map((r) => [r.id, { requesterId: r.requesterId, counterpartId: r.counterpartId }])),
  };
}
