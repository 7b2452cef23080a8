import { type Actor, actsFor, ForbiddenError, hasRole, type MatchmakingEvent, NotFoundError, ConflictError, type EventParticipant } from '@techbridge/domain';

/** Organizers of the organising organisation manage its events; platform admins manage all. */
export const managesEvent = (actor: Actor, event: Pick<MatchmakingEvent, 'organizerOrganizationId'>): boolean =>
  hasRole(actor, 'admin') || (hasRole(actor, 'organizer') && actsFor(actor, event.organizerOrganizationId));

/**
 * Drafts are the organizer's alone; once registration opened, everyone sees the event (anonymous visitors
 * too: it is advertised), and still after it is closed or called off. One that never opened registration
 * (a draft, discarded or closed as a draft before `close` refused that) stays the organizer's.
 */
export const seesEvent = (actor: Actor | null, event: Pick<MatchmakingEvent, 'organizerOrganizationId' | 'registrationOpenedAt'>): boolean =>
  (actor !== null && managesEvent(actor, event)) || event.registrationOpenedAt !== null;

/** 404 when the caller may not know the event exists, 403 when it may see but not manage it. */
export function assertManages(actor: Actor, event: MatchmakingEvent | null, id: string): MatchmakingEvent {
  if (!event || !seesEvent(actor, event)) throw new NotFoundError('event', id);
  if (!managesEvent(actor, event)) throw new ForbiddenError('not_organizer', 'only the organizers of this event (and admins) can do this');
  return event;
}

export function assertSees(actor: Actor | null, event: MatchmakingEvent | null, id: string): MatchmakingEvent {
  if (!event || !seesEvent(actor, event)) throw new NotFoundError('event', id);
  return event;
}

/** Speaks for the participant: its organisation's members and brokers. */
export const speaksFor = (actor: Actor, participant: Pick<EventParticipant, 'organizationId'>): boolean => actsFor(actor, participant.organizationId);

/** Turns a unique violation into a 409 naming what collided; anything else is rethrown. */
export function conflictOnUnique(err: unknown, messages: Record<string, { field: string; message: string }>): never {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.code ?? e.driverError?.code;
  const constraint = e.constraint ?? e.driverError?.constraint;
  if (code === '23505' && constraint && messages[constraint]) {
    const { field, message } = messages[constraint];
    throw new ConflictError('conflict', `${field}: ${message}`, [{ field, code: 'taken', message }]);
  }
  throw err;
}

/** What the slot/seat constraints mean for a person reading the 409. */
export const BOOKING_CONFLICTS = {
  UQ_meetings_slot_table: { field: 'table', message: 'this table is already taken in this slot' },
  UQ_meeting_seats_participant_slot: { field: 'slot', message: 'a participant of this meeting already has a meeting in this slot' },
  UQ_meetings_active_request: { field: 'requestId', message: 'this request already has a meeting' },
  UQ_meeting_requests_open_pair: { field: 'counterpartId', message: 'these two participants already have an open meeting request' },
};
