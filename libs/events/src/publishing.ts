import { EventParticipant, type MatchmakingEvent } from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import type { EntityManager } from 'typeorm';

/** Per-meeting notices a participant gets as its visible agenda changes (hand edits, re-runs, cancellations). */
const TOLD_OF_CHANGE = ['event.meeting_moved', 'event.meeting_added', 'event.meeting_cancelled'];

/**
 * Publishing (inside the publish transaction): each active meeting's place becomes its published
 * place (what the agenda's `movedFrom` compares with), the agenda version grows (the .ics SEQUENCE),
 * and the approved participants are notified in the app: all of them the first time; on publishing
 * again, those not already told of a change since the last publication — a visible agenda's changes
 * are announced one by one as they are made, and one notice of each is enough.
 */
export async function publishAgendas(manager: EntityManager, event: MatchmakingEvent): Promise<void> {
  const previously = event.publishedAt;
  event.agendaVersion += 1;
  event.publishedAt = new Date();
  await manager.query(`UPDATE meetings SET published_slot = slot, published_table = table_no WHERE event_id = $1 AND status <> 'cancelled'`, [event.id]);
  const approved = await manager.findBy(EventParticipant, { eventId: event.id, status: 'approved' });
  const told: Array<{ organization_id: string }> =
    previously && approved.length
      ? await manager.query(
          `SELECT DISTINCT organization_id FROM notifications WHERE organization_id = ANY($1::uuid[]) AND created_at >= $2 AND kind = ANY($3::text[]) AND subject @> $4::jsonb`,
          [approved.map((p) => p.organizationId), previously, TOLD_OF_CHANGE, JSON.stringify({ eventId: event.id })],
        )
      : [];
  const toldAlready = new Set(told.map((t) => t.organization_id));
  const participants = approved.filter((p) => !toldAlready.has(p.organizationId));
  const counts: Array<{ participant_id: string; n: number }> = await manager.query(
    `SELECT s.participant_id, count(*)::int AS n FROM meeting_seats s JOIN meetings m ON m.id = s.meeting_id WHERE m.event_id = $1 GROUP BY s.participant_id`,
    [event.id],
  );
  const countOf = new Map(counts.map((c) => [c.participant_id, c.n]));
  const republished = event.agendaVersion > 1;
  const notices = participants.map((p) => ({
    organizationId: p.organizationId,
    title: `${event.title}：议程${republished ? '已更新' : '已发布'}`,
    body: `您在「${event.title}」共有 ${countOf.get(p.id) ?? 0} 场一对一洽谈，请查看议程（可订阅 .ics 日历）。`,
    participantId: p.id,
  }));
  await notify(
    manager,
    notices.map((n) => ({ organizationId: n.organizationId, kind: republished ? 'event.agenda_updated' : 'event.agenda_published', title: n.title, body: n.body, subject: { eventId: event.id, participantId: n.participantId } })),
  );
}
