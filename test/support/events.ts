import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from './accounts';
import { eventually, type TestApp } from './harness';

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000);
/** A day at 09:00 Beijing time, `days` from now. */
const dayAt = (days: number, hhmm: string) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${hhmm}:00+08:00`;

/** A two-session event (上午 4 slots × 2 tables, 下午 4 slots × 2 tables) with open windows. */
export function eventBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: '2026 大连装备制造专场技术对接会',
    themeFieldCode: 'equipment',
    venue: '大连国际会议中心 3 层',
    registrationClosesAt: inHours(24).toISOString(),
    bookingClosesAt: inHours(48).toISOString(),
    sessions: [
      { key: 'am', name: '上午场', startsAt: dayAt(4, '09:00'), slotMinutes: 20, slotCount: 4, tables: 2 },
      { key: 'pm', name: '下午场', startsAt: dayAt(4, '14:00'), slotMinutes: 20, slotCount: 4, tables: 2 },
    ],
    caps: { perParticipant: 6 },
    bookingRule: 'cross',
    ...overrides,
  };
}

export async function createEvent(app: TestApp, organizer: Session, overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const res = await request(app.http).post('/api/v1/events').set(organizer.auth).send(eventBody(overrides));
  if (res.status !== 201) throw new Error(`create event: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, version: res.body.version };
}

/** A lifecycle step; `body` e.g. `{ reason }` to cancel. */
export async function eventAction(app: TestApp, organizer: Session, eventId: string, action: string, body: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await request(app.http).post(`/api/v1/events/${eventId}/actions/${action}`).set(organizer.auth).send(body);
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Registers the organisation and has the organizer approve it; resolves with the participant id. */
export async function approvedParticipant(app: TestApp, organizer: Session, eventId: string, session: Session, side: 'demand' | 'supply' | 'observer', extra: Record<string, unknown> = {}): Promise<string> {
  const reg = await request(app.http).post(`/api/v1/events/${eventId}/participants`).set(session.auth).send({ side, ...extra });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.body)}`);
  await request(app.http).post(`/api/v1/events/${eventId}/participants/${reg.body.id}/actions/approve`).set(organizer.auth).send({}).expect(200);
  return reg.body.id;
}

/** An event in booking with these organisations approved; resolves with their participant ids in order. */
export async function bookingEvent(app: TestApp, organizer: Session, members: Array<[Session, 'demand' | 'supply' | 'observer']>, overrides: Record<string, unknown> = {}): Promise<{ id: string; participants: string[] }> {
  const { id } = await createEvent(app, organizer, overrides);
  await eventAction(app, organizer, id, 'open_registration');
  const participants: string[] = [];
  for (const [session, side] of members) participants.push(await approvedParticipant(app, organizer, id, session, side));
  await eventAction(app, organizer, id, 'open_booking');
  return { id, participants };
}

/** Creates an accepted request from `a` to `b` (participants of `sessions`). */
export async function acceptedRequest(app: TestApp, eventId: string, from: Session, to: Session, counterpartId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const req = await request(app.http).post(`/api/v1/events/${eventId}/requests`).set(from.auth).send({ counterpartId, ...extra });
  if (req.status !== 201) throw new Error(`request: ${req.status} ${JSON.stringify(req.body)}`);
  await request(app.http).post(`/api/v1/events/${eventId}/requests/${req.body.id}/actions/accept`).set(to.auth).send({}).expect(200);
  return req.body.id;
}

/** Starts a scheduler run and waits for the worker to finish it. */
export interface ScheduleRunBody {
  id: string;
  status: string;
  report: { requests: number; scheduled: number; scheduledWeight: number; upperBound: number; boundMethod: string; gapPercent: number; moved: number; dropped: number; unscheduled: Array<{ requestId: string; requesterId: string; counterpartId: string; reason: string; detail: string }> };
}

export async function scheduled(app: TestApp, organizer: Session, eventId: string): Promise<ScheduleRunBody> {
  const started = await request(app.http).post(`/api/v1/events/${eventId}/schedule`).set(organizer.auth).send({});
  if (started.status !== 202) throw new Error(`schedule: ${started.status} ${JSON.stringify(started.body)}`);
  return eventually(async () => {
    const res = await request(app.http).get(`/api/v1/events/${eventId}/schedule`).set(organizer.auth).expect(200);
    if (res.body.id !== started.body.id) return undefined;
    if (res.body.status === 'failed') throw new Error(`schedule run failed: ${res.body.failureReason}`);
    return res.body.status === 'completed' ? res.body : undefined;
  }, 60_000);
}

/** The usual cast of an event's tests: an organizer, two enterprises, two universities and an institute. */
export interface EventCast {
  organizer: Session;
  e1: Session;
  e2: Session;
  u1: Session;
  u2: Session;
  u3: Session;
}

export async function eventCast(app: TestApp): Promise<EventCast> {
  return {
    organizer: await userWithRole(app, 'organizer', 'government'),
    e1: await registerOrganization(app, 'enterprise'),
    e2: await registerOrganization(app, 'enterprise'),
    u1: await registerOrganization(app, 'university'),
    u2: await registerOrganization(app, 'institute'),
    u3: await registerOrganization(app, 'university'),
  };
}
