import { EventParticipant, type MatchmakingEvent } from '@techbridge/domain';
import { notify } from '@techbridge/notifications';
import type { EntityManager } from 'typeorm';

/**
 * Publishing (inside the publish transaction): each active meeting's place becomes its published
 * place (what a later re-schedule moves as little as possible), the agenda version grows (the
 * .ics SEQUENCE), and every approved participant is notified in the app.
 */
export async function publishAgendas(manager: EntityManager, event: MatchmakingEvent): Promise<void> {
  event.agendaVersion += 1;
  event.publishedAt = new Date();
  await manager.query(`UPDATE meetings SET published_slot = slot, published_table = table_no WHERE event_id = $1 AND status <> 'cancelled'`, [event.id]);
  const participants = await manager.findBy(EventParticipant, { eventId: event.id, status: 'approved' });
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
