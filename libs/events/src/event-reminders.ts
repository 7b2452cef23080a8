import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventParticipant, MatchmakingEvent, Meeting } from '@techbridge/domain';
import { chinaTime } from '@techbridge/mail';
import { type Notice, notifyOnce } from '@techbridge/notifications';
import { DataSource, type EntityManager, In } from 'typeorm';
import { type SlotInfo, tableNumber, timeline } from './event-rules';

/** How long before an event's first slot its parties are reminded of it. */
export const REMINDER_HOURS = 24;
/** How long after its last slot those with held meetings are asked for their feedback, and until when. */
export const FEEDBACK_AFTER_HOURS = 2;
export const FEEDBACK_ASKED_DAYS = 14;

const HOUR = 3_600_000;
/** Once per event and organisation (an organizer that also takes part hears once). */
const aboutEvent = (notice: Notice) => ({ eventId: notice.subject.eventId! });

/** One participant's part of the day: its scheduled meetings and the first of them. */
interface Part {
  participant: EventParticipant;
  meetings: number;
  first: { slot: SlotInfo; table: number } | null;
}

/**
 * 对接会 reminders, hourly in the worker: the day before (within REMINDER_HOURS of the first slot of
 * a published agenda) each approved participant hears when and where, how many meetings it has and
 * its first one, and the organizers how many; after the day, each party with held meetings it has
 * not given feedback on is asked for it. Each goes once per event and organisation, however often
 * the job runs or was missed.
 */
@Injectable()
export class EventReminders {
  private readonly logger = new Logger('EventReminders');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async remind(now = new Date()): Promise<{ upcoming: number; feedbackDue: number }> {
    return this.dataSource.transaction(async (manager) => {
      // Overlapping runs (a manual one beside the scheduled one) would remind twice.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['techbridge.event_reminders']);
      const events = await manager.findBy(MatchmakingEvent, { status: In(['published', 'live', 'closed']) });
      const counts = { upcoming: 0, feedbackDue: 0 };
      for (const event of events) {
        const slots = timeline(event.sessions);
        if (!slots.length) continue;
        const starts = slots[0]!.startsAt.getTime();
        const ends = slots.at(-1)!.endsAt.getTime();
        if (event.status === 'published' && starts > now.getTime() && starts - now.getTime() <= REMINDER_HOURS * HOUR) {
          counts.upcoming += (await notifyOnce(manager, await this.upcomingNotices(manager, event, slots), aboutEvent)).length;
        } else if (event.status !== 'published' && now.getTime() >= ends + FEEDBACK_AFTER_HOURS * HOUR && now.getTime() <= ends + FEEDBACK_ASKED_DAYS * 24 * HOUR) {
          counts.feedbackDue += (await notifyOnce(manager, await this.feedbackNotices(manager, event), aboutEvent)).length;
        }
      }
      if (counts.upcoming || counts.feedbackDue) this.logger.log(`reminded ${counts.upcoming} organisations of an event tomorrow, asked ${counts.feedbackDue} for meeting feedback`);
      return counts;
    });
  }

  private async upcomingNotices(manager: EntityManager, event: MatchmakingEvent, slots: SlotInfo[]): Promise<Notice[]> {
    // One after the other: a transaction's connection runs one query at a time.
    const participants = await manager.findBy(EventParticipant, { eventId: event.id, status: 'approved' });
    const meetings = await manager.findBy(Meeting, { eventId: event.id, status: 'scheduled' });
    const parts = participants.map((participant): Part => {
      const own = meetings.filter((m) => m.requesterId === participant.id || m.counterpartId === participant.id).sort((a, b) => a.slot - b.slot);
      const first = own[0] && slots[own[0].slot] ? { slot: slots[own[0].slot]!, table: own[0].tableNo } : null;
      return { participant, meetings: own.length, first };
    });
    const when = `将于 ${chinaTime(slots[0]!.startsAt)} 开始`;
    const where = event.venue ? `地点：${event.venue}。` : event.onlineUrl ? `线上举行：${event.onlineUrl}。` : '';
    const subject = { eventId: event.id };
    const notices: Notice[] = parts.map(({ participant, meetings: n, first }) => ({
      organizationId: participant.organizationId,
      kind: 'event.reminder',
      title: `${event.title}：对接会${when}`.slice(0, 200),
      body:
        `${where}${n ? `贵单位共有 ${n} 场一对一洽谈，第一场 ${chinaTime(first!.slot.startsAt)} 在第 ${tableNumber(first!.table)} 桌。` : '贵单位暂无排定的一对一洽谈。'}` +
        `请凭参会码签到；议程可在平台查看，或订阅日历。`,
      subject: { ...subject, participantId: participant.id },
    }));
    notices.push({
      organizationId: event.organizerOrganizationId,
      kind: 'event.reminder',
      title: `${event.title}：对接会${when}`.slice(0, 200),
      body: `${where}已审核参会单位 ${participants.length} 家，排定一对一洽谈 ${meetings.length} 场。签到用各单位的参会码。`,
      subject,
    });
    return notices;
  }

  private async feedbackNotices(manager: EntityManager, event: MatchmakingEvent): Promise<Notice[]> {
    const participants = await manager.findBy(EventParticipant, { eventId: event.id, status: 'approved' });
    const held = await manager.findBy(Meeting, { eventId: event.id, status: 'held' });
    return participants.flatMap((participant) => {
      const missing = held.filter((m) => (m.requesterId === participant.id && !m.requesterFeedback) || (m.counterpartId === participant.id && !m.counterpartFeedback)).length;
      if (!missing) return [];
      return [
        {
          organizationId: participant.organizationId,
          kind: 'event.feedback_due',
          title: `${event.title}：请填写洽谈反馈`.slice(0, 200),
          body: `贵单位在「${event.title}」有 ${missing} 场已举行的洽谈尚未反馈。评分和是否继续跟进，帮助组织方跟进对接成效，也会推进对应的匹配。`,
          subject: { eventId: event.id, participantId: participant.id },
        },
      ];
    });
  }
}
