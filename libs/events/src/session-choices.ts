import type { EventParticipant, FieldProblem, MatchmakingEvent } from '@techbridge/domain';
import type { EntityManager } from 'typeorm';
import { commonSessions } from './event-rules';

/**
 * An accepted request was accepted because the two attend a session in common; a new choice of
 * sessions that leaves none would leave it unplaceable without anyone deciding so. One problem
 * (on `field`) per such request, naming it and the other side: cancel it first, or keep such a session.
 */
export async function strandedRequestProblems(manager: EntityManager, event: MatchmakingEvent, participant: Pick<EventParticipant, 'id'>, sessionKeys: string[], field: string): Promise<FieldProblem[]> {
  const accepted: Array<{ id: string; session_key: string | null; other_sessions: string[]; other_name: string }> = await manager.query(
    `SELECT r.id, r.session_key, o.session_keys AS other_sessions, org.name AS other_name
       FROM meeting_requests r
       JOIN event_participants o ON o.id = CASE WHEN r.requester_id = $1 THEN r.counterpart_id ELSE r.requester_id END
       JOIN organizations org ON org.id = o.organization_id
      WHERE r.event_id = $2 AND r.status = 'accepted' AND $1 IN (r.requester_id, r.counterpart_id)
      ORDER BY r.created_at, r.id`,
    [participant.id, event.id],
  );
  return accepted
    .filter((r) => !commonSessions(event, [{ sessionKeys }, { sessionKeys: r.other_sessions }], r.session_key).length)
    .map((r) => ({
      field,
      code: 'no_common_session',
      message: `accepted meeting request ${r.id} with ${r.other_name} needs a session both attend${r.session_key ? ` (it is for session ${r.session_key})` : ''}; cancel it first or keep such a session`,
    }));
}
