import { EventParticipant, type MatchmakingEvent, ValidationError } from '@techbridge/domain';
import { chinaTime } from '@techbridge/mail';
import { notify } from '@techbridge/notifications';
import { type EntityManager, In } from 'typeorm';
import { timeline } from './event-rules';

export const CANCELLATION_REASON_MAX = 500;

/** Why the event is called off: required, since its participants are told. */
export function cancellationReason(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (!text) throw ValidationError.of('reason', 'required', 'say why the event is called off: its participants are told');
  if (text.length > CANCELLATION_REASON_MAX) throw ValidationError.of('reason', 'maxLength', `reason must be at most ${CANCELLATION_REASON_MAX} characters`);
  return text;
}

/**
 * Calls the event off, inside the `cancel` transition (the event row locked). Its meetings are cancelled
 * and the agenda version raised, so subscribed calendars replace each meeting with a CANCELLED copy
 * instead of keeping it; every registration still standing (approved, or waiting for a decision or a
 * place) is told why, since reminders no longer go out for it.
 */
export async function callOff(manager: EntityManager, event: MatchmakingEvent, reason: string, now: Date): Promise<void> {
  event.cancelledAt = now;
  event.cancellationReason = reason;
  event.agendaVersion += 1;
  // Before any slot started nothing is held or missed: every active meeting is still scheduled.
  await manager.query(`DELETE FROM meeting_seats WHERE meeting_id IN (SELECT id FROM meetings WHERE event_id = $1 AND status = 'scheduled')`, [event.id]);
  await manager.query(`UPDATE meetings SET status = 'cancelled', status_changed_at = now(), version = version + 1 WHERE event_id = $1 AND status = 'scheduled'`, [event.id]);
  const standing = await manager.findBy(EventParticipant, { eventId: event.id, status: In(['approved', 'pending']) });
  const first = timeline(event.sessions)[0];
  const when = first ? `（原定 ${chinaTime(first.startsAt)} 开始）` : '';
  await notify(
    manager,
    standing.map((p) => ({
      organizationId: p.organizationId,
      kind: 'event.cancelled',
      title: `${event.title}：对接会已取消`.slice(0, 200),
      body: `组织方已取消「${event.title}」${when}，原因：${reason}${p.status === 'approved' ? ' 已排定的一对一洽谈随之取消，请勿前往。' : ''}`,
      subject: { eventId: event.id, participantId: p.id },
    })),
  );
}
