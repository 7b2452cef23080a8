import { ConflictError, EventParticipant, type MatchmakingEvent } from '@techbridge/domain';
import { type EntityManager, In } from 'typeorm';
import { noticeOfDecision } from './event-notices';
import { FINAL } from './event-rules';

type Capacity = Pick<MatchmakingEvent, 'id' | 'maxParticipants'>;

const approvedOf = async (manager: EntityManager, eventId: string): Promise<number> =>
  ((await manager.query(`SELECT count(*)::int AS n FROM event_participants WHERE event_id = $1 AND status = 'approved'`, [eventId])) as Array<{ n: number }>)[0]!.n;

/**
 * Places left under 名额 (Infinity without a limit). Approvals of one event queue on a lock of
 * their own until the transaction ends, so two at once cannot both take the last place; each
 * counts what the one before it committed.
 */
async function placesLeft(manager: EntityManager, event: Capacity): Promise<number> {
  if (event.maxParticipants === null) return Infinity;
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`techbridge.event_capacity.${event.id}`]);
  return event.maxParticipants - (await approvedOf(manager, event.id));
}

/** Takes the event's approval lock (held until the transaction ends) without deciding anything yet. */
export async function holdCapacity(manager: EntityManager, event: Capacity): Promise<void> {
  await placesLeft(manager, event);
}

/** 名额: refuses approving `adding` more organisations when the event would then hold more than its maxParticipants. */
export async function assertRoomFor(manager: EntityManager, event: Capacity, adding: number): Promise<void> {
  if (event.maxParticipants === null || adding <= 0) return;
  const left = await placesLeft(manager, event);
  if (adding > left) {
    const approved = event.maxParticipants - left;
    const message = `the event takes at most ${event.maxParticipants} organisations and ${approved} are approved${adding > 1 ? `; these ${adding} do not fit` : ''}: raise maxParticipants, or reject or withdraw someone first`;
    throw new ConflictError('event_full', message, [{ field: 'maxParticipants', code: 'full', message }]);
  }
}

/** Whether one more organisation fits now; holds the event's approval lock until the transaction ends, like an approval. */
export async function hasRoom(manager: EntityManager, event: Capacity): Promise<boolean> {
  return (await placesLeft(manager, event)) > 0;
}

/** Whether the event has approved as many organisations as it takes (a registration now waits: 候补). */
export async function isFull(manager: EntityManager, event: Capacity): Promise<boolean> {
  return event.maxParticipants !== null && (await approvedOf(manager, event.id)) >= event.maxParticipants;
}

/** A new maxParticipants may not fall below the organisations already approved. */
export async function assertCapacityHolds(manager: EntityManager, event: Capacity): Promise<void> {
  if (event.maxParticipants === null) return;
  const approved = await approvedOf(manager, event.id);
  if (approved > event.maxParticipants) {
    const message = `${approved} organisations are already approved: maxParticipants cannot be ${event.maxParticipants}`;
    throw new ConflictError('below_approved', message, [{ field: 'maxParticipants', code: 'belowApproved', message }]);
  }
}

/**
 * 候补第 N 位: where a registration waiting on an event that admits automatically stands in line
 * (1 moves up next); null for any other registration, or where the organizers choose whom to approve.
 */
export async function waitlistPosition(manager: EntityManager, event: MatchmakingEvent, participant: EventParticipant): Promise<number | null> {
  if (event.registrationApproval !== 'automatic' || participant.status !== 'pending') return null;
  const [row]: Array<{ ahead: number }> = await manager.query(
    // Compared in SQL: the row's created_at has microseconds a JavaScript Date would drop.
    `SELECT count(*)::int AS ahead FROM event_participants o
      WHERE o.event_id = $1 AND o.status = 'pending' AND (o.created_at, o.id) < (SELECT p.created_at, p.id FROM event_participants p WHERE p.id = $2)`,
    [event.id, participant.id],
  );
  return row!.ahead + 1;
}

/**
 * 候补自动递补: on an event that admits registrations automatically, approves those waiting in
 * registration order, as many as 名额 now allow, and tells each. Called wherever a place may free up
 * (a withdrawal or rejection, a raised or lifted limit, the switch to automatic). Returns them.
 */
export async function promoteWaiting(manager: EntityManager, event: MatchmakingEvent): Promise<EventParticipant[]> {
  if (event.registrationApproval !== 'automatic' || FINAL.includes(event.status)) return [];
  const left = await placesLeft(manager, event);
  if (left <= 0) return [];
  // As a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count].
  const rows: Array<{ id: string }> = await manager.query(
    `WITH promoted AS (
       UPDATE event_participants SET status = 'approved', decided_at = now(), updated_at = now(), version = version + 1
        WHERE id IN (SELECT id FROM event_participants WHERE event_id = $1 AND status = 'pending' ORDER BY created_at, id LIMIT $2 FOR UPDATE)
        RETURNING id)
     SELECT id FROM promoted`,
    [event.id, Number.isFinite(left) ? left : null],
  );
  if (!rows.length) return [];
  const promoted = await manager.find(EventParticipant, { where: { id: In(rows.map((r) => r.id)) }, order: { createdAt: 'ASC', id: 'ASC' } });
  for (const participant of promoted) await noticeOfDecision(manager, event, participant, true);
  return promoted;
}
