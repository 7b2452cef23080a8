import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import {
  assertVersion,
  assertAction,
  type Actor,
  ConflictError,
  DomainError,
  EventParticipant,
  ForbiddenError,
  InvalidStateError,
  type MatchmakingEvent,
  MatchmakingEvent as EventEntity,
  Meeting,
  type MeetingFeedback,
  MeetingRequest,
  MeetingSeat,
  type MeetingStatus,
  NotFoundError,
  pairKeyOf,
  ValidationError,
} from '@techbridge/domain';
import { markMatchReached, MatchesService } from '@techbridge/matches';
import { DataSource, type EntityManager, In } from 'typeorm';
import { assertManages, assertSees, BOOKING_CONFLICTS, conflictOnUnique, managesEvent, speaksFor } from './event-access';
import { ALREADY_MET, assertNotStarted, assertOffStage, assertPlaceable, assertWithinCaps, lockParties, pairsThatMet, PARTY_FIELDS, slotsStarted } from './placement';
import { ParticipantsService } from './participants.service';
import { AGENDA_VISIBLE, agendaVisible, assertSlotBegun } from './event-rules';
import { databaseNow } from './event-clock';
import { noticeOfCancellation, noticeOfPlacement } from './event-notices';

export interface NewMeeting {
  requesterId: string;
  counterpartId: string;
  slot: number;
  table: number;
  locked?: boolean;
  priority?: number;
}

export const MEETING_ACTIONS = {
  lock: { from: ['scheduled'], to: 'scheduled' },
  unlock: { from: ['scheduled'], to: 'scheduled' },
  cancel: { from: ['scheduled'], to: 'cancelled' },
  held: { from: ['scheduled', 'no_show'], to: 'held' },
  no_show: { from: ['scheduled', 'held'], to: 'no_show' },
} as const satisfies Record<string, { from: readonly MeetingStatus[]; to: MeetingStatus }>;
export type MeetingAction = keyof typeof MEETING_ACTIONS;

/** Event states in which organizers place and edit meetings by hand. */
const EDITING: readonly string[] = ['booking', 'scheduled', 'published', 'live'];

export interface FeedbackResult {
  meeting: Meeting;
  /** The underlying match's state after the feedback (moved forward on "wants follow-up"). */
  matchState: string | null;
}

/** A participant reads its own side's feedback; what the other side thought of the meeting is for the organizers. */
const ownFeedbackOnly = (meeting: Meeting, participantId: string): Meeting => ({
  ...meeting,
  requesterFeedback: meeting.requesterId === participantId ? meeting.requesterFeedback : null,
  counterpartFeedback: meeting.counterpartId === participantId ? meeting.counterpartFeedback : null,
});

/** Two participants meet once per event (see pairsThatMet); checked under the pair's row locks (lockParties). */
async function assertNotMet(manager: EntityManager, eventId: string, parties: readonly EventParticipant[]): Promise<void> {
  const [a, b] = parties.map((p) => p.id);
  if ((await pairsThatMet(manager, eventId, [a, b])).has(pairKeyOf(a, b))) {
    throw new ConflictError('already_met', `counterpartId: ${ALREADY_MET}`, [{ field: 'counterpartId', code: 'already_met', message: ALREADY_MET }]);
  }
}

/** Meetings: organizers place, move, lock and cancel them and record the day; both sides leave feedback. */
@Injectable()
export class MeetingsService {
  private readonly logger = new Logger('Meetings');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly participants: ParticipantsService,
    private readonly matches: MatchesService,
    private readonly audit: AuditLog,
  ) {}

  /** The event for a manual edit. A shared lock: edits run side by side and the unique indexes decide who wins a slot. */
  private async forEdit(manager: EntityManager, actor: Actor, eventId: string): Promise<MatchmakingEvent> {
    const event = assertManages(actor, await manager.findOne(EventEntity, { where: { id: eventId }, lock: { mode: 'pessimistic_read' } }), eventId);
    if (!EDITING.includes(event.status)) throw new InvalidStateError(event.status, 'edit meetings', undefined, `meetings are edited while the event is ${EDITING.join(', ')}; it is ${event.status}`);
    return event;
  }

  private async place(manager: EntityManager, meeting: Meeting): Promise<Meeting> {
    const saved = await manager.save(meeting).catch((err) => conflictOnUnique(err, BOOKING_CONFLICTS));
    await manager
      .insert(MeetingSeat, [saved.requesterId, saved.counterpartId].map((participantId) => ({ meetingId: saved.id, participantId, slot: saved.slot })))
      .catch((err) => conflictOnUnique(err, BOOKING_CONFLICTS));
    return saved;
  }

  /** An organizer places a meeting by hand (locked by default); it reuses an open request between the two. */
  async create(actor: Actor, eventId: string, input: NewMeeting): Promise<Meeting> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.forEdit(manager, actor, eventId);
      const found = await lockParties(manager, eventId, [input.requesterId, input.counterpartId]);
      const parties = found.map((p, i) => {
        if (!p) throw ValidationError.of(PARTY_FIELDS[i], 'not_participant', `${PARTY_FIELDS[i]} is not a participant of this event`);
        return p;
      });
      if (input.requesterId === input.counterpartId) throw ValidationError.of('counterpartId', 'self', 'a meeting needs two different participants');
      await assertNotMet(manager, eventId, parties);
      const pairKey = pairKeyOf(parties[0].id, parties[1].id);
      const open = (await manager.findOne(MeetingRequest, { where: { eventId, pairKey, status: 'accepted' } })) ?? (await manager.findOne(MeetingRequest, { where: { eventId, pairKey, status: 'pending' } }));
      // Its meeting was missed (no-show): the pair is booked again under a request of its own, and the no-show stays on record
      // (also after a rebooking was cancelled: the new one keeps what the missed one was about).
      const missed = open
        ? open.status === 'accepted' && (await manager.existsBy(Meeting, { requestId: open.id, status: 'no_show' })) ? open : null
        : await manager.findOne(MeetingRequest, { where: { eventId, pairKey, status: 'rebooked' }, order: { createdAt: 'DESC' } });
      let request = missed ? null : open;
      const requesterId = (request ?? missed)?.requesterId ?? parties[0].id;
      assertPlaceable(event, parties, input.slot, input.table, { sessionKey: request?.sessionKey ?? null, requesterId });
      assertNotStarted(event, await slotsStarted(manager, event), input.slot, 'into');
      await assertOffStage(manager, event, parties, input.slot);
      await assertWithinCaps(manager, event, parties, input.slot, null);
      if (request) {
        request.status = 'accepted';
        request.respondedAt ??= new Date();
        request.respondedBy ??= actor.userId;
        if (input.priority !== undefined) request.priority = input.priority;
        request = await manager.save(request);
      } else {
        if (missed?.status === 'accepted') {
          missed.status = 'rebooked';
          await manager.save(missed);
        }
        // A rebooking keeps the pair's match (holding it marks the match met) and who asked (whose booth); it
        // goes wherever the day still has room, whatever session the first request was limited to.
        request = await manager.save(
          manager.create(MeetingRequest, {
            eventId, requesterId, counterpartId: parties.find((p) => p.id !== requesterId)!.id, pairKey, matchId: missed?.matchId ?? null, priority: input.priority ?? missed?.priority ?? 1,
            message: null, sessionKey: null, status: 'accepted', source: 'organizer', createdBy: actor.userId, respondedAt: new Date(), respondedBy: actor.userId,
          }),
        ).catch((err) => conflictOnUnique(err, BOOKING_CONFLICTS));
      }
      const meeting = await this.place(
        manager,
        manager.create(Meeting, {
          eventId, requestId: request.id, requesterId: request.requesterId, counterpartId: request.counterpartId, slot: input.slot, tableNo: input.table,
          locked: input.locked ?? true, status: 'scheduled', requesterFeedback: null, counterpartFeedback: null, statusChangedAt: null,
          // On a visible agenda both sides are told at once (below): announced, as if published there.
          ...(AGENDA_VISIBLE.includes(event.status) ? { publishedSlot: input.slot, publishedTable: input.table } : { publishedSlot: null, publishedTable: null }),
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'event.meeting.create', resourceType: 'meeting', resourceId: meeting.id, organizationId: event.organizerOrganizationId,
        details: { slot: input.slot, table: input.table, ...(missed ? { rebooks: missed.id } : {}) },
      });
      await noticeOfPlacement(manager, event, meeting, parties, null);
      return meeting;
    });
  }

  /** An organizer moves a meeting by hand; the meeting is locked from then on (`unlock` gives it back to the scheduler). */
  async move(actor: Actor, eventId: string, meetingId: string, to: { slot: number; table: number; version: number }): Promise<Meeting> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.forEdit(manager, actor, eventId);
      // Its participants first, then the meeting: the same order as every other edit, so none deadlock.
      const unlocked = await manager.findOneBy(Meeting, { id: meetingId, eventId });
      if (!unlocked) throw new NotFoundError('meeting', meetingId);
      const parties = (await lockParties(manager, eventId, [unlocked.requesterId, unlocked.counterpartId])) as EventParticipant[];
      const meeting = await this.forChange(manager, eventId, meetingId);
      assertVersion('meeting', meeting.version, to.version);
      if (meeting.status !== 'scheduled') throw new InvalidStateError(meeting.status, 'move');
      const started = await slotsStarted(manager, event);
      assertNotStarted(event, started, meeting.slot, 'from');
      const request = await manager.findOneByOrFail(MeetingRequest, { id: meeting.requestId });
      assertPlaceable(event, parties, to.slot, to.table, { sessionKey: request.sessionKey, requesterId: meeting.requesterId });
      assertNotStarted(event, started, to.slot, 'into');
      await assertOffStage(manager, event, parties, to.slot);
      await assertWithinCaps(manager, event, parties, to.slot, meeting.id);
      await manager.delete(MeetingSeat, { meetingId });
      // The organizer chose this place, and participants see it at once (agenda, feed) and are told (below):
      // locked, and once unlocked a re-run keeps to it as the place they know (knownPlace). Its published
      // place stays that of the last publication, which the agenda shows as `movedFrom`.
      meeting.locked = true;
      const from = { slot: meeting.slot, table: meeting.tableNo };
      meeting.slot = to.slot;
      meeting.tableNo = to.table;
      const saved = await this.place(manager, meeting);
      await this.audit.record(manager, actor, { action: 'event.meeting.move', resourceType: 'meeting', resourceId: meetingId, organizationId: event.organizerOrganizationId, details: to });
      if (from.slot !== to.slot || from.table !== to.table) await noticeOfPlacement(manager, event, saved, parties, from);
      return saved;
    });
  }

  private async forChange(manager: EntityManager, eventId: string, meetingId: string): Promise<Meeting> {
    const meeting = await manager.findOne(Meeting, { where: { id: meetingId, eventId }, lock: { mode: 'pessimistic_write' } });
    if (!meeting) throw new NotFoundError('meeting', meetingId);
    return meeting;
  }

  async act(actor: Actor, eventId: string, meetingId: string, action: string): Promise<Meeting> {
    assertAction(MEETING_ACTIONS, action);
    const transition = MEETING_ACTIONS[action];
    return this.dataSource.transaction(async (manager) => {
      const event = await this.forEdit(manager, actor, eventId);
      const meeting = await this.forChange(manager, eventId, meetingId);
      if ((action === 'held' || action === 'no_show') && event.status !== 'live') {
        throw new InvalidStateError(event.status, action, undefined, `meetings are marked ${action} on the day (event live); this one is ${event.status}`);
      }
      if (!(transition.from as readonly string[]).includes(meeting.status)) throw new InvalidStateError(meeting.status, action, transition.to, `cannot ${action} a meeting that is ${meeting.status}`);
      if (action === 'held' || action === 'no_show') assertSlotBegun(event.sessions, meeting.slot, action, await databaseNow(manager));
      if (action === 'held' && (await manager.existsBy(MeetingRequest, { id: meeting.requestId, status: 'rebooked' }))) {
        const message = 'this missed meeting was booked again: it stays a no-show, and the meeting booked in its place is the one marked held';
        throw new ConflictError('rebooked', `action: ${message}`, [{ field: 'action', code: 'rebooked', message }]);
      }
      if (action === 'lock' || action === 'unlock') meeting.locked = action === 'lock';
      if (action === 'cancel') {
        // The request goes too: otherwise the next schedule run would place it again.
        await manager.delete(MeetingSeat, { meetingId });
        await manager.update(MeetingRequest, { id: meeting.requestId }, { status: 'cancelled', respondedAt: new Date(), respondedBy: actor.userId });
        // Off an agenda its participants see: both sides learn of it, as when one of them cancels the request.
        if (AGENDA_VISIBLE.includes(event.status)) {
          const parties = await manager.findBy(EventParticipant, { id: In([meeting.requesterId, meeting.counterpartId]) });
          await noticeOfCancellation(manager, event, parties, event.organizerOrganizationId, meeting.slot, meeting.requestId);
        }
      }
      meeting.status = transition.to;
      meeting.statusChangedAt = new Date();
      const saved = await manager.save(meeting);
      if (action === 'held') {
        const { matchId } = await manager.findOneByOrFail(MeetingRequest, { id: meeting.requestId });
        if (matchId) await markMatchReached(manager, matchId, 'meeting', meeting.statusChangedAt);
      }
      await this.audit.record(manager, actor, { action: `event.meeting.${action}`, resourceType: 'meeting', resourceId: meetingId, organizationId: event.organizerOrganizationId });
      return saved;
    });
  }

  /** Organizers see every meeting; participants their own (once the agenda is published). */
  async list(actor: Actor, eventId: string, status?: MeetingStatus): Promise<Meeting[]> {
    const event = assertSees(actor, await this.dataSource.getRepository(EventEntity).findOneBy({ id: eventId }), eventId);
    const qb = this.dataSource.getRepository(Meeting).createQueryBuilder('m').where('m.event_id = :eventId', { eventId }).orderBy('m.slot').addOrderBy('m.table_no').addOrderBy('m.id');
    if (status) qb.andWhere('m.status = :status', { status });
    if (managesEvent(actor, event)) return qb.getMany();
    const me = await this.participants.mine(this.dataSource.manager, actor, eventId);
    if (!me || !agendaVisible(event)) return [];
    qb.andWhere('(m.requester_id = :me OR m.counterpart_id = :me)', { me: me.id });
    return (await qb.getMany()).map((m) => ownFeedbackOnly(m, me.id));
  }

  /** One side's feedback after a held meeting; "wants follow-up" moves the underlying match forward. */
  async feedback(actor: Actor, eventId: string, meetingId: string, input: { rating: number; wantsFollowUp: boolean; comment?: string }): Promise<FeedbackResult> {
    const { meeting, matchId, firstWish } = await this.dataSource.transaction(async (manager) => {
      const event = assertSees(actor, await manager.findOneBy(EventEntity, { id: eventId }), eventId);
      const meeting = await manager.findOne(Meeting, { where: { id: meetingId, eventId }, lock: { mode: 'pessimistic_write' } });
      if (!meeting) throw new NotFoundError('meeting', meetingId);
      const requester = await manager.findOneByOrFail(EventParticipant, { id: meeting.requesterId });
      const counterpart = await manager.findOneByOrFail(EventParticipant, { id: meeting.counterpartId });
      const side = speaksFor(actor, requester) ? 'requester' : speaksFor(actor, counterpart) ? 'counterpart' : null;
      if (!side) {
        if (managesEvent(actor, event)) throw new ForbiddenError('not_participant', 'feedback comes from the two sides of the meeting');
        throw new NotFoundError('meeting', meetingId);
      }
      if (meeting.status !== 'held') throw new InvalidStateError(meeting.status, 'leave feedback', undefined, `feedback is left after a held meeting; this one is ${meeting.status}`);
      const at = new Date().toISOString();
      const before = side === 'requester' ? meeting.requesterFeedback : meeting.counterpartFeedback;
      // A side's wish to follow up moves the match once: a retry, an edited comment or a wish withdrawn and renewed does not move it again.
      const wishedAt = before?.followUpAt ?? (before?.wantsFollowUp ? before.at : undefined);
      const followUpAt = wishedAt ?? (input.wantsFollowUp ? at : undefined);
      const feedback: MeetingFeedback = { rating: input.rating, wantsFollowUp: input.wantsFollowUp, comment: input.comment?.trim() || null, at, by: actor.userId, ...(followUpAt ? { followUpAt } : {}) };
      if (side === 'requester') meeting.requesterFeedback = feedback;
      else meeting.counterpartFeedback = feedback;
      const firstWish = !wishedAt && input.wantsFollowUp;
      const saved = await manager.save(meeting);
      const request = await manager.findOneByOrFail(MeetingRequest, { id: meeting.requestId });
      await this.audit.record(manager, actor, { action: 'event.meeting.feedback', resourceType: 'meeting', resourceId: meetingId, organizationId: (side === 'requester' ? requester : counterpart).organizationId, details: { rating: input.rating, wantsFollowUp: input.wantsFollowUp } });
      return { meeting: ownFeedbackOnly(saved, side === 'requester' ? requester.id : counterpart.id), matchId: request.matchId, firstWish };
    });
    return { meeting, matchState: matchId ? await this.followUp(actor, matchId, firstWish) : null };
  }

  /**
   * After the feedback committed: a side's first wish to follow up moves the match on one step (to
   * meeting, or from meeting to negotiating; never further). The step is chosen from the match's state
   * under its row lock: both sides wishing at once move it twice, as one after the other would.
   */
  private async followUp(actor: Actor, matchId: string, wanted: boolean): Promise<string | null> {
    const stateNow = async (): Promise<string | null> => (await this.dataSource.query(`SELECT state FROM matches WHERE id = $1`, [matchId]))[0]?.state ?? null;
    if (!wanted) return stateNow();
    try {
      return await this.matches.advance(actor, matchId, (state) => (state === 'suggested' || state === 'contacted' ? 'meet' : state === 'meeting' ? 'negotiate' : null));
    } catch (err) {
      // The caller may no longer speak for either item (or the match is gone): the feedback stands.
      if (!(err instanceof DomainError)) throw err;
      this.logger.debug(`match ${matchId} not moved on follow-up: ${err.message}`);
      return stateNow();
    }
  }
}
