import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '@techbridge/accounts';
import { type Actor, ForbiddenError, InvalidStateError, MatchmakingEvent, Meeting, NotFoundError, Organization, EventParticipant, RoadshowPitch } from '@techbridge/domain';
import { AppEnv } from '@techbridge/platform';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUUID } from 'class-validator';
import { DataSource, In } from 'typeorm';
import { assertManages } from './event-access';
import { agendaVisible, tableNumber, timeline } from './event-rules';
import { EventsService } from './events.service';
import { type CalendarEntry, renderCalendar } from './ics';
import { ParticipantsService } from './participants.service';
import { pitchEnd } from './roadshow-rules';
import { pitchFaces } from './roadshow-titles';

export interface AgendaItem {
  meetingId: string;
  slot: number;
  sessionKey: string;
  startsAt: Date;
  endsAt: Date;
  table: number;
  status: string;
  counterpart: { participantId: string; organizationId: string; organizationName: string; side: string };
  /** Where the published agenda had it, when it has moved since. */
  movedFrom: { slot: number; table: number } | null;
  /** The meeting's own version: grows with each change of it (moved, cancelled), published or not. */
  version: number;
}

/** The participant's own pitch on the roadshow stage (路演). */
export interface AgendaPitch {
  pitchId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  version: number;
}

export interface Agenda {
  eventId: string;
  participantId: string;
  organizationName: string;
  agendaVersion: number;
  checkInCode: string | null;
  /** A secret address of the .ics feed for calendar apps to subscribe to (no sign-in); only to the participant and the organizers. */
  calendarPath: string | null;
  items: AgendaItem[];
  /** Its pitches on the roadshow stage, in time order. */
  pitches: AgendaPitch[];
}

export interface GridCell {
  table: number;
  meeting: { id: string; requester: string; counterpart: string; status: string; locked: boolean } | null;
}

export interface GridRow {
  slot: number;
  sessionKey: string;
  startsAt: Date;
  endsAt: Date;
  tables: GridCell[];
}

const calendarPathOf = (token: string): string => `/api/v1/calendars/${token}.ics`;

/** Each participant's agenda (JSON and iCalendar) and the organizer's slots × tables grid. */
@Injectable()
export class Agendas {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly participants: ParticipantsService,
    private readonly env: AppEnv,
    private readonly audit: AuditLog,
  ) {}

  /**
   * `<participant id>.<HMAC>`: unguessable, and changes when JWT_SECRET does or the participant's
   * calendar key is raised (a reset; key 0 keeps the addresses given out before keys existed).
   */
  private feedToken(participant: Pick<EventParticipant, 'id' | 'calendarKey'>): string {
    const input = `event-calendar:${participant.id}${participant.calendarKey ? `:${participant.calendarKey}` : ''}`;
    return `${participant.id}.${createHmac('sha256', this.env.jwtSecret).update(input).digest('base64url').slice(0, 32)}`;
  }

  /**
   * A new secret address for the participant's calendar feed; the old one answers 404 from now on
   * (a colleague who left, a link shared too widely). The participant or the organizers; audited.
   */
  async resetCalendarLink(actor: Actor, eventId: string, participantId: string): Promise<{ calendarPath: string }> {
    const event = await this.events.get(actor, eventId);
    return this.dataSource.transaction(async (manager) => {
      const { participant, own, manager: manages } = await this.participants.visible(manager, actor, event, participantId, { lock: true });
      if (!own && !manages) throw new ForbiddenError('not_participant', 'a calendar link is reset by its participant or the organizers');
      participant.calendarKey += 1;
      await manager.update(EventParticipant, { id: participant.id }, { calendarKey: participant.calendarKey });
      await this.audit.record(manager, actor, { action: 'event.participant.calendar_reset', resourceType: 'event_participant', resourceId: participant.id, organizationId: participant.organizationId });
      return { calendarPath: calendarPathOf(this.feedToken(participant)) };
    });
  }

  async agenda(actor: Actor, eventId: string, participantId: string): Promise<{ event: MatchmakingEvent; agenda: Agenda }> {
    const event = await this.events.get(actor, eventId);
    const { participant, own, manager } = await this.participants.visible(this.dataSource.manager, actor, event, participantId);
    if (!own && !manager) throw new ForbiddenError('not_participant', 'an agenda is for its participant and the organizers');
    if (!manager && !agendaVisible(event)) throw new InvalidStateError(event.status, 'read the agenda', undefined, `agendas are shown once the event is published; it is ${event.status}`);
    return { event, agenda: await this.agendaOf(event, participant, actor) };
  }

  /** `reader` decides how pitches read (pitchFaces): null for the feed by its secret address, which anyone holding the link reads. */
  private async agendaOf(event: MatchmakingEvent, participant: EventParticipant, reader: Actor | null): Promise<Agenda> {
    const participantId = participant.id;
    const meetings = await this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.event_id = :eventId', { eventId: event.id })
      .andWhere('(m.requester_id = :p OR m.counterpart_id = :p)', { p: participantId })
      // Cancelled meetings appear only once they had been published (calendars must drop them).
      .andWhere(`(m.status <> 'cancelled' OR m.published_slot IS NOT NULL)`)
      .orderBy('m.slot')
      .addOrderBy('m.id')
      .getMany();
    const others = await this.dataSource.getRepository(EventParticipant).findBy({ id: In(meetings.map((m) => (m.requesterId === participantId ? m.counterpartId : m.requesterId))) });
    const orgs = await this.dataSource.getRepository(Organization).findBy({ id: In([participant.organizationId, ...others.map((o) => o.organizationId)]) });
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const otherOf = new Map(others.map((o) => [o.id, o]));
    const slots = timeline(event.sessions);
    const items = meetings.map((m): AgendaItem => {
      const other = otherOf.get(m.requesterId === participantId ? m.counterpartId : m.requesterId)!;
      const info = slots[m.slot];
      const moved = m.publishedSlot !== null && (m.publishedSlot !== m.slot || m.publishedTable !== m.tableNo);
      return {
        meetingId: m.id, slot: m.slot, sessionKey: info.sessionKey, startsAt: info.startsAt, endsAt: info.endsAt, table: m.tableNo, status: m.status,
        counterpart: { participantId: other.id, organizationId: other.organizationId, organizationName: orgName.get(other.organizationId) ?? '', side: other.side },
        movedFrom: moved ? { slot: m.publishedSlot!, table: m.publishedTable! } : null,
        version: m.version,
      };
    });
    const pitches = await this.dataSource.getRepository(RoadshowPitch).find({ where: { eventId: event.id, participantId }, order: { startsAt: 'ASC', id: 'ASC' } });
    const faces = await pitchFaces(this.dataSource.manager, reader, pitches);
    return {
      eventId: event.id, participantId, organizationName: orgName.get(participant.organizationId) ?? '', agendaVersion: event.agendaVersion,
      checkInCode: participant.checkInCode, calendarPath: calendarPathOf(this.feedToken(participant)), items,
      pitches: pitches.map((p) => ({ pitchId: p.id, title: faces.get(p.id)!.title, startsAt: p.startsAt, endsAt: pitchEnd(p), version: p.version })),
    };
  }

  /** The agenda as an iCalendar feed: one VEVENT per meeting (its UID fixed for the meeting's life) and per pitch. */
  async calendar(actor: Actor, eventId: string, participantId: string): Promise<string> {
    const { event, agenda } = await this.agenda(actor, eventId, participantId);
    return this.render(event, agenda);
  }

  /** The same feed by its secret address (calendar subscriptions cannot sign in); anything wrong is a 404. */
  async calendarByToken(file: string): Promise<string> {
    const token = file.endsWith('.ics') ? file.slice(0, -4) : '';
    const participantId = token.split('.')[0] ?? '';
    const participant = isUUID(participantId) ? await this.dataSource.getRepository(EventParticipant).findOneBy({ id: participantId }) : null;
    const expected = participant && Buffer.from(this.feedToken(participant));
    if (!expected || expected.length !== Buffer.byteLength(token) || !timingSafeEqual(expected, Buffer.from(token))) throw new NotFoundError('calendar');
    const event = await this.dataSource.getRepository(MatchmakingEvent).findOneBy({ id: participant.eventId });
    if (!event || participant.status !== 'approved' || !agendaVisible(event)) throw new NotFoundError('calendar');
    return this.render(event, await this.agendaOf(event, participant, null));
  }

  private render(event: MatchmakingEvent, agenda: Agenda): string {
    const entries: CalendarEntry[] = agenda.items.map((item) => ({
      uid: `meeting-${item.meetingId}@techbridge`,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      summary: `${event.title}：与${item.counterpart.organizationName}洽谈（${tableNumber(item.table)}号桌）`,
      location: [event.venue, `${tableNumber(item.table)}号桌`, event.onlineUrl].filter(Boolean).join(' '),
      description: `对接会「${event.title}」一对一洽谈。`,
      cancelled: item.status === 'cancelled',
      // RFC 5545: SEQUENCE grows whenever the start, end or status changes. Both terms only grow: a
      // publication, or a change of this meeting on the day (cancelled, moved) with no new publication.
      sequence: event.agendaVersion + item.version,
    }));
    for (const pitch of agenda.pitches) {
      entries.push({
        uid: `pitch-${pitch.pitchId}@techbridge`, startsAt: pitch.startsAt, endsAt: pitch.endsAt, summary: `${event.title}：路演「${pitch.title}」`,
        location: [event.venue, '路演区', event.onlineUrl].filter(Boolean).join(' '), description: `对接会「${event.title}」路演。`, cancelled: false, sequence: event.agendaVersion + pitch.version,
      });
    }
    return renderCalendar(`${event.title} · ${agenda.organizationName}`, entries, new Date());
  }

  /** Slots × tables, for the organizers' wall chart. */
  async grid(actor: Actor, eventId: string): Promise<{ agendaVersion: number; rows: GridRow[] }> {
    const event = assertManages(actor, await this.dataSource.getRepository(MatchmakingEvent).findOneBy({ id: eventId }), eventId);
    const meetings = await this.dataSource.getRepository(Meeting).find({ where: { eventId, status: In(['scheduled', 'held', 'no_show']) } });
    const parts = await this.dataSource.getRepository(EventParticipant).findBy({ eventId });
    const orgs = await this.dataSource.getRepository(Organization).findBy({ id: In(parts.map((p) => p.organizationId)) });
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const nameOf = new Map(parts.map((p) => [p.id, orgName.get(p.organizationId) ?? '']));
    const at = new Map(meetings.map((m) => [`${m.slot}:${m.tableNo}`, m]));
    const rows = timeline(event.sessions).map((s) => ({
      slot: s.slot, sessionKey: s.sessionKey, startsAt: s.startsAt, endsAt: s.endsAt,
      tables: Array.from({ length: s.tables }, (_, table): GridCell => {
        const m = at.get(`${s.slot}:${table}`);
        return { table, meeting: m ? { id: m.id, requester: nameOf.get(m.requesterId) ?? '', counterpart: nameOf.get(m.counterpartId) ?? '', status: m.status, locked: m.locked } : null };
      }),
    }));
    return { agendaVersion: event.agendaVersion, rows };
  }
}
