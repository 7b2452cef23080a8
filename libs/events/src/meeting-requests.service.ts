import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import {
  type Actor,
  assertAction,
  ConflictError,
  EventParticipant,
  ForbiddenError,
  InvalidStateError,
  MatchmakingEvent,
  Meeting,
  MeetingRequest,
  type MeetingRequestStatus,
  NIL_ID,
  NotFoundError,
  pairKeyOf,
  ValidationError,
} from '@techbridge/domain';
import { markMatchReached, MatchesService } from '@techbridge/matches';
import { DataSource, type EntityManager, In } from 'typeorm';
import { assertSees, BOOKING_CONFLICTS, conflictOnUnique, managesEvent, speaksFor } from './event-access';
import { commonSessions, FINAL, mayBook } from './event-rules';
import { ParticipantsService } from './participants.service';
import { noticeOfAnswer, noticeOfCancellation, noticeOfRequest } from './event-notices';

export interface MeetingRequestInput {
  /** Directly: the participant to meet… */
  counterpartId?: string;
  /** …or from a match between the two organisations' items (pre-fills the counterpart and the message). */
  matchId?: string;
  priority?: number;
  message?: string;
  sessionKey?: string;
}

/** A catalogue item's title as everyone may see it: a confidential item's neutral title, never its real one. */
const PUBLIC_FACE = `CASE WHEN visibility = 'confidential' THEN neutral_title ELSE title END`;

export const REQUEST_RESPONSES = {
  accept: { from: ['pending'], to: 'accepted', by: 'counterpart' },
  decline: { from: ['pending'], to: 'declined', by: 'counterpart' },
  cancel: { from: ['pending', 'accepted'], to: 'cancelled', by: 'either' },
} as const satisfies Record<string, { from: readonly MeetingRequestStatus[]; to: MeetingRequestStatus; by: string }>;
export type RequestResponse = keyof typeof REQUEST_RESPONSES;

/** Meeting requests between participants: asking, accepting, declining, cancelling; expiry at the booking deadline. */
@Injectable()
export class MeetingRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly participants: ParticipantsService,
    private readonly matches: MatchesService,
    private readonly audit: AuditLog,
  ) {}

  private assertBookingOpen(event: MatchmakingEvent, action: string): void {
    if (event.status !== 'booking') throw new InvalidStateError(event.status, action, undefined, `meeting requests are taken while the event is booking; it is ${event.status}`);
    const now = Date.now();
    if (now > event.bookingClosesAt.getTime()) throw new ConflictError('booking_closed', `booking closed at ${event.bookingClosesAt.toISOString()}`, [{ field: 'eventId', code: 'closed', message: 'booking is closed' }]);
    if (event.bookingOpensAt && now < event.bookingOpensAt.getTime()) throw new ConflictError('booking_not_open', `booking opens at ${event.bookingOpensAt.toISOString()}`, [{ field: 'eventId', code: 'not_open', message: 'booking is not open yet' }]);
  }

  async create(actor: Actor, eventId: string, input: MeetingRequestInput): Promise<MeetingRequest> {
    if (!input.counterpartId === !input.matchId) throw ValidationError.of('counterpartId', 'oneOf', 'give either counterpartId or matchId');
    // Read through the matches service: a match the caller does not speak for is a 404, and the counterpart's item comes redacted.
    const fromMatch = input.matchId ? await this.matches.get(actor, input.matchId) : null;
    // As messages, documents and deals: a pair one side dismissed is not pursued until that side restores it.
    if (fromMatch?.match.state === 'dismissed') throw new InvalidStateError('dismissed', 'request a meeting', undefined, 'this match was dismissed; the side that dismissed it restores it first');
    return this.dataSource.transaction(async (manager) => {
      const event = assertSees(actor, await manager.findOne(MatchmakingEvent, { where: { id: eventId }, lock: { mode: 'pessimistic_read' } }), eventId);
      const notMe = () => new ForbiddenError('not_participant', 'only approved participants of this event request meetings', [{ field: 'eventId', code: 'not_participant', message: 'your organisation is not an approved participant' }]);
      const notThem = () =>
        fromMatch
          ? ValidationError.of('matchId', 'not_participant', 'the other side of this match is not an approved participant of this event')
          : ValidationError.of('counterpartId', 'not_participant', 'counterpartId is not an approved participant of this event');
      const mine = await this.participants.mine(manager, actor, eventId);
      if (mine?.status !== 'approved') throw notMe();
      this.assertBookingOpen(event, 'request a meeting');
      const found = fromMatch
        ? await manager.findOneBy(EventParticipant, { eventId, organizationId: fromMatch.counterpart.record.item.organizationId })
        : await manager.findOneBy(EventParticipant, { id: input.counterpartId!, eventId });
      if (found?.status !== 'approved') throw notThem();
      if (found.id === mine.id) throw ValidationError.of('counterpartId', 'self', 'a participant cannot request a meeting with itself');
      // Both read again under a shared lock, in id order (as answering takes them): a withdrawal or
      // rejection of either waits for this request and cancels it, or has committed and is seen here.
      const [me, counterpart] = await lockParties(manager, mine.id, found.id);
      if (me.status !== 'approved') throw notMe();
      if (counterpart.status !== 'approved') throw notThem();
      let message = input.message?.trim() || null;
      if (fromMatch) {
        const ourKind = fromMatch.side;
        const [ourId, theirId] = ourKind === 'demand' ? [fromMatch.match.demandId, fromMatch.match.achievementId] : [fromMatch.match.achievementId, fromMatch.match.demandId];
        const faces: Array<{ id: string; organization_id: string; face: string }> = await manager.query(
          `SELECT id, organization_id, ${PUBLIC_FACE} AS face FROM tech_demands WHERE id = $1
           UNION ALL SELECT id, organization_id, ${PUBLIC_FACE} AS face FROM achievements WHERE id = $2`,
          ourKind === 'demand' ? [ourId, theirId] : [theirId, ourId],
        );
        const ours = faces.find((f) => f.id === ourId);
        const theirs = faces.find((f) => f.id === theirId);
        // A broker serving several organisations may read a match of one while acting for another.
        if (ours?.organization_id !== me.organizationId) throw ValidationError.of('matchId', 'not_yours', 'this match is not about an item of the organisation you request for');
        // Stored once and read by the counterpart and every organizer, whatever was disclosed to whom (and for
        // as long as the request lives, disclosures revoked or not): only faces anyone on the event may see.
        message ||= `希望就「${ours.face}」与「${theirs?.face ?? ''}」进行对接洽谈（匹配度 ${Math.round(fromMatch.score)}）。`;
      }
      if (!mayBook(event.bookingRule, me.side, counterpart.side)) {
        throw new ForbiddenError('booking_rule', `under this event's rule (${event.bookingRule}) a ${me.side} participant cannot book a ${counterpart.side} one`, [{ field: 'counterpartId', code: 'booking_rule', message: `${me.side} cannot book ${counterpart.side}` }]);
      }
      this.checkSession(event, input.sessionKey, [me, counterpart]);
      const common = commonSessions(event, [me, counterpart]);
      if (!common.length) throw ValidationError.of('counterpartId', 'no_common_session', 'you and this participant attend no session in common (sessions are chosen at registration)');
      const request = manager.create(MeetingRequest, {
        eventId, requesterId: me.id, counterpartId: counterpart.id, pairKey: pairKeyOf(me.id, counterpart.id), matchId: fromMatch?.match.id ?? null,
        priority: input.priority ?? 1, message, sessionKey: input.sessionKey ?? null, status: 'pending', source: 'participant', createdBy: actor.userId, respondedAt: null, respondedBy: null,
      });
      const saved = await manager.save(request).catch((err) => conflictOnUnique(err, BOOKING_CONFLICTS));
      if (fromMatch) await markMatchReached(manager, fromMatch.match.id, 'contacted', saved.createdAt);
      await this.audit.record(manager, actor, { action: 'event.request.create', resourceType: 'meeting_request', resourceId: saved.id, organizationId: me.organizationId });
      await noticeOfRequest(manager, event, saved, me, counterpart);
      return saved;
    });
  }

  checkSession(event: MatchmakingEvent, sessionKey: string | undefined | null, parties: EventParticipant[], field = 'sessionKey'): void {
    if (!sessionKey) return;
    if (!event.sessions.some((s) => s.key === sessionKey)) throw ValidationError.of(field, 'isIn', `no session ${sessionKey}; sessions are ${event.sessions.map((s) => s.key).join(', ')}`);
    for (const p of parties) {
      if (p.sessionKeys.length && !p.sessionKeys.includes(sessionKey)) throw ValidationError.of(field, 'not_attended', `a participant of this meeting does not attend session ${sessionKey}`);
    }
  }

  /** Organizers see every request; a participant sees those it made or received. */
  async list(actor: Actor, eventId: string, status?: MeetingRequestStatus): Promise<MeetingRequest[]> {
    const event = assertSees(actor, await this.dataSource.getRepository(MatchmakingEvent).findOneBy({ id: eventId }), eventId);
    await this.expireOverdue(eventId);
    const qb = this.dataSource.getRepository(MeetingRequest).createQueryBuilder('r').where('r.event_id = :eventId', { eventId }).orderBy('r.created_at').addOrderBy('r.id');
    if (!managesEvent(actor, event)) {
      const me = await this.participants.mine(this.dataSource.manager, actor, eventId);
      qb.andWhere('(r.requester_id = :me OR r.counterpart_id = :me)', { me: me?.id ?? NIL_ID });
    }
    if (status) qb.andWhere('r.status = :status', { status });
    return qb.getMany();
  }

  async respond(actor: Actor, eventId: string, requestId: string, action: string): Promise<MeetingRequest> {
    assertAction(REQUEST_RESPONSES, action);
    const response = REQUEST_RESPONSES[action];
    await this.expireOverdue(eventId);
    return this.dataSource.transaction(async (manager) => {
      const event = assertSees(actor, await manager.findOne(MatchmakingEvent, { where: { id: eventId }, lock: { mode: 'pessimistic_read' } }), eventId);
      const parties = await manager.findOne(MeetingRequest, { where: { id: requestId, eventId }, select: { id: true, requesterId: true, counterpartId: true } });
      if (!parties) throw new NotFoundError('meeting_request', requestId);
      // The two participants first, in id order (shared: a concurrent change of either's sessions, or a
      // withdrawal, waits for this answer and sees it, ParticipantsService), then the request: the order
      // withdrawing and placing by hand (lockParties) take them in.
      const [requester, counterpart] = await lockParties(manager, parties.requesterId, parties.counterpartId);
      const request = await manager.findOneOrFail(MeetingRequest, { where: { id: requestId }, lock: { mode: 'pessimistic_write' } });
      const manages = managesEvent(actor, event);
      const isRequester = speaksFor(actor, requester);
      const isCounterpart = speaksFor(actor, counterpart);
      if (!manages && !isRequester && !isCounterpart) throw new NotFoundError('meeting_request', requestId);
      const allowed = response.by === 'counterpart' ? isCounterpart : isRequester || isCounterpart || manages;
      if (!allowed) throw new ForbiddenError('not_counterpart', `only the requested participant can ${action} this request`);
      if (!(response.from as readonly string[]).includes(request.status)) {
        throw new InvalidStateError(request.status, action, response.to, `cannot ${action} a request that is ${request.status}`);
      }
      if (FINAL.includes(event.status)) throw new InvalidStateError(event.status, action, undefined, `the event is ${event.status}: its requests and meetings are final`);
      if (action === 'accept') {
        this.assertBookingOpen(event, action);
        // A side that left the event (or was turned away) meets nobody: its requests are cancelled, not accepted.
        for (const [field, party] of [['requesterId', requester], ['counterpartId', counterpart]] as const) {
          if (party.status !== 'approved') throw new ConflictError('participant_not_approved', `${field}: that participant is ${party.status}; only approved participants meet`, [{ field, code: 'not_approved', message: `the participant is ${party.status}` }]);
        }
        // Sessions chosen since the request was made may leave the two nowhere to meet.
        if (!commonSessions(event, [requester, counterpart], request.sessionKey).length) {
          throw new ConflictError('no_common_session', 'the two participants no longer attend a session in common', [{ field: 'sessionKeys', code: 'no_common_session', message: `no session${request.sessionKey ? ` (of ${request.sessionKey})` : ''} is attended by both` }]);
        }
      }
      if (action === 'cancel') {
        // A meeting that took place (or was missed) is a record of the day, not something to call off.
        // Its meetings locked first, so one being marked held meanwhile is seen as held, not cancelled under it.
        const meetings = await manager.find(Meeting, { where: { requestId }, lock: { mode: 'pessimistic_write' } });
        const done = meetings.find((m) => m.status === 'held' || m.status === 'no_show');
        if (done) throw new InvalidStateError(done.status, action, 'cancelled', `this request's meeting is already ${done.status}; it cannot be cancelled`);
      }
      request.status = response.to;
      request.respondedAt = new Date();
      request.respondedBy = actor.userId;
      const saved = await manager.save(request);
      if (action === 'cancel') {
        const cancelled = await cancelMeetingsOf(manager, [requestId]);
        // Off a published agenda: the organizers and the other side learn of it in the app (the feeds show it cancelled).
        const published = cancelled.find((m) => m.publishedSlot !== null);
        const acting = manages ? event.organizerOrganizationId : (isRequester ? requester : counterpart).organizationId;
        if (published) await noticeOfCancellation(manager, event, [requester, counterpart], acting, published.slot, requestId);
      }
      await this.audit.record(manager, actor, { action: `event.request.${action}`, resourceType: 'meeting_request', resourceId: requestId, organizationId: isCounterpart ? counterpart.organizationId : requester.organizationId });
      if (action === 'accept' || action === 'decline') await noticeOfAnswer(manager, event, saved, requester, counterpart);
      return saved;
    });
  }

  /** Pending requests past the booking deadline become expired (also run every 10 minutes by the worker). */
  async expireOverdue(eventId?: string): Promise<number> {
    return expireOverdueRequests(this.dataSource, eventId);
  }
}

/** The two participants of a request, locked shared in id order (as every writer takes them); resolves in the order given. */
async function lockParties(manager: EntityManager, a: string, b: string): Promise<[EventParticipant, EventParticipant]> {
  const locked = await manager.find(EventParticipant, { where: { id: In([a, b]) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_read' } });
  return [locked.find((p) => p.id === a)!, locked.find((p) => p.id === b)!];
}

/** Pending requests past their event's booking deadline become expired; before any read that counts or shows them. */
export async function expireOverdueRequests(db: Pick<DataSource, 'query'>, eventId?: string): Promise<number> {
  const rows: unknown[] = await db.query(
    `UPDATE meeting_requests r SET status = 'expired', updated_at = now(), version = r.version + 1 FROM events e
     WHERE r.event_id = e.id AND r.status = 'pending' AND e.booking_closes_at < now() ${eventId ? 'AND e.id = $1' : ''} RETURNING r.id`,
    eventId ? [eventId] : [],
  );
  const updated = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows;
  return updated.length;
}

/** Cancels the active meetings of these requests and frees their seats; resolves with the meetings cancelled. */
export async function cancelMeetingsOf(manager: EntityManager, requestIds: string[]): Promise<Array<{ slot: number; publishedSlot: number | null }>> {
  if (!requestIds.length) return [];
  await manager.query(`DELETE FROM meeting_seats WHERE meeting_id IN (SELECT id FROM meetings WHERE request_id = ANY($1::uuid[]) AND status = 'scheduled')`, [requestIds]);
  const result: unknown[] = await manager.query(
    `UPDATE meetings SET status = 'cancelled', status_changed_at = now(), version = version + 1 WHERE request_id = ANY($1::uuid[]) AND status = 'scheduled' RETURNING slot, published_slot`,
    [requestIds],
  );
  const rows = (Array.isArray(result[0]) ? result[0] : result) as Array<{ slot: number; published_slot: number | null }>;
  return rows.map((r) => ({ slot: r.slot, publishedSlot: r.published_slot }));
}
