import { todayInChina } from '@techbridge/catalog';
import { type BookingRule, ConflictError, type EventSession, type EventStatus, type FieldProblem, type MeetingCaps, type ParticipantSide } from '@techbridge/domain';
import { chinaTime } from '@techbridge/mail';

/** Lifecycle actions of an event: where each may start from and where it leads. */
export const EVENT_TRANSITIONS = {
  open_registration: { from: ['draft'], to: 'registration' },
  open_booking: { from: ['registration'], to: 'booking' },
  /** Back to booking after a schedule, e.g. to take late requests before publishing. */
  reopen_booking: { from: ['scheduled'], to: 'booking' },
  publish: { from: ['scheduled', 'published'], to: 'published' },
  start: { from: ['published'], to: 'live' },
  /** The event took place: only once its first slot started (before that it is called off: `cancel`). */
  close: { from: ['registration', 'booking', 'scheduled', 'published', 'live'], to: 'closed' },
  /** Called off before any slot started, with a reason its participants are told; a draft is discarded so. */
  cancel: { from: ['draft', 'registration', 'booking', 'scheduled', 'published', 'live'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly EventStatus[]; to: EventStatus }>;
export type EventAction = keyof typeof EVENT_TRANSITIONS;
export const EVENT_ACTIONS = Object.keys(EVENT_TRANSITIONS) as EventAction[];

/** States in which the event's set-up (sessions, windows, caps) may still change. */
export const EDITABLE_EVENT: readonly EventStatus[] = ['draft', 'registration', 'booking'];
/** Organisations may register (报名) while registration or booking is open. */
export const REGISTERING: readonly EventStatus[] = ['registration', 'booking'];
/**
 * The scheduler may run once booking opened, again after publishing (fewest moves), and on the day
 * for late requests: then what has started stays as it is (see startedSlots).
 */
export const SCHEDULABLE: readonly EventStatus[] = ['booking', 'scheduled', 'published', 'live'];
/** Agendas are visible to participants once published. */
export const AGENDA_VISIBLE: readonly EventStatus[] = ['published', 'live', 'closed'];
/** Over: its requests, meetings and programme are a record, changed no more. */
export const FINAL: readonly EventStatus[] = ['closed', 'cancelled'];

/** Whether participants read their agendas (and feeds): once published, and still after the event was called off then (all cancelled). */
export const agendaVisible = (event: { status: EventStatus; publishedAt: Date | null }): boolean =>
  AGENDA_VISIBLE.includes(event.status) || (event.status === 'cancelled' && event.publishedAt !== null);

/** The calendar days (China time) the event's sessions fall on. */
export const eventDays = (sessions: readonly Pick<EventSession, 'startsAt'>[]): string[] =>
  [...new Set(sessions.map((s) => todayInChina(new Date(s.startsAt))))].sort();

/**
 * A refusal by the event's clock, naming the field at fault (as `slot_started` does) and with what a
 * client needs to say when it will be possible.
 */
const tooEarly = (code: string, field: string, message: string, details: Record<string, unknown>): ConflictError =>
  Object.assign(new ConflictError(code, message, [{ field, code, message }]), { details });

/**
 * The event goes live from its first day (China time, on the database's clock `now`) on: before it
 * there is nothing to record, and what going live allows (held, no-show, feedback) waits for the slots anyway.
 */
export function assertMayGoLive(sessions: readonly Pick<EventSession, 'startsAt'>[], now: Date): void {
  const [firstDay] = eventDays(sessions);
  const today = todayInChina(now);
  if (firstDay && today < firstDay) throw tooEarly('before_first_day', 'action', `the event goes live on its first day, ${firstDay} (China time); it is ${today} there`, { firstDay, today });
}

/**
 * `close` is for an event that took place: before its first slot started (the database's clock `now`)
 * it is refused, pointing to `cancel`, which tells the participants and takes the meetings off their calendars.
 */
export function assertTookPlace(sessions: readonly EventSession[], now: Date): void {
  const first = timeline(sessions)[0];
  if (!first || first.startsAt.getTime() <= now.getTime()) return;
  throw tooEarly('event_not_started', 'action', `the event's first slot starts at ${chinaTime(first.startsAt)} (China time): an event that does not take place is called off with cancel (with a reason its participants are told), not closed`, { startsAt: first.startsAt.toISOString(), use: 'cancel' });
}

/** `cancel` calls off an event before any of its slots started; after that, what happened is a record: `close` it. */
export function assertNotUnderway(sessions: readonly EventSession[], now: Date): void {
  const first = timeline(sessions)[0];
  if (!first || first.startsAt.getTime() > now.getTime()) return;
  const message = `the event's first slot started at ${chinaTime(first.startsAt)} (China time): it took place, so it is closed (close), not cancelled`;
  throw Object.assign(new ConflictError('event_started', message, [{ field: 'action', code: 'event_started', message }]), { details: { startedAt: first.startsAt.toISOString(), use: 'close' } });
}

/**
 * The event day (China time) a check-in at `now` counts for: that of the session running then — one
 * that began the evening before runs past midnight, and whoever arrives for it checks in for the day
 * it began — else today, when a session of the event falls on it (before, between or after its
 * sessions). Any other time is refused. A check-in counts for that day only.
 */
export function checkInDay(sessions: readonly Pick<EventSession, 'startsAt' | 'slotMinutes' | 'slotCount'>[], now: Date): string {
  const running = sessions.find((s) => {
    const start = Date.parse(s.startsAt);
    return start <= now.getTime() && now.getTime() < start + s.slotCount * s.slotMinutes * 60_000;
  });
  if (running) return todayInChina(new Date(running.startsAt));
  const days = eventDays(sessions);
  const today = todayInChina(now);
  if (!days.includes(today)) throw tooEarly('not_event_day', 'eventId', `check-in is on the event's days (China time): ${days.join(', ')}; it is ${today} there`, { days, today });
  return today;
}

/** A meeting is marked held or no-show once its slot has started: whether it took place is not known before. */
export function assertSlotBegun(sessions: readonly EventSession[], slot: number, action: string, now: Date): void {
  const info = timeline(sessions)[slot];
  if (!info || info.startsAt.getTime() <= now.getTime()) return;
  throw tooEarly('slot_not_started', 'slot', `slot ${slot} starts at ${chinaTime(info.startsAt)} (China time); a meeting is marked ${action} once its slot has started`, { slot, startsAt: info.startsAt.toISOString() });
}

/** Tables are numbered from 0 in the API and from 1 wherever people read them (calendars, table cards, reminders). */
export const tableNumber = (table: number): number => table + 1;

/** One slot of the event's timeline. */
export interface SlotInfo {
  slot: number;
  sessionKey: string;
  startsAt: Date;
  endsAt: Date;
  tables: number;
}

/** Sessions in time order with their global slot indices (0 … n-1 across the day). */
export function timeline(sessions: readonly EventSession[]): SlotInfo[] {
  const ordered = [...sessions].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const slots: SlotInfo[] = [];
  for (const s of ordered) {
    const start = Date.parse(s.startsAt);
    for (let i = 0; i < s.slotCount; i++) {
      const startsAt = new Date(start + i * s.slotMinutes * 60_000);
      slots.push({ slot: slots.length, sessionKey: s.key, startsAt, endsAt: new Date(startsAt.getTime() + s.slotMinutes * 60_000), tables: s.tables });
    }
  }
  return slots;
}

/**
 * Slots of a live event that have started by `now` (start ≤ now; sessions carry their UTC offset):
 * nothing new goes there, and what is there stays. None before the day (the event not live).
 */
export function startedSlots(event: { status: EventStatus; sessions: readonly EventSession[] }, now: Date): number[] {
  if (event.status !== 'live') return [];
  return timeline(event.sessions)
    .filter((t) => t.startsAt.getTime() <= now.getTime())
    .map((t) => t.slot);
}

export interface EventSetup {
  title: string;
  registrationOpensAt: Date | null;
  registrationClosesAt: Date;
  bookingOpensAt: Date | null;
  bookingClosesAt: Date;
  venue: string | null;
  onlineUrl: string | null;
  sessions: EventSession[];
  caps: MeetingCaps;
}

const KEY = /^[a-z0-9_-]{1,32}$/;
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Everything about an event's set-up that single-field validation cannot see. */
export function setupProblems(setup: EventSetup): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, code: string, message: string) => problems.push({ field, code, message });
  if (!setup.venue && !setup.onlineUrl) add('venue', 'venueOrOnline', 'give a venue, an onlineUrl, or both');
  if (setup.registrationOpensAt && setup.registrationOpensAt > setup.registrationClosesAt) {
    add('registrationOpensAt', 'window', 'registrationOpensAt must not be after registrationClosesAt');
  }
  if (setup.bookingOpensAt && setup.bookingOpensAt > setup.bookingClosesAt) add('bookingOpensAt', 'window', 'bookingOpensAt must not be after bookingClosesAt');
  if (!setup.sessions.length) add('sessions', 'arrayMinSize', 'an event needs at least one session');
  const keys = new Set<string>();
  setup.sessions.forEach((s, i) => {
    if (!KEY.test(s.key)) add(`sessions.${i}.key`, 'matches', 'key must be 1–32 lower-case letters, digits, - or _');
    else if (keys.has(s.key)) add(`sessions.${i}.key`, 'unique', `session key ${s.key} is used twice`);
    keys.add(s.key);
    if (!ISO_WITH_OFFSET.test(s.startsAt) || Number.isNaN(Date.parse(s.startsAt))) {
      add(`sessions.${i}.startsAt`, 'isIso8601', 'startsAt must be a date-time with an offset, e.g. 2026-12-01T09:00:00+08:00');
    }
  });
  if (!problems.some((p) => p.field.startsWith('sessions.'))) {
    const ordered = setup.sessions.map((s, i) => ({ s, i, start: Date.parse(s.startsAt) })).sort((a, b) => a.start - b.start);
    for (let k = 1; k < ordered.length; k++) {
      const prev = ordered[k - 1];
      if (prev.start + prev.s.slotCount * prev.s.slotMinutes * 60_000 > ordered[k].start) {
        add(`sessions.${ordered[k].i}.startsAt`, 'overlap', `session ${ordered[k].s.key} starts before session ${prev.s.key} ends`);
      }
    }
    const first = ordered[0];
    if (first && setup.bookingClosesAt.getTime() > first.start) add('bookingClosesAt', 'window', 'booking must close before the first session starts');
  }
  if (setup.registrationClosesAt > setup.bookingClosesAt) add('registrationClosesAt', 'window', 'registration must close no later than booking');
  const slotCount = setup.sessions.reduce((n, s) => n + s.slotCount, 0);
  if (setup.caps.perSession !== null && setup.caps.perParticipant !== null && setup.caps.perSession > setup.caps.perParticipant) {
    add('caps.perSession', 'max', 'perSession cannot exceed perParticipant');
  }
  if (slotCount > 500) add('sessions', 'max', `an event has at most 500 slots in all (got ${slotCount})`);
  return problems;
}

/** Whether `requester` may ask `counterpart` for a meeting under the event's booking rule. */
export function mayBook(rule: BookingRule, requester: ParticipantSide, counterpart: ParticipantSide): boolean {
  if (requester === 'observer' || counterpart === 'observer') return false;
  switch (rule) {
    case 'any':
      return true;
    case 'cross':
      return requester !== counterpart;
    case 'demand_to_supply':
      return requester === 'demand' && counterpart === 'supply';
    case 'supply_to_demand':
      return requester === 'supply' && counterpart === 'demand';
  }
}

/** What of a registration refers to the event's sessions. */
export interface SessionChoices {
  /** How a problem names it, e.g. a participant id and its organisation's name. */
  label: string;
  sessionKeys: readonly string[];
  unavailableSlots?: readonly number[];
  fixedTable?: number | null;
}

/**
 * What a change of sessions would leave pointing at nothing: session keys that go, blocked slots
 * that no longer exist or now mean another time, booths beyond the tables of some session. Empty
 * when the change is safe for everyone already registered (or invited).
 */
export function sessionChangeProblems(before: readonly EventSession[], after: readonly EventSession[], registrations: readonly SessionChoices[]): FieldProblem[] {
  const keys = new Set(after.map((s) => s.key));
  const was = timeline(before);
  const now = timeline(after);
  const sameSlot = (slot: number) => !!now[slot] && !!was[slot] && now[slot].sessionKey === was[slot].sessionKey && now[slot].startsAt.getTime() === was[slot].startsAt.getTime();
  const minTables = after.length ? Math.min(...after.map((s) => s.tables)) : 0;
  const problems: FieldProblem[] = [];
  for (const r of registrations) {
    const gone = r.sessionKeys.filter((k) => !keys.has(k));
    const moved = (r.unavailableSlots ?? []).filter((slot) => !sameSlot(slot));
    const reasons = [
      ...(gone.length ? [`attends session ${gone.join(', ')}`] : []),
      ...(moved.length ? [`blocked slot ${moved.join(', ')}, which would no longer be the same time`] : []),
      ...(r.fixedTable != null && r.fixedTable >= minTables ? [`has its booth at table ${r.fixedTable}`] : []),
    ];
    if (reasons.length) problems.push({ field: 'sessions', code: 'in_use', message: `${r.label} ${reasons.join('; ')}` });
  }
  return problems;
}

/** The event's sessions every party attends (an empty choice means all of them), within `only` when given. */
export function commonSessions(event: { sessions: readonly EventSession[] }, parties: ReadonlyArray<{ sessionKeys: readonly string[] }>, only?: string | null): string[] {
  return event.sessions.map((s) => s.key).filter((key) => (!only || key === only) && parties.every((p) => !p.sessionKeys.length || p.sessionKeys.includes(key)));
}
