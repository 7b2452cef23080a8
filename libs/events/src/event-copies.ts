import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addDays, isCalendarDay, todayInChina } from '@techbridge/catalog';
import { type Actor, type MatchmakingEvent, MatchmakingEvent as EventEntity, ValidationError } from '@techbridge/domain';
import { DataSource } from 'typeorm';
import { assertManages } from './event-access';
import { type EventInput, EventsService } from './events.service';
import { eventDays } from './event-rules';

const DAY_MS = 86_400_000;

/**
 * The set-up of `event` moved so that its first day is `startsOn`: sessions, windows and all, each
 * by the same whole number of days (times of day and offsets kept). Who takes part is not copied.
 */
export function copiedSetup(event: MatchmakingEvent, startsOn: string, title?: string): EventInput {
  const first = eventDays(event.sessions)[0]!;
  const days = Math.round((Date.parse(`${startsOn}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / DAY_MS);
  const shift = (at: Date | null): Date | null => (at ? new Date(at.getTime() + days * DAY_MS) : null);
  return {
    title: title ?? event.title,
    description: event.description,
    themeFieldCode: event.themeFieldCode,
    themeChainCode: event.themeChainCode,
    venue: event.venue,
    onlineUrl: event.onlineUrl,
    registrationOpensAt: shift(event.registrationOpensAt),
    registrationClosesAt: shift(event.registrationClosesAt)!,
    bookingOpensAt: shift(event.bookingOpensAt),
    bookingClosesAt: shift(event.bookingClosesAt)!,
    // The date as written (in its own offset) moves by whole days; the time of day stays.
    sessions: event.sessions.map((s) => ({ ...s, startsAt: `${addDays(s.startsAt.slice(0, 10), days)}${s.startsAt.slice(10)}` })),
    caps: event.caps,
    bookingRule: event.bookingRule,
    maxParticipants: event.maxParticipants,
    registrationApproval: event.registrationApproval,
  };
}

/** 常态化: organizers run the same 对接会 again on another day, starting from a copy of its set-up (a new draft). */
@Injectable()
export class EventCopies {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
  ) {}

  async copy(actor: Actor, eventId: string, input: { startsOn: string; title?: string }): Promise<MatchmakingEvent> {
    const source = assertManages(actor, await this.dataSource.getRepository(EventEntity).findOneBy({ id: eventId }), eventId);
    if (!isCalendarDay(input.startsOn)) throw ValidationError.of('startsOn', 'isDate', 'startsOn must be a calendar day YYYY-MM-DD');
    if (input.startsOn <= todayInChina()) throw ValidationError.of('startsOn', 'future', 'a copy takes place after today');
    return this.events.create(actor, copiedSetup(source, input.startsOn, input.title));
  }
}
