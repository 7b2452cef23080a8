import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { type Actor, EventCheckIn, EventParticipant, InvalidStateError, MatchmakingEvent, ValidationError } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { assertManages } from './event-access';
import { databaseNow } from './event-clock';
import { checkInDay, eventDays } from './event-rules';
import { expireOverdueRequests } from './meeting-requests.service';

export interface EventFigures {
  /** checkedIn: participants who checked in on any of the event's days; checkedInByDay: on each day (China time). */
  participants: { registered: number; approved: number; checkedIn: number; checkedInByDay: Array<{ day: string; checkedIn: number }> };
  requests: { total: number; pending: number; accepted: number; declined: number; expired: number; cancelled: number; rebooked: number };
  meetings: { scheduled: number; held: number; noShow: number; cancelled: number };
  /** no-shows / (held + no-shows), in percent; null before any meeting was marked. */
  noShowRate: number | null;
  /** Meetings where at least one side wants to follow up, and the feedback received. */
  followUps: number;
  feedbacks: number;
  averageRating: number | null;
  /** What the parties recorded as coming from this 对接会 (deals naming it): intents and their intended 万元, contracts signed or registered and their 成交额. */
  deals: { intents: number; intendedWan: number; signed: number; turnoverWan: number };
  /** 路演: pitches on the programme, interest registered in them, and the organisations that registered any. */
  roadshow: { pitches: number; interests: number; interestedOrganizations: number };
}

/** The day itself: check-in and the organizer's figures. */
@Injectable()
export class EventDay {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Checks a participant in by the code on its badge (QR) for today: on each of the event's days (China
   * time, the database's clock) it checks in anew. Twice on one day is harmless. `checkedInAt` is the latest.
   */
  async checkIn(actor: Actor, eventId: string, code: string): Promise<EventParticipant> {
    return this.dataSource.transaction(async (manager) => {
      const event = assertManages(actor, await manager.findOneBy(MatchmakingEvent, { id: eventId }), eventId);
      if (!['published', 'live'].includes(event.status)) throw new InvalidStateError(event.status, 'check in', undefined, `check-in opens when the event is published; it is ${event.status}`);
      const now = await databaseNow(manager);
      const day = checkInDay(event.sessions, now);
      const participant = await manager.findOne(EventParticipant, { where: { eventId, checkInCode: code }, lock: { mode: 'pessimistic_write' } });
      if (!participant) throw ValidationError.of('code', 'unknown', 'no participant of this event has this check-in code');
      if (participant.status !== 'approved') throw new InvalidStateError(participant.status, 'check in', undefined, `only approved participants check in; this one is ${participant.status}`);
      if (!(await manager.existsBy(EventCheckIn, { participantId: participant.id, day }))) {
        await manager.insert(EventCheckIn, { participantId: participant.id, day, eventId, checkedInAt: now, checkedInBy: actor.userId });
        participant.checkedInAt = now;
        await manager.save(participant);
        await this.audit.record(manager, actor, { action: 'event.participant.check_in', resourceType: 'event_participant', resourceId: participant.id, organizationId: participant.organizationId, details: { day } });
      }
      return participant;
    });
  }

  async figures(actor: Actor, eventId: string): Promise<EventFigures> {
    const event = assertManages(actor, await this.dataSource.getRepository(MatchmakingEvent).findOneBy({ id: eventId }), eventId);
    await expireOverdueRequests(this.dataSource, eventId);
    const [p] = await this.dataSource.query(
      `SELECT count(*)::int AS registered, count(*) FILTER (WHERE status = 'approved')::int AS approved, count(*) FILTER (WHERE checked_in_at IS NOT NULL)::int AS checked_in
         FROM event_participants WHERE event_id = $1`,
      [eventId],
    );
    const dayRows: Array<{ day: string; n: number }> = await this.dataSource.query(`SELECT day::text AS day, count(*)::int AS n FROM event_check_ins WHERE event_id = $1 GROUP BY day`, [eventId]);
    const checkedInByDay = eventDays(event.sessions).map((day) => ({ day, checkedIn: dayRows.find((r) => r.day === day)?.n ?? 0 }));
    const requestRows: Array<{ status: string; n: number }> = await this.dataSource.query(`SELECT status, count(*)::int AS n FROM meeting_requests WHERE event_id = $1 GROUP BY status`, [eventId]);
    const requests = Object.fromEntries(requestRows.map((r) => [r.status, r.n])) as Record<string, number>;
    const [m] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status <> 'cancelled')::int AS scheduled, count(*) FILTER (WHERE status = 'held')::int AS held,
              count(*) FILTER (WHERE status = 'no_show')::int AS no_show, count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE (requester_feedback->>'wantsFollowUp')::boolean OR (counterpart_feedback->>'wantsFollowUp')::boolean)::int AS follow_ups,
              (count(requester_feedback) + count(counterpart_feedback))::int AS feedbacks,
              (SELECT avg((f->>'rating')::int)::float FROM meetings mm, unnest(ARRAY[mm.requester_feedback, mm.counterpart_feedback]) AS f
                WHERE mm.event_id = $1 AND f IS NOT NULL) AS average_rating
         FROM meetings WHERE event_id = $1`,
      [eventId],
    );
    const [d] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE stage = 'intent')::int AS intents, coalesce(sum(amount_wan) FILTER (WHERE stage = 'intent'), 0)::float AS intended,
              count(*) FILTER (WHERE stage IN ('signed', 'registered'))::int AS signed, coalesce(sum(amount_wan) FILTER (WHERE stage IN ('signed', 'registered')), 0)::float AS turnover
         FROM deals WHERE event_id = $1`,
      [eventId],
    );
    const [r] = await this.dataSource.query(
      `SELECT count(DISTINCT p.id)::int AS pitches, count(i.id)::int AS interests, count(DISTINCT i.participant_id)::int AS interested
         FROM roadshow_pitches p LEFT JOIN roadshow_interests i ON i.pitch_id = p.id WHERE p.event_id = $1`,
      [eventId],
    );
    const marked = m.held + m.no_show;
    const count = (s: string) => requests[s] ?? 0;
    return {
      participants: { registered: p.registered, approved: p.approved, checkedIn: p.checked_in, checkedInByDay },
      requests: { total: requestRows.reduce((n, r) => n + r.n, 0), pending: count('pending'), accepted: count('accepted'), declined: count('declined'), expired: count('expired'), cancelled: count('cancelled'), rebooked: count('rebooked') },
      meetings: { scheduled: m.scheduled, held: m.held, noShow: m.no_show, cancelled: m.cancelled },
      noShowRate: marked ? Math.round((1000 * m.no_show) / marked) / 10 : null,
      followUps: m.follow_ups,
      feedbacks: m.feedbacks,
      averageRating: m.average_rating === null ? null : Math.round(m.average_rating * 100) / 100,
      deals: { intents: d.intents, intendedWan: d.intended, signed: d.signed, turnoverWan: d.turnover },
      roadshow: { pitches: r.pitches, interests: r.interests, interestedOrganizations: r.interested },
    };
  }
}
