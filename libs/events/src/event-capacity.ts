import { ConflictError, type MatchmakingEvent } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';

const approvedOf = async (manager: EntityManager, eventId: string): Promise<number> =>
  ((await manager.query(`SELECT count(*)::int AS n FROM event_participants WHERE event_id = $1 AND status = 'approved'`, [eventId])) as Array<{ n: number }>)[0]!.n;

/**
 * 名额: refuses approving `adding` more organisations when the event would then hold more than its
 * maxParticipants. Approvals of one event queue on a lock of their own, so two at once cannot both
 * take the last place; each counts what the one before it committed.
 */
export async function assertRoomFor(manager: EntityManager, event: Pick<MatchmakingEvent, 'id' | 'maxParticipants'>, adding: number): Promise<void> {
  if (event.maxParticipants === null || adding <= 0) return;
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`techbridge.event_capacity.${event.id}`]);
  const approved = await approvedOf(manager, event.id);
  if (approved + adding > event.maxParticipants) {
    const message = `the event takes at most ${event.maxParticipants} organisations and ${approved} are approved${adding > 1 ? `; these ${adding} do not fit` : ''}: raise maxParticipants, or reject or withdraw someone first`;
    throw new ConflictError('event_full', message, [{ field: 'maxParticipants', code: 'full', message }]);
  }
}

/** Whether the event has approved as many organisations as it takes (a registration now waits: 候补). */
export async function isFull(manager: EntityManager, event: Pick<MatchmakingEvent, 'id' | 'maxParticipants'>): Promise<boolean> {
  return event.maxParticipants !== null && (await approvedOf(manager, event.id)) >= event.maxParticipants;
}

/** A new maxParticipants may not fall below the organisations already approved. */
export async function assertCapacityHolds(manager: EntityManager, event: Pick<MatchmakingEvent, 'id' | 'maxParticipants'>): Promise<void> {
  if (event.maxParticipants === null) return;
  const approved = await approvedOf(manager, event.id);
  if (approved > event.maxParticipants) {
    const message = `${approved} organisations are already approved: maxParticipants cannot be ${event.maxParticipants}`;
    throw new ConflictError('below_approved', message, [{ field: 'maxParticipants', code: 'belowApproved', message }]);
  }
}
