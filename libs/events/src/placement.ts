import { ConflictError, EventParticipant, type FieldProblem, type MatchmakingEvent, NIL_ID, pairKeyOf, RoadshowPitch, ValidationError } from '@techbridge/domain';
import { chinaTime } from '@techbridge/mail';
import { boothTable } from '@techbridge/scheduling';
import { type EntityManager, In } from 'typeorm';
import { databaseNow } from './event-clock';
import { startedSlots, timeline } from './event-rules';
import { slotsDuring } from './roadshow-rules';

/** Which field of a manual placement names each of its two participants. */
export const PARTY_FIELDS = ['requesterId', 'counterpartId'] as const;

/** Why a pair gets no further meeting: two participants meet once per event. */
export const ALREADY_MET = 'these two participants already met at this event (a held meeting)';

/**
 * The pairs (`pairKeyOf`) among these participants that already met at the event: a held meeting. After
 * it nothing more is booked for them (a missed one may be booked again).
 */
export async function pairsThatMet(manager: EntityManager, eventId: string, participantIds: readonly string[]): Promise<Set<string>> {
  if (!participantIds.length) return new Set();
  const held: Array<{ requester_id: string; counterpart_id: string }> = await manager.query(
    `SELECT requester_id, counterpart_id FROM meetings WHERE event_id = $1 AND status = 'held' AND (requester_id = ANY($2::uuid[]) OR counterpart_id = ANY($2::uuid[]))`,
    [eventId, [...new Set(participantIds)]],
  );
  return new Set(held.map((m) => pairKeyOf(m.requester_id, m.counterpart_id)));
}

/**
 * The two participants of a manual edit, locked in id order: edits that share a participant queue
 * up behind each other, so its caps are counted on what the other edit committed (two edits
 * placing its last allowed meeting at once cannot both pass). Edits with no participant in common
 * still run side by side, and the unique indexes decide between them.
 */
export async function lockParties(manager: EntityManager, eventId: string, ids: readonly [string, string]): Promise<Array<EventParticipant | null>> {
  const rows = await manager.find(EventParticipant, { where: { eventId, id: In([...new Set(ids)]) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  return ids.map((id) => rows.find((p) => p.id === id) ?? null);
}

/**
 * What a placement by hand must respect besides the unique indexes, as the scheduler would: the slot
 * and table exist, the request's session, both parties approved, attending that session and not
 * blocking the slot, the booth the meeting belongs at, and observers never meet. `requesterId` is the
 * meeting's requester (whoever asked, when a request exists): two participants with booths meet at its.
 */
export function assertPlaceable(event: MatchmakingEvent, parties: readonly EventParticipant[], slot: number, table: number, request: { sessionKey: string | null; requesterId: string }): void {
  const info = timeline(event.sessions)[slot];
  if (!info) throw ValidationError.of('slot', 'max', `slot ${slot} does not exist`);
  if (table >= info.tables) throw ValidationError.of('table', 'max', `session ${info.sessionKey} has tables 0–${info.tables - 1}`);
  const { sessionKey } = request;
  if (sessionKey && info.sessionKey !== sessionKey) throw ValidationError.of('slot', 'session', `the request is limited to session ${sessionKey}`);
  for (const [i, p] of parties.entries()) {
    if (p.status !== 'approved') throw ValidationError.of(PARTY_FIELDS[i], 'not_approved', `this participant is ${p.status}; meetings are between approved participants`);
    if (p.side === 'observer') throw ValidationError.of(PARTY_FIELDS[i], 'observer', 'this participant is an observer; observers do not take meetings');
  }
  for (const p of parties) {
    if ((p.sessionKeys.length && !p.sessionKeys.includes(info.sessionKey)) || p.unavailableSlots.includes(slot)) {
      throw new ConflictError('unavailable', `slot: a participant of this meeting is not available in slot ${slot}`, [{ field: 'slot', code: 'unavailable', message: 'a participant is not available in this slot' }]);
    }
  }
  const requester = parties.find((p) => p.id === request.requesterId) ?? parties[0];
  const counterpart = parties.find((p) => p !== requester) ?? parties[1];
  const booth = boothTable(requester.fixedTable, counterpart.fixedTable);
  if (booth !== null && booth !== table) {
    const whose = requester.fixedTable === null ? 'the counterpart’s booth' : counterpart.fixedTable === null ? 'the requester’s booth' : 'the requester’s booth (both have booths: they meet at the requester’s)';
    const message = `this meeting is held at table ${booth}, ${whose}`;
    throw new ConflictError('fixed_table', `table: ${message}`, [{ field: 'table', code: 'fixed_table', message }]);
  }
}

/** The slots of a live event that have started, on the database's clock (the one the scheduler reads). */
export async function slotsStarted(manager: EntityManager, event: MatchmakingEvent): Promise<Set<number>> {
  if (event.status !== 'live') return new Set();
  return new Set(startedSlots(event, await databaseNow(manager)));
}

/**
 * On the day, a slot that has started is past placing, as for the scheduler: nothing goes into it
 * (`into`: the participants are already where their agendas sent them) and its meetings stay there
 * (`from`: whether one took place is recorded as held or no-show, not by moving it away).
 */
export function assertNotStarted(event: MatchmakingEvent, started: ReadonlySet<number>, slot: number, direction: 'into' | 'from'): void {
  if (!started.has(slot)) return;
  const at = `slot ${slot} started at ${chinaTime(timeline(event.sessions)[slot].startsAt)} (China time)`;
  const message = direction === 'into' ? `${at}; on the day meetings go into slots still to come` : `this meeting is in ${at}, so it stays there; mark it held or no_show`;
  throw new ConflictError('slot_started', `slot: ${message}`, [{ field: 'slot', code: 'slot_started', message }]);
}

/** A party presenting on the roadshow stage during the slot is not at a table then (the scheduler holds to it too). */
export async function assertOffStage(manager: EntityManager, event: MatchmakingEvent, parties: readonly EventParticipant[], slot: number): Promise<void> {
  const pitches = await manager.findBy(RoadshowPitch, { eventId: event.id, participantId: In(parties.map((p) => p.id)) });
  const onStage = pitches.find((pitch) => slotsDuring(event.sessions, pitch).includes(slot));
  if (onStage) {
    const message = `a participant of this meeting presents 「${onStage.title}」 on the roadshow stage then`;
    throw new ConflictError('on_stage', `slot: ${message}`, [{ field: 'slot', code: 'on_stage', message }]);
  }
}

/**
 * The event's meeting caps, counted on each party's active meetings (scheduled, held, no-show)
 * other than `movingMeetingId`: the most per participant overall and per side (`caps.perParticipant`,
 * `caps.bySide`), and per session (`caps.perSession`, in the session of `slot`). A cap already
 * reached is a 409 naming the party (or, for a session, the slot) and the cap.
 */
export async function assertWithinCaps(manager: EntityManager, event: MatchmakingEvent, parties: readonly EventParticipant[], slot: number, movingMeetingId: string | null): Promise<void> {
  const { caps } = event;
  const slots = timeline(event.sessions);
  const session = slots[slot].sessionKey;
  const sessionSlots = slots.filter((s) => s.sessionKey === session).map((s) => s.slot);
  const problems: FieldProblem[] = [];
  for (const [i, p] of parties.entries()) {
    const limits = [
      { cap: 'caps.perParticipant', value: caps.perParticipant },
      { cap: `caps.bySide.${p.side}`, value: caps.bySide?.[p.side] ?? null },
    ].filter((l): l is { cap: string; value: number } => typeof l.value === 'number');
    if (!limits.length && caps.perSession === null) continue;
    const [count]: Array<{ total: number; in_session: number }> = await manager.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE slot = ANY($3::int[]))::int AS in_session FROM meetings
        WHERE event_id = $1 AND status <> 'cancelled' AND (requester_id = $2 OR counterpart_id = $2) AND id <> $4`,
      [event.id, p.id, sessionSlots, movingMeetingId ?? NIL_ID],
    );
    const tightest = limits.sort((a, b) => a.value - b.value)[0];
    if (tightest && count.total >= tightest.value) {
      problems.push({ field: PARTY_FIELDS[i], code: 'cap_reached', message: `this participant already has ${count.total} meetings, the most ${tightest.cap} allows (${tightest.value})` });
    }
    if (caps.perSession !== null && count.in_session >= caps.perSession) {
      problems.push({ field: 'slot', code: 'session_cap_reached', message: `the ${PARTY_FIELDS[i] === 'requesterId' ? 'requester' : 'counterpart'} already has ${count.in_session} meetings in session ${session}, the most caps.perSession allows (${caps.perSession})` });
    }
  }
  if (problems.length) throw new ConflictError('cap_reached', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}
