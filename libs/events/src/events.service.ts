import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { TaxonomyService } from '@techbridge/catalog';
import {
  assertVersion,
  type Actor,
  assertAction,
  type BookingRule,
  ConflictError,
  EventInvitation,
  type EventParticipant,
  type EventSession,
  type EventStatus,
  ForbiddenError,
  hasRole,
  InvalidStateError,
  MatchmakingEvent,
  type MeetingCaps,
  NIL_ID,
  onBehalfOf,
  type ParticipantStatus,
  type RegistrationApproval,
  RoadshowPitch,
  ValidationError,
} from '@techbridge/domain';
import { pageOf } from '@techbridge/database';
import { Brackets, DataSource, type EntityManager, IsNull } from 'typeorm';
import { assertManages, assertSees } from './event-access';
import { assertMayGoLive, assertNotUnderway, assertTookPlace, EDITABLE_EVENT, EVENT_TRANSITIONS, sessionChangeProblems, setupProblems } from './event-rules';
import { callOff, cancellationReason } from './event-cancellation';
import { databaseNow } from './event-clock';
import { assertCapacityHolds, promoteWaiting } from './event-capacity';
import { strandedPitches } from './roadshow-rules';
import { publishAgendas } from './publishing';
import { eventNotOverSql } from './event-sql';

export interface EventInput {
  title: string;
  description?: string | null;
  themeFieldCode?: string | null;
  themeChainCode?: string | null;
  venue?: string | null;
  onlineUrl?: string | null;
  registrationOpensAt?: Date | null;
  registrationClosesAt: Date;
  bookingOpensAt?: Date | null;
  bookingClosesAt: Date;
  sessions: EventSession[];
  caps?: Partial<MeetingCaps>;
  bookingRule?: BookingRule;
  maxParticipants?: number | null;
  registrationApproval?: RegistrationApproval;
}

/** Shown beside an event in lists and single reads. */
export interface EventListing {
  approvedParticipants: number;
  organizerName: string;
  /** The registration of the organisation the caller acts for, if it registered (withdrawn and rejected ones too). */
  myRegistration: { participantId: string; status: ParticipantStatus } | null;
}

export interface EventListQuery {
  status?: EventStatus;
  /** Only events organised by the caller's organisation. */
  mine?: boolean;
  /** Only 专场 of this field. */
  themeFieldCode?: string;
  /** Only events whose last slot is still to end, the soonest first. */
  upcoming?: boolean;
  /** Only events the organisation the caller acts for registered for and still takes part in (pending or approved). */
  participating?: boolean;
  page: number;
  pageSize: number;
}

const NO_CAPS: MeetingCaps = { perParticipant: null, perSession: null, bySide: {}, breaksPerParticipant: null };

/** Creating, reading, editing and moving events through their lifecycle. */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly audit: AuditLog,
  ) {}

  /** `within`: an open transaction, read through (not a second pooled connection). */
  private async validate(event: MatchmakingEvent, within?: EntityManager): Promise<void> {
    const problems = setupProblems({ ...event, caps: event.caps });
    const taxonomy = await this.taxonomy.snapshot(within);
    if (event.themeFieldCode && !taxonomy.fields.has(event.themeFieldCode)) problems.push({ field: 'themeFieldCode', code: 'isIn', message: `unknown field ${event.themeFieldCode}` });
    if (event.themeChainCode) {
      const chain = taxonomy.chains.get(event.themeChainCode);
      if (!chain) problems.push({ field: 'themeChainCode', code: 'isIn', message: `unknown chain ${event.themeChainCode}` });
      else if (event.themeFieldCode && chain.fieldCode !== event.themeFieldCode) problems.push({ field: 'themeChainCode', code: 'field', message: `chain ${event.themeChainCode} belongs to field ${chain.fieldCode}` });
    }
    ValidationError.throwIfAny(problems);
  }

  private assign(event: MatchmakingEvent, input: Partial<EventInput>): void {
    for (const key of ['title', 'description', 'themeFieldCode', 'themeChainCode', 'venue', 'onlineUrl', 'registrationOpensAt', 'registrationClosesAt', 'bookingOpensAt', 'bookingClosesAt', 'sessions', 'bookingRule', 'maxParticipants', 'registrationApproval'] as const) {
      if (input[key] !== undefined) (event as unknown as Record<string, unknown>)[key] = input[key];
    }
    if (input.caps) event.caps = { ...(event.caps ?? NO_CAPS), ...input.caps, bySide: input.caps.bySide ?? event.caps?.bySide ?? {} };
  }

  async create(actor: Actor, input: EventInput): Promise<MatchmakingEvent> {
    const organizationId = onBehalfOf(actor);
    if (!organizationId) throw new ForbiddenError('no_organization', 'organizers create events on behalf of their organisation; you have none');
    const event = this.dataSource.getRepository(MatchmakingEvent).create({
      organizerOrganizationId: organizationId,
      createdBy: actor.userId,
      status: 'draft',
      bookingRule: 'cross',
      caps: { ...NO_CAPS },
      maxParticipants: null,
      registrationApproval: 'manual',
      description: null, themeFieldCode: null, themeChainCode: null, venue: null, onlineUrl: null, registrationOpensAt: null, bookingOpensAt: null,
      agendaVersion: 0, publishedAt: null, registrationOpenedAt: null, cancelledAt: null, cancellationReason: null,
    });
    this.assign(event, input);
    await this.validate(event);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(event);
      await this.audit.record(manager, actor, { action: 'event.create', resourceType: 'event', resourceId: saved.id, organizationId });
      return saved;
    });
  }

  async get(actor: Actor | null, id: string): Promise<MatchmakingEvent> {
    return assertSees(actor, await this.dataSource.getRepository(MatchmakingEvent).findOneBy({ id }), id);
  }

  /** Anonymous visitors see every event that opened registration, as signed-in users do (the 对接会 is advertised; see seesEvent). */
  async list(actor: Actor | null, query: EventListQuery): Promise<{ items: MatchmakingEvent[]; total: number }> {
    const qb = this.dataSource.getRepository(MatchmakingEvent).createQueryBuilder('e').orderBy('e.created_at', 'DESC').addOrderBy('e.id');
    const orgs = actor ? [actor.organizationId, ...actor.brokerFor].filter((o): o is string => !!o) : [];
    const organizerOrgs = actor && hasRole(actor, 'organizer') ? orgs : [];
    if (!actor || !hasRole(actor, 'admin')) {
      qb.andWhere(new Brackets((w) => {
        w.where('e.registration_opened_at IS NOT NULL');
        if (organizerOrgs.length) w.orWhere('e.organizer_organization_id IN (:...organizerOrgs)', { organizerOrgs });
      }));
    }
    if (query.mine) qb.andWhere('e.organizer_organization_id IN (:...orgs)', { orgs: orgs.length ? orgs : [NIL_ID] });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    if (query.themeFieldCode) qb.andWhere('e.theme_field_code = :field', { field: query.themeFieldCode });
    if (query.participating) {
      qb.andWhere(`EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.organization_id = :acting AND p.status IN ('pending', 'approved'))`, { acting: (actor && onBehalfOf(actor)) ?? NIL_ID });
    }
    if (query.upcoming) {
      qb.andWhere(eventNotOverSql('e'));
      qb.orderBy(`(SELECT min((s->>'startsAt')::timestamptz) FROM jsonb_array_elements(e.sessions) s)`, 'ASC').addOrderBy('e.id');
    }
    return pageOf(qb, query);
  }

  /**
   * What a listing of events shows beside each: the organisations approved so far (for 名额:
   * maxParticipants against it), who runs it (主办单位), since an advertised 对接会 names its organizer,
   * and where the caller's organisation stands in it (已报名 / 待审核 / …), so a list can say so.
   */
  async listings(actor: Actor | null, events: readonly MatchmakingEvent[]): Promise<Map<string, EventListing>> {
    if (!events.length) return new Map();
    const rows: Array<{ id: string; approved: number; organizer: string; participant_id: string | null; status: ParticipantStatus | null }> = await this.dataSource.query(
      `SELECT e.id, o.name AS organizer, mine.id AS participant_id, mine.status,
              (SELECT count(*)::int FROM event_participants p WHERE p.event_id = e.id AND p.status = 'approved') AS approved
         FROM events e JOIN organizations o ON o.id = e.organizer_organization_id
         LEFT JOIN event_participants mine ON mine.event_id = e.id AND mine.organization_id = $2
        WHERE e.id = ANY($1::uuid[])`,
      [events.map((e) => e.id), (actor && onBehalfOf(actor)) ?? NIL_ID],
    );
    return new Map(
      rows.map((r) => [r.id, { approvedParticipants: r.approved, organizerName: r.organizer, myRegistration: r.participant_id ? { participantId: r.participant_id, status: r.status! } : null }]),
    );
  }

  /** Loads the event for a change by its organizers, locked. */
  private async forChange(manager: EntityManager, actor: Actor, id: string): Promise<MatchmakingEvent> {
    return assertManages(actor, await manager.findOne(MatchmakingEvent, { where: { id }, lock: { mode: 'pessimistic_write' } }), id);
  }

  async update(actor: Actor, id: string, input: Partial<EventInput>, version: number): Promise<MatchmakingEvent> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.forChange(manager, actor, id);
      assertVersion('event', event.version, version);
      if (!EDITABLE_EVENT.includes(event.status)) throw new InvalidStateError(event.status, 'edit', undefined, `an event can be edited while ${EDITABLE_EVENT.join(', ')}; this one is ${event.status}`);
      if (input.sessions && event.status === 'booking') throw new InvalidStateError(event.status, 'change sessions', undefined, 'sessions cannot change once booking opened (slots are referenced by availability and requests)');
      const sessionsBefore = event.sessions;
      this.assign(event, input);
      await this.validate(event, manager);
      if (input.sessions) await this.assertSessionsFree(manager, event, sessionsBefore);
      // The row lock keeps approvals (which share-lock it) out until this commits.
      if (input.maxParticipants !== undefined) await assertCapacityHolds(manager, event);
      const saved = await manager.save(event);
      await this.audit.record(manager, actor, { action: 'event.update', resourceType: 'event', resourceId: id, organizationId: event.organizerOrganizationId });
      // A raised or lifted limit, or the switch to automatic admission, lets the waiting move up.
      if (input.maxParticipants !== undefined || input.registrationApproval !== undefined) await this.promoteWaiting(manager, saved, 'event.update');
      return saved;
    });
  }

  /** 候补自动递补 where a place may have freed up; each promotion is audited as the platform's own doing, with its cause. */
  async promoteWaiting(manager: EntityManager, event: MatchmakingEvent, cause: string): Promise<EventParticipant[]> {
    const promoted = await promoteWaiting(manager, event);
    for (const p of promoted) {
      await this.audit.record(manager, null, { action: 'event.participant.promote', resourceType: 'event_participant', resourceId: p.id, organizationId: p.organizationId, details: { cause } });
    }
    return promoted;
  }

  /**
   * Registrations, invitations and meeting requests refer to sessions by key, registrations to slots by
   * number, roadshow pitches to the event's days: a change of sessions that would strand any of them
   * is refused, naming each (the organizer adjusts them first).
   */
  private async assertSessionsFree(manager: EntityManager, event: MatchmakingEvent, before: EventSession[]): Promise<void> {
    const participants: Array<{ id: string; name: string; session_keys: string[]; unavailable_slots: number[]; fixed_table: number | null }> = await manager.query(
      `SELECT p.id, o.name, p.session_keys, p.unavailable_slots, p.fixed_table FROM event_participants p JOIN organizations o ON o.id = p.organization_id
        WHERE p.event_id = $1 ORDER BY p.created_at, p.id`,
      [event.id],
    );
    const invitations = await manager.findBy(EventInvitation, { eventId: event.id, participantId: IsNull() });
    // Meetings the organizers added in bulk before booking opened may be bound to a session.
    const requests: Array<{ id: string; session_key: string }> = await manager.query(
      `SELECT id, session_key FROM meeting_requests WHERE event_id = $1 AND session_key IS NOT NULL AND status IN ('pending', 'accepted') ORDER BY created_at, id`,
      [event.id],
    );
    const problems = [
      ...sessionChangeProblems(before, event.sessions, [
        ...participants.map((p) => ({ label: `participant ${p.id} (${p.name})`, sessionKeys: p.session_keys, unavailableSlots: p.unavailable_slots, fixedTable: p.fixed_table })),
        ...invitations.map((i) => ({ label: `invitation of ${i.email}`, sessionKeys: i.sessionKeys })),
        ...requests.map((r) => ({ label: `meeting request ${r.id}`, sessionKeys: [r.session_key] })),
      ]),
      ...strandedPitches(event.sessions, await manager.find(RoadshowPitch, { where: { eventId: event.id }, order: { startsAt: 'ASC' } })),
    ];
    if (problems.length) throw new ConflictError('sessions_in_use', `sessions: registrations or roadshow pitches refer to what this change removes — ${problems.slice(0, 20).map((p) => p.message).join('; ')}`, problems.slice(0, 1000));
  }

  /** `input.reason`: why the event is called off (`cancel`, required; its participants are told). */
  async transition(actor: Actor, id: string, action: string, input: { reason?: string } = {}): Promise<MatchmakingEvent> {
    assertAction(EVENT_TRANSITIONS, action);
    const transition = EVENT_TRANSITIONS[action];
    return this.dataSource.transaction(async (manager) => {
      const event = await this.forChange(manager, actor, id);
      if (!(transition.from as readonly string[]).includes(event.status)) {
        throw new InvalidStateError(event.status, action, transition.to, `cannot ${action} an event that is ${event.status}: ${action} leads from ${transition.from.join(' or ')} to ${transition.to}`);
      }
      const reason = action === 'cancel' ? cancellationReason(input.reason) : null;
      const now = await databaseNow(manager);
      if (action === 'start') assertMayGoLive(event.sessions, now);
      if (action === 'close') assertTookPlace(event.sessions, now);
      if (action === 'cancel') assertNotUnderway(event.sessions, now);
      const from = event.status;
      event.status = transition.to;
      if (action === 'open_registration') event.registrationOpenedAt ??= now;
      if (action === 'publish') await publishAgendas(manager, event);
      if (reason !== null) await callOff(manager, event, reason, now);
      const saved = await manager.save(event);
      await this.audit.record(manager, actor, {
        action: `event.${action}`, resourceType: 'event', resourceId: id, organizationId: event.organizerOrganizationId, details: { from, to: transition.to, ...(reason !== null ? { reason } : {}) },
      });
      return saved;
    });
  }
}
