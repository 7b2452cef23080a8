import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { OPEN_STATUSES } from '@techbridge/catalog';
import {
  assertVersion,
  Achievement,
  type Actor,
  ConflictError,
  EventParticipant,
  ForbiddenError,
  InvalidStateError,
  MatchmakingEvent,
  NotFoundError,
  type ParticipantSide,
  PITCHES_PER_EVENT,
  RoadshowInterest,
  RoadshowPitch,
  ValidationError,
} from '@techbridge/domain';
import { DataSource, type EntityManager, In } from 'typeorm';
import { assertManages, assertSees, conflictOnUnique, managesEvent, speaksFor } from './event-access';
import { noticeOfInterest, noticeOfPitch, noticeOfPitchRemoved } from './roadshow-notices';
import { clashOf, pitchEnd, pitchStartProblems, slotsDuring } from './roadshow-rules';
import { pitchFaces, pitchTitle } from './roadshow-titles';
import { ParticipantsService } from './participants.service';
import { FINAL } from './event-rules';

export interface PitchInput {
  participantId: string;
  achievementId: string;
  title?: string;
  startsAt: string;
  minutes: number;
}

export interface PitchChanges {
  version: number;
  title?: string;
  startsAt?: string;
  minutes?: number;
}

/** A pitch as its reader sees it: who presents, how many registered interest (null outside the event), and whether the reader's side did. */
export interface PitchRecord {
  pitch: RoadshowPitch;
  /** The title as the reader may read it (pitchFaces). */
  title: string;
  presenterName: string;
  interests: number | null;
  mine: boolean;
  /** The reader speaks for the presenter (or manages the event): it may read who is interested. */
  followsUp: boolean;
}

export interface InterestRecord {
  interest: RoadshowInterest;
  organizationId: string;
  organizationName: string;
  side: ParticipantSide;
}

const PITCH_CONFLICTS = { UQ_roadshow_pitches_achievement: { field: 'achievementId', message: 'this achievement is already on the programme' } };

/** 路演: the programme of an event's stage, and the audience's interest in each pitch. */
@Injectable()
export class Roadshows {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly participants: ParticipantsService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The programme in time order, for anyone who sees the event: an advertised 对接会's 路演 is what
   * draws enterprises to register. The interest registered is the event's own business, so those
   * outside it (anonymous visitors, other organisations, registrations not yet approved) read no counts.
   */
  async programme(actor: Actor | null, eventId: string): Promise<PitchRecord[]> {
    const manager = this.dataSource.manager;
    const event = assertSees(actor, await manager.findOneBy(MatchmakingEvent, { id: eventId }), eventId);
    const me = actor ? await this.participants.mine(manager, actor, eventId) : null;
    const records = await this.records(manager, actor, event, me, 'p.event_id = $1', [eventId]);
    const inside = (actor !== null && managesEvent(actor, event)) || me?.status === 'approved';
    if (inside) return records;
    // Outside the room, a pitch shows only where its achievement is one the reader may read in the
    // catalogue: a members-only one stays hidden from anonymous visitors, as it does in the catalogue.
    return records.filter((r) => r.readable).map((r) => ({ ...r, interests: null, mine: false, followsUp: false }));
  }

  async add(actor: Actor, eventId: string, input: PitchInput): Promise<PitchRecord> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.managed(manager, actor, eventId, 'add a pitch');
      ValidationError.throwIfAny(pitchStartProblems(event.sessions, input.startsAt));
      // Locked as a manual placement locks it, so a meeting placed meanwhile and this pitch cannot both take its time.
      const presenter = await manager.findOne(EventParticipant, { where: { id: input.participantId, eventId }, lock: { mode: 'pessimistic_write' } });
      if (!presenter) throw ValidationError.of('participantId', 'notParticipant', `no participant ${input.participantId} in this event`);
      if (presenter.status !== 'approved') throw new ConflictError('not_approved', `participantId: the presenter is ${presenter.status}; approve it first`, [{ field: 'participantId', code: 'notApproved', message: 'only an approved participant presents' }]);
      if (presenter.side === 'observer') throw ValidationError.of('participantId', 'observer', 'observers do not present');
      const achievement = await manager.findOneBy(Achievement, { id: input.achievementId });
      if (!achievement || achievement.archivedAt || achievement.organizationId !== presenter.organizationId) {
        throw ValidationError.of('achievementId', 'notPresenters', 'not an achievement of the presenting organisation');
      }
      if (!OPEN_STATUSES.includes(achievement.status)) throw new ConflictError('not_published', `achievementId: the achievement is ${achievement.status}; only a published one is presented`, [{ field: 'achievementId', code: 'notPublished', message: 'publish it first' }]);
      if (achievement.visibility === 'confidential') {
        const message = 'a confidential achievement is not presented on stage: its details go to one approved counterpart at a time';
        throw new ConflictError('confidential_item', `achievementId: ${message}`, [{ field: 'achievementId', code: 'confidential', message }]);
      }
      const programme = await manager.find(RoadshowPitch, { where: { eventId } });
      if (programme.length >= PITCHES_PER_EVENT) throw new ConflictError('programme_full', `an event's roadshow holds at most ${PITCHES_PER_EVENT} pitches`);
      const time = { startsAt: new Date(input.startsAt), minutes: input.minutes };
      await assertNoClash(manager, actor, programme, time);
      await assertPresenterFree(manager, event, presenter.id, time);
      const pitch = await manager
        .save(manager.create(RoadshowPitch, { eventId, participantId: presenter.id, achievementId: achievement.id, title: input.title?.trim() || achievement.title.slice(0, 120), ...time, createdBy: actor.userId }))
        .catch((err: unknown) => conflictOnUnique(err, PITCH_CONFLICTS));
      await this.audit.record(manager, actor, { action: 'event.roadshow.add', resourceType: 'roadshow_pitch', resourceId: pitch.id, organizationId: presenter.organizationId });
      await noticeOfPitch(manager, event, pitch, presenter.organizationId, 'added');
      return this.one(manager, actor, event, pitch.id);
    });
  }

  /** Organizers retitle or move a pitch; the presenter hears of a new time. */
  async update(actor: Actor, eventId: string, pitchId: string, changes: PitchChanges): Promise<PitchRecord> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.managed(manager, actor, eventId, 'change a pitch');
      const { participantId } = await this.pitchOf(manager, eventId, pitchId);
      // The presenter first, as placements lock it; then the pitch again, locked: a withdrawal that
      // took it off the programme meanwhile leaves nothing to move (404), not a pitch saved back.
      const presenter = await manager.findOneOrFail(EventParticipant, { where: { id: participantId }, lock: { mode: 'pessimistic_write' } });
      const pitch = await this.pitchOf(manager, eventId, pitchId, 'pessimistic_write');
      if (presenter.status !== 'approved') throw new ConflictError('not_approved', `the presenter is ${presenter.status}`, [{ field: 'pitchId', code: 'notApproved', message: 'only an approved participant presents' }]);
      assertVersion('pitch', pitch.version, changes.version);
      if (changes.startsAt !== undefined) ValidationError.throwIfAny(pitchStartProblems(event.sessions, changes.startsAt));
      const time = { startsAt: changes.startsAt !== undefined ? new Date(changes.startsAt) : pitch.startsAt, minutes: changes.minutes ?? pitch.minutes };
      const moved = time.startsAt.getTime() !== pitch.startsAt.getTime() || time.minutes !== pitch.minutes;
      if (moved) {
        await assertNoClash(manager, actor, await manager.find(RoadshowPitch, { where: { eventId } }), time, pitch.id);
        await assertPresenterFree(manager, event, presenter.id, time);
      }
      Object.assign(pitch, time, changes.title !== undefined ? { title: changes.title.trim() } : {});
      await manager.save(pitch);
      await this.audit.record(manager, actor, { action: 'event.roadshow.update', resourceType: 'roadshow_pitch', resourceId: pitch.id, organizationId: presenter.organizationId });
      if (moved) await noticeOfPitch(manager, event, pitch, presenter.organizationId, 'moved');
      return this.one(manager, actor, event, pitch.id);
    });
  }

  /** The organizers take a pitch off the programme, or its presenter withdraws it; its interests go with it. */
  async remove(actor: Actor, eventId: string, pitchId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const { event, manages } = await this.audience(manager, actor, eventId);
      const pitch = await this.pitchOf(manager, eventId, pitchId);
      const presenter = await manager.findOneByOrFail(EventParticipant, { id: pitch.participantId });
      if (!manages && !speaksFor(actor, presenter)) throw new ForbiddenError('not_presenter', 'only the organizers and the presenter can take a pitch off the programme');
      assertOpen(event, 'remove a pitch');
      await manager.delete(RoadshowPitch, { id: pitch.id });
      await this.audit.record(manager, actor, { action: 'event.roadshow.remove', resourceType: 'roadshow_pitch', resourceId: pitch.id, organizationId: presenter.organizationId });
      await noticeOfPitchRemoved(manager, event, pitch, presenter.organizationId, actor);
    });
  }

  /** 意向登记 by an approved participant other than the presenter; again changes only the message. */
  async registerInterest(actor: Actor, eventId: string, pitchId: string, message: string | null): Promise<PitchRecord> {
    return this.dataSource.transaction(async (manager) => {
      const { event, me: seen } = await this.audience(manager, actor, eventId);
      assertOpen(event, 'register interest');
      // Both held shared until commit: a pitch taken off, or a participant leaving, meanwhile waits for this or is seen by it.
      const pitch = await this.pitchOf(manager, eventId, pitchId, 'pessimistic_read');
      const me = seen && (await manager.findOne(EventParticipant, { where: { id: seen.id }, lock: { mode: 'pessimistic_read' } }));
      if (!me || me.status !== 'approved') throw new ForbiddenError('not_participant', 'interest is registered by an approved participant of the event');
      if (me.id === pitch.participantId) throw new ForbiddenError('own_pitch', 'the presenter does not register interest in its own pitch');
      const [row]: Array<{ created: boolean }> = await manager.query(
        `INSERT INTO roadshow_interests (pitch_id, participant_id, message, created_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT ON CONSTRAINT "UQ_roadshow_interests_participant" DO UPDATE SET message = EXCLUDED.message
         RETURNING (xmax = 0) AS created`,
        [pitch.id, me.id, message, actor.userId],
      );
      const presenter = await manager.findOneByOrFail(EventParticipant, { id: pitch.participantId });
      if (row!.created) {
        await this.audit.record(manager, actor, { action: 'event.roadshow.interest', resourceType: 'roadshow_pitch', resourceId: pitch.id, organizationId: me.organizationId });
        await noticeOfInterest(manager, event, pitch, presenter.organizationId, me, message);
      }
      return this.one(manager, actor, event, pitch.id);
    });
  }

  async withdrawInterest(actor: Actor, eventId: string, pitchId: string): Promise<void> {
    const { event, me } = await this.audience(this.dataSource.manager, actor, eventId);
    const pitch = await this.pitchOf(this.dataSource.manager, eventId, pitchId);
    assertOpen(event, 'withdraw interest');
    if (me) await this.dataSource.getRepository(RoadshowInterest).delete({ pitchId: pitch.id, participantId: me.id });
  }

  /** Who registered interest, first first: for the presenter (to follow up) and the organizers. */
  async interests(actor: Actor, eventId: string, pitchId: string): Promise<InterestRecord[]> {
    const manager = this.dataSource.manager;
    const { manages } = await this.audience(manager, actor, eventId);
    const pitch = await this.pitchOf(manager, eventId, pitchId);
    const presenter = await manager.findOneByOrFail(EventParticipant, { id: pitch.participantId });
    if (!manages && !speaksFor(actor, presenter)) throw new ForbiddenError('not_presenter', 'who is interested is for the presenter and the organizers');
    const rows: Array<{ id: string; message: string | null; created_by: string; created_at: Date; organization_id: string; name: string; side: ParticipantSide; participant_id: string }> = await manager.query(
      `SELECT i.id, i.message, i.created_by, i.created_at, i.participant_id, p.organization_id, p.side, o.name
         FROM roadshow_interests i JOIN event_participants p ON p.id = i.participant_id JOIN organizations o ON o.id = p.organization_id
        WHERE i.pitch_id = $1 ORDER BY i.created_at, i.id`,
      [pitch.id],
    );
    return rows.map((r) => ({
      interest: Object.assign(new RoadshowInterest(), { id: r.id, pitchId: pitch.id, participantId: r.participant_id, message: r.message, createdBy: r.created_by, createdAt: r.created_at }),
      organizationId: r.organization_id, organizationName: r.name, side: r.side,
    }));
  }

  /** The programme is read by the organizers and the approved participants; others who see the event get a 403. */
  private async audience(manager: EntityManager, actor: Actor, eventId: string): Promise<{ event: MatchmakingEvent; manages: boolean; me: EventParticipant | null }> {
    const event = assertSees(actor, await manager.findOneBy(MatchmakingEvent, { id: eventId }), eventId);
    const manages = managesEvent(actor, event);
    const me = await this.participants.mine(manager, actor, eventId);
    if (!manages && me?.status !== 'approved') throw new ForbiddenError('not_participant', 'the roadshow programme is for the organizers and the approved participants of the event');
    return { event, manages, me };
  }

  /**
   * The event, managed by the caller and still open. Held shared, as every edit of what the scheduler reads is, so a
   * run storing its plan waits for (and then sees) the pitch; changes to one programme queue on a lock of their own.
   */
  private async managed(manager: EntityManager, actor: Actor, eventId: string, action: string): Promise<MatchmakingEvent> {
    const event = assertManages(actor, await manager.findOne(MatchmakingEvent, { where: { id: eventId }, lock: { mode: 'pessimistic_read' } }), eventId);
    if (FINAL.includes(event.status)) throw new InvalidStateError(event.status, action, undefined, `cannot ${action}: the event is ${event.status}`);
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`techbridge.roadshow.${eventId}`]);
    return event;
  }

  private async pitchOf(manager: EntityManager, eventId: string, pitchId: string, lock?: 'pessimistic_read' | 'pessimistic_write'): Promise<RoadshowPitch> {
    const pitch = await manager.findOne(RoadshowPitch, { where: { id: pitchId, eventId }, ...(lock ? { lock: { mode: lock } } : {}) });
    if (!pitch) throw new NotFoundError('pitch', pitchId);
    return pitch;
  }

  private async one(manager: EntityManager, actor: Actor, event: MatchmakingEvent, pitchId: string): Promise<PitchRecord> {
    const me = await this.participants.mine(manager, actor, event.id);
    return (await this.records(manager, actor, event, me, 'p.id = $1', [pitchId]))[0]!;
  }

  private async records(manager: EntityManager, actor: Actor | null, event: MatchmakingEvent, me: EventParticipant | null, where: string, params: unknown[]): Promise<Array<PitchRecord & { readable: boolean }>> {
    const mineParam = `$${params.length + 1}`;
    const rows: Array<{ id: string; name: string; interests: number; mine: boolean; organization_id: string }> = await manager.query(
      `SELECT p.id, o.name, pp.organization_id,
              (SELECT count(*)::int FROM roadshow_interests i WHERE i.pitch_id = p.id) AS interests,
              EXISTS (SELECT 1 FROM roadshow_interests i WHERE i.pitch_id = p.id AND i.participant_id = ${mineParam}) AS mine
         FROM roadshow_pitches p JOIN event_participants pp ON pp.id = p.participant_id JOIN organizations o ON o.id = pp.organization_id
        WHERE ${where} ORDER BY p.starts_at, p.id`,
      [...params, me?.id ?? null],
    );
    const pitches = new Map((rows.length ? await manager.findBy(RoadshowPitch, { id: In(rows.map((r) => r.id)) }) : []).map((p) => [p.id, p]));
    const faces = await pitchFaces(manager, actor, [...pitches.values()]);
    const manages = actor !== null && managesEvent(actor, event);
    return rows.map((r) => ({
      pitch: pitches.get(r.id)!, ...faces.get(r.id)!, presenterName: r.name, interests: r.interests, mine: r.mine,
      followsUp: manages || (actor !== null && speaksFor(actor, { organizationId: r.organization_id })),
    }));
  }
}

async function assertNoClash(manager: EntityManager, actor: Actor, programme: readonly RoadshowPitch[], time: { startsAt: Date; minutes: number }, except?: string): Promise<void> {
  const clash = clashOf(programme, time, except);
  if (!clash) return;
  const message = `the stage holds 「${await pitchTitle(manager, actor, clash)}」 from ${clash.startsAt.toISOString()} to ${pitchEnd(clash).toISOString()}`;
  throw new ConflictError('pitch_overlap', `startsAt: ${message}`, [{ field: 'startsAt', code: 'overlap', message }]);
}

/** The presenter cannot be on the stage while one of its meetings is held at a table: the meeting moves first. */
/** A closed event's programme, and the interest registered in it, are a record now. */
function assertOpen(event: MatchmakingEvent, action: string): void {
  if (FINAL.includes(event.status)) throw new InvalidStateError(event.status, action, undefined, `the event is ${event.status}: its programme is a record now`);
}

async function assertPresenterFree(manager: EntityManager, event: MatchmakingEvent, participantId: string, time: { startsAt: Date; minutes: number }): Promise<void> {
  const slots = slotsDuring(event.sessions, time);
  if (!slots.length) return;
  const [busy]: Array<{ slot: number }> = await manager.query(
    `SELECT slot FROM meetings WHERE event_id = $1 AND status <> 'cancelled' AND (requester_id = $2 OR counterpart_id = $2) AND slot = ANY($3::int[]) ORDER BY slot LIMIT 1`,
    [event.id, participantId, slots],
  );
  if (!busy) return;
  const message = `the presenter has a meeting in slot ${busy.slot} then: move or cancel it first`;
  throw new ConflictError('presenter_busy', `startsAt: ${message}`, [{ field: 'startsAt', code: 'presenterBusy', message }]);
}
