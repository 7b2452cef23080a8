import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import {
  type Actor,
  assertAction,
  ConflictError,
  EventInvitation,
  EventParticipant,
  ForbiddenError,
  InvalidStateError,
  type MatchmakingEvent,
  MatchmakingEvent as EventEntity,
  NIL_ID,
  NotFoundError,
  onBehalfOf,
  Organization,
  type ParticipantSide,
  type ParticipantStatus,
  ValidationError,
} from '@techbridge/domain';
import { AppEnv } from '@techbridge/platform';
import { newCheckInCode } from './check-in-codes';
import { DataSource, type EntityManager, In } from 'typeorm';
import { assertManages, assertSees, managesEvent, speaksFor } from './event-access';
import { FINAL, REGISTERING, timeline } from './event-rules';
import { EventsService } from './events.service';
import { type CancelledMeeting, noticeOfCancelledByLeaving, noticeOfDecision, noticeOfRegistration, noticeOfWithdrawal } from './event-notices';
import { assertRoomFor, hasRoom, holdCapacity, isFull, waitlistPosition } from './event-capacity';
import { strandedRequestProblems } from './session-choices';
import { eventInvitationToken, invitationIdOf } from './event-invitations';

export interface ParticipantChanges {
  sessionKeys?: string[];
  unavailableSlots?: number[];
  /** Organizers only. */
  fixedTable?: number | null;
}

export const PARTICIPANT_DECISIONS = {
  approve: { from: ['pending', 'rejected', 'withdrawn'], to: 'approved', by: 'organizer' },
  reject: { from: ['pending', 'approved'], to: 'rejected', by: 'organizer' },
  withdraw: { from: ['pending', 'approved'], to: 'withdrawn', by: 'participant' },
} as const satisfies Record<string, { from: readonly ParticipantStatus[]; to: ParticipantStatus; by: 'organizer' | 'participant' }>;
export type ParticipantDecision = keyof typeof PARTICIPANT_DECISIONS;


/** Checks a participant's sessions, blocked slots and booth against the event. */
export function participantProblems(event: Pick<MatchmakingEvent, 'sessions'>, changes: ParticipantChanges, prefix = ''): Array<{ field: string; code: string; message: string }> {
  const problems: Array<{ field: string; code: string; message: string }> = [];
  const keys = new Set(event.sessions.map((s) => s.key));
  const slotCount = timeline(event.sessions).length;
  changes.sessionKeys?.forEach((k, i) => {
    if (!keys.has(k)) problems.push({ field: `${prefix}sessionKeys.${i}`, code: 'isIn', message: `no session ${k}; sessions are ${[...keys].join(', ')}` });
  });
  changes.unavailableSlots?.forEach((s, i) => {
    if (s >= slotCount) problems.push({ field: `${prefix}unavailableSlots.${i}`, code: 'max', message: `slot ${s} does not exist (slots are 0–${slotCount - 1})` });
  });
  if (changes.fixedTable != null) {
    const minTables = Math.min(...event.sessions.map((s) => s.tables));
    if (changes.fixedTable >= minTables) problems.push({ field: `${prefix}fixedTable`, code: 'max', message: `table ${changes.fixedTable} does not exist in every session (tables are 0–${minTables - 1})` });
  }
  return problems;
}

const throwProblems = (problems: Array<{ field: string; code: string; message: string }>): void => {
  ValidationError.throwIfAny(problems);
};

/** Registration (报名), approval and each participant's sessions and availability. */
@Injectable()
export class ParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly audit: AuditLog,
    private readonly env: AppEnv,
  ) {}

  /**
   * `waitlisted`: registered while the event was full (名额已满), so it waits for a place (候补);
   * `waitlistPosition`: its place in line where places go by registration order (automatic admission).
   */
  async register(actor: Actor, eventId: string, input: { side: ParticipantSide; invitationToken?: string } & ParticipantChanges): Promise<{ participant: EventParticipant; waitlisted: boolean; waitlistPosition: number | null }> {
    const organizationId = onBehalfOf(actor);
    if (!organizationId) throw new ForbiddenError('no_organization', 'organisations register for events; you act for none');
    return this.dataSource.transaction(async (manager) => {
      const event = assertSees(actor, await manager.findOne(EventEntity, { where: { id: eventId }, lock: { mode: 'pessimistic_read' } }), eventId);
      if (!REGISTERING.includes(event.status)) throw new InvalidStateError(event.status, 'register', undefined, `registration is open while the event is ${REGISTERING.join(' or ')}; it is ${event.status}`);
      // An organisation that holds the token mailed with an invitation is approved at once, windows or not.
      const invitation = input.invitationToken !== undefined ? await this.claimableInvitation(manager, eventId, input.invitationToken) : undefined;
      if (!invitation) {
        if (Date.now() > event.registrationClosesAt.getTime()) throw new ConflictError('registration_closed', `registration closed at ${event.registrationClosesAt.toISOString()}`, [{ field: 'eventId', code: 'closed', message: 'registration is closed' }]);
        if (event.registrationOpensAt && Date.now() < event.registrationOpensAt.getTime()) throw new ConflictError('registration_not_open', `registration opens at ${event.registrationOpensAt.toISOString()}`, [{ field: 'eventId', code: 'not_open', message: 'registration is not open yet' }]);
      }
      if (input.fixedTable !== undefined) throw ValidationError.of('fixedTable', 'forbidden', 'the organizer assigns booths');
      throwProblems(participantProblems(event, input));
      // An invited organisation is approved at once while a place remains, and so is anyone when the
      // event admits automatically. Anyone else waits for approval; on a full event everyone waits
      // (候补), the invited too: the organizers asked them, so they should not be turned away.
      const admitted = (!!invitation || event.registrationApproval === 'automatic') && (await hasRoom(manager, event));
      const participant = manager.create(EventParticipant, {
        eventId, organizationId, side: invitation?.side ?? input.side, status: admitted ? 'approved' : 'pending',
        sessionKeys: input.sessionKeys ?? invitation?.session_keys ?? [], unavailableSlots: input.unavailableSlots ?? [],
        fixedTable: null, checkInCode: newCheckInCode(), checkedInAt: null, registeredBy: actor.userId, decidedAt: admitted ? new Date() : null,
      });
      const saved = await manager.save(participant).catch((err: { code?: string }) => {
        if (err.code === '23505') throw new ConflictError('already_registered', 'your organisation is already registered for this event', [{ field: 'eventId', code: 'registered', message: 'already registered' }]);
        throw err;
      });
      if (invitation) await manager.update(EventInvitation, { id: invitation.id }, { participantId: saved.id });
      await this.audit.record(manager, actor, { action: 'event.participant.register', resourceType: 'event_participant', resourceId: saved.id, organizationId });
      const waitlisted = saved.status === 'pending' && (await isFull(manager, event));
      if (saved.status === 'pending') await noticeOfRegistration(manager, event, saved, { waitlisted, invited: !!invitation });
      return { participant: saved, waitlisted, waitlistPosition: await waitlistPosition(manager, event, saved) };
    });
  }

  /**
   * The invitation a token claims, locked: two organisations presenting it at once cannot both use it.
   * Only the token counts, not an account with the invited address: signing up does not prove the address.
   */
  private async claimableInvitation(manager: EntityManager, eventId: string, token: string): Promise<{ id: string; side: ParticipantSide; session_keys: string[] }> {
    const id = invitationIdOf(this.env.jwtSecret, token);
    const [invitation]: Array<{ id: string; side: ParticipantSide; session_keys: string[] }> = id
      ? await manager.query(`SELECT id, side, session_keys FROM event_invitations WHERE id = $1 AND event_id = $2 AND participant_id IS NULL FOR UPDATE`, [id, eventId])
      : [];
    if (!invitation) throw ValidationError.of('invitationToken', 'invalid', 'the invitation is invalid, already used, or for another event');
    return invitation;
  }

  /** The organizer's invitations by e-mail, whether each became a participant and, until then, the token that claims it. */
  async invitations(actor: Actor, eventId: string): Promise<Array<{ invitation: EventInvitation; token: string | null }>> {
    assertManages(actor, await this.dataSource.getRepository(EventEntity).findOneBy({ id: eventId }), eventId);
    const invitations = await this.dataSource.getRepository(EventInvitation).find({ where: { eventId }, order: { createdAt: 'ASC', email: 'ASC' } });
    return invitations.map((invitation) => ({ invitation, token: invitation.participantId ? null : eventInvitationToken(this.env.jwtSecret, invitation.id) }));
  }

  /** The caller's own participation (the organisation it acts for), if any. */
  async mine(manager: EntityManager, actor: Actor, eventId: string): Promise<EventParticipant | null> {
    const organizationId = onBehalfOf(actor);
    return organizationId ? manager.findOneBy(EventParticipant, { eventId, organizationId }) : null;
  }

  /**
   * Who sees a participant: the event's organizers and admins, its own organisation, and the
   * approved participants of the same event (they choose whom to meet). Others get a 404.
   */
  async visible(manager: EntityManager, actor: Actor, event: MatchmakingEvent, participantId: string, { lock = false } = {}): Promise<{ participant: EventParticipant; own: boolean; manager: boolean }> {
    const participant = await manager.findOne(EventParticipant, { where: { id: participantId, eventId: event.id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!participant) throw new NotFoundError('participant', participantId);
    const own = speaksFor(actor, participant);
    const manages = managesEvent(actor, event);
    if (!own && !manages) {
      const me = await this.mine(manager, actor, event.id);
      if (me?.status !== 'approved' || participant.status !== 'approved') throw new NotFoundError('participant', participantId);
    }
    return { participant, own, manager: manages };
  }

  /** One registration; to its organisation and the organizers, with its place in the waiting line where there is one. */
  async get(actor: Actor, eventId: string, participantId: string): Promise<{ participant: EventParticipant; own: boolean; manager: boolean; waitlistPosition: number | null }> {
    const event = await this.events.get(actor, eventId);
    const seen = await this.visible(this.dataSource.manager, actor, event, participantId);
    const position = seen.own || seen.manager ? await waitlistPosition(this.dataSource.manager, event, seen.participant) : null;
    return { ...seen, waitlistPosition: position };
  }

  /** Organizers see every registration; an approved participant sees the approved ones; others only their own. */
  async list(actor: Actor, eventId: string, status?: ParticipantStatus): Promise<Array<{ participant: EventParticipant; organization: Organization; own: boolean; manager: boolean }>> {
    const event = await this.events.get(actor, eventId);
    const manages = managesEvent(actor, event);
    const me = await this.mine(this.dataSource.manager, actor, eventId);
    const qb = this.dataSource.getRepository(EventParticipant).createQueryBuilder('p').where('p.event_id = :eventId', { eventId }).orderBy('p.created_at').addOrderBy('p.id');
    if (!manages) {
      if (me?.status === 'approved') qb.andWhere(`(p.status = 'approved' OR p.id = :me)`, { me: me.id });
      else qb.andWhere('p.id = :me', { me: me?.id ?? NIL_ID });
    }
    if (status) qb.andWhere('p.status = :status', { status });
    const participants = await qb.getMany();
    const orgs = participants.length ? await this.dataSource.getRepository(Organization).findBy({ id: In(participants.map((p) => p.organizationId)) }) : [];
    const orgOf = new Map(orgs.map((o) => [o.id, o]));
    return participants.map((p) => ({ participant: p, organization: orgOf.get(p.organizationId)!, own: speaksFor(actor, p), manager: manages }));
  }

  async update(actor: Actor, eventId: string, participantId: string, changes: ParticipantChanges): Promise<EventParticipant> {
    return this.dataSource.transaction(async (manager) => {
      const event = assertSees(actor, await manager.findOne(EventEntity, { where: { id: eventId }, lock: { mode: 'pessimistic_read' } }), eventId);
      // Locked before it is read, and held until commit: a decision or a check-in meanwhile is not
      // written over with what was read, and an answer to one of its requests waits for (and checks) the new sessions.
      const { participant, own, manager: manages } = await this.visible(manager, actor, event, participantId, { lock: true });
      if (!own && !manages) throw new ForbiddenError('not_participant', 'only the participant and the organizers can change its sessions and availability');
      if (changes.fixedTable !== undefined && !manages) throw new ForbiddenError('organizer_only', 'fixedTable: only the organizers assign booths', [{ field: 'fixedTable', code: 'forbidden', message: 'only the organizers assign booths' }]);
      if (FINAL.includes(event.status)) throw new InvalidStateError(event.status, 'change participation');
      throwProblems(participantProblems(event, changes));
      if (changes.sessionKeys !== undefined) {
        const stranded = await strandedRequestProblems(manager, event, participant, changes.sessionKeys, 'sessionKeys');
        if (stranded.length) throw new ConflictError('no_common_session', `sessionKeys: ${stranded.slice(0, 20).map((p) => p.message).join('; ')}`, stranded);
        participant.sessionKeys = changes.sessionKeys;
      }
      if (changes.unavailableSlots !== undefined) participant.unavailableSlots = [...new Set(changes.unavailableSlots)].sort((a, b) => a - b);
      if (changes.fixedTable !== undefined) participant.fixedTable = changes.fixedTable;
      const saved = await manager.save(participant);
      await this.audit.record(manager, actor, { action: 'event.participant.update', resourceType: 'event_participant', resourceId: participantId, organizationId: participant.organizationId });
      return saved;
    });
  }

  async decide(actor: Actor, eventId: string, participantId: string, action: string): Promise<EventParticipant> {
    assertAction(PARTICIPANT_DECISIONS, action);
    const decision = PARTICIPANT_DECISIONS[action];
    return this.dataSource.transaction(async (manager) => {
      const event = assertSees(actor, await manager.findOne(EventEntity, { where: { id: eventId }, lock: { mode: 'pessimistic_read' } }), eventId);
      // An approval takes the event's capacity lock before the registration's row, in the order promotions take them.
      if (decision.to === 'approved') await holdCapacity(manager, event);
      // The registration locked before its state is checked: two decisions at once (approve, withdraw) never both pass.
      const { participant, own, manager: manages } = await this.visible(manager, actor, event, participantId, { lock: true });
      if (decision.by === 'organizer' ? !manages : !own && !manages) {
        throw new ForbiddenError(decision.by === 'organizer' ? 'not_organizer' : 'not_participant', decision.by === 'organizer' ? 'only the organizers approve or reject participants' : 'only the participant (or the organizers) can withdraw');
      }
      if (FINAL.includes(event.status)) throw new InvalidStateError(event.status, action);
      if (!(decision.from as readonly string[]).includes(participant.status)) {
        throw new InvalidStateError(participant.status, action, decision.to, `cannot ${action} a participant that is ${participant.status}`);
      }
      if (decision.to === 'approved') await assertRoomFor(manager, event, 1);
      const freesAPlace = participant.status === 'approved' && event.maxParticipants !== null;
      participant.status = decision.to;
      participant.decidedAt = new Date();
      const saved = await manager.save(participant);
      if (decision.to !== 'approved') {
        // Leaving the event cancels its open requests and its meetings — not those of meetings already held
        // or missed, which are a record of the day (they keep counting against the other side's caps).
        await manager.query(
          `UPDATE meeting_requests r SET status = 'cancelled', updated_at = now(), version = r.version + 1 WHERE (r.requester_id = $1 OR r.counterpart_id = $1) AND r.status IN ('pending', 'accepted')
              AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.request_id = r.id AND m.status IN ('held', 'no_show'))`,
          [participantId],
        );
        await manager.query(`DELETE FROM meeting_seats WHERE meeting_id IN (SELECT meeting_id FROM meeting_seats WHERE participant_id = $1) AND meeting_id IN (SELECT id FROM meetings WHERE status = 'scheduled')`, [participantId]);
        const [cancelled]: [CancelledMeeting[], number] = await manager.query(
          `UPDATE meetings SET status = 'cancelled', status_changed_at = now(), version = version + 1 WHERE (requester_id = $1 OR counterpart_id = $1) AND status = 'scheduled'
           RETURNING request_id, slot, published_slot, CASE WHEN requester_id = $1 THEN counterpart_id ELSE requester_id END AS counterpart_id`,
          [participantId],
        );
        // Off published agendas: the other side of each hears of it, as when a request is cancelled.
        await noticeOfCancelledByLeaving(manager, event, saved, cancelled.filter((m) => m.published_slot !== null));
        // …and its pitches on the roadshow stage and its interest in others'.
        await manager.query(`DELETE FROM roadshow_pitches WHERE participant_id = $1`, [participantId]);
        await manager.query(`DELETE FROM roadshow_interests WHERE participant_id = $1`, [participantId]);
      }
      await this.audit.record(manager, actor, { action: `event.participant.${action}`, resourceType: 'event_participant', resourceId: participantId, organizationId: participant.organizationId });
      const promoted = freesAPlace ? await this.events.promoteWaiting(manager, event, `event.participant.${action}`) : [];
      if (action !== 'withdraw') await noticeOfDecision(manager, event, saved);
      else await noticeOfWithdrawal(manager, event, saved, { waiting: freesAPlace ? await manager.countBy(EventParticipant, { eventId, status: 'pending' }) : 0, promoted });
      return saved;
    });
  }
}
