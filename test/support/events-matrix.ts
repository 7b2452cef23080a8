import request from 'supertest';
import { registerOrganization, type Session } from './accounts';
import type { TestApp } from './harness';
import { approvedParticipant, createEvent, eventAction, eventBody } from './events';
import { publishedItem } from './catalog';
import { chinaDay } from './days';
import { slotUnderway } from './event-day';

type Persona = 'anonymous' | 'enterpriseA' | 'enterpriseB' | 'university' | 'brokerAssigned' | 'brokerUnassigned' | 'organizer' | 'admin';
type Expected = Record<Persona, number>;
type Call = { path: string; body?: unknown; file?: { name: string; content: string } };
interface Row {
  expect: Expected;
  call: (persona: Persona, session: Session | undefined) => Promise<Call>;
}
type Sessions = Record<Exclude<Persona, 'anonymous'>, Session>;

/** The event's organizers (and admins); everyone else sees the (non-draft) event but may not manage it. */
const organizers = (status: number): Expected => ({ anonymous: 401, enterpriseA: 403, enterpriseB: 403, university: 403, brokerAssigned: 403, brokerUnassigned: 403, organizer: status, admin: status });
/** Participant A's own: A, its broker, the organizers; the approved university sees A but may not act; others see nothing. */
const participantA = (status: number, university: number): Expected => ({ anonymous: 401, enterpriseA: status, enterpriseB: 404, university, brokerAssigned: status, brokerUnassigned: 404, organizer: status, admin: status });
const signedIn = (status: number): Expected => ({ anonymous: 401, enterpriseA: status, enterpriseB: status, university: status, brokerAssigned: status, brokerUnassigned: status, organizer: status, admin: status });

/**
 * The authorization-matrix rows of the 对接会 routes. The shared event E is live: enterprise A
 * (demand) and the university (supply) are approved participants with one held meeting; calls
 * that consume or change state get a fresh event of their own.
 */
export async function eventMatrixRows(app: TestApp, sessions: Sessions): Promise<Record<string, Row>> {
  const organizer = sessions.organizer;
  const base = '/api/v1/events';
  const A = sessions.enterpriseA;
  const U = sessions.university;
  const creditCodeOf = async (orgId: string) => (await app.sql<{ credit_code: string }>('SELECT credit_code FROM organizations WHERE id = $1', [orgId]))[0]!.credit_code;

  const fresh = async (state: 'registration' | 'booking', overrides: Record<string, unknown> = {}) => {
    const { id } = await createEvent(app, organizer, overrides);
    await eventAction(app, organizer, id, 'open_registration');
    if (state === 'registration') return { id, a: '', u: '' };
    const a = await approvedParticipant(app, organizer, id, A, 'demand');
    const u = await approvedParticipant(app, organizer, id, U, 'supply');
    await eventAction(app, organizer, id, 'open_booking');
    return { id, a, u };
  };
  const freshMeeting = async () => {
    const e = await fresh('booking');
    const m = await request(app.http).post(`${base}/${e.id}/meetings`).set(organizer.auth).send({ requesterId: e.a, counterpartId: e.u, slot: 0, table: 0 }).expect(201);
    return { ...e, meetingId: m.body.id as string };
  };

  /** A pitch body for a fresh published achievement of the university, at a time of the event's day. */
  const pitchOn = async (eventId: string, participantId: string, hhmm = '08:00') => {
    const day = ((await request(app.http).get(`${base}/${eventId}`).set(organizer.auth).expect(200)).body.sessions[0].startsAt as string).slice(0, 10);
    return { participantId, achievementId: (await publishedItem(app, U, 'achievements')).id, startsAt: `${day}T${hhmm}:00+08:00`, minutes: 10 };
  };
  const freshPitch = async () => {
    const e = await fresh('booking');
    const pitch = await request(app.http).post(`${base}/${e.id}/roadshow`).set(organizer.auth).send(await pitchOn(e.id, e.u)).expect(201);
    return { path: `${base}/${e.id}/roadshow/${pitch.body.id}`, version: pitch.body.version as number };
  };

  // The shared live event E; its day has come (the meeting's slot 0 started a minute ago, its pitch before that).
  const E = await freshMeeting();
  const pitchOfU = (await request(app.http).post(`${base}/${E.id}/roadshow`).set(organizer.auth).send(await pitchOn(E.id, E.u)).expect(201)).body.id as string;
  await app.sql(`UPDATE events SET status = 'scheduled' WHERE id = $1`, [E.id]);
  await eventAction(app, organizer, E.id, 'publish');
  await slotUnderway(app, E.id, 0);
  await eventAction(app, organizer, E.id, 'start');
  await request(app.http).post(`${base}/${E.id}/meetings/${E.meetingId}/actions/held`).set(organizer.auth).send({}).expect(200);
  await request(app.http).post(`${base}/${E.id}/schedule`).set(organizer.auth).send({}).expect(202);
  const codeOfA = (await request(app.http).get(`${base}/${E.id}/participants/${E.a}`).set(A.auth).expect(200)).body.checkInCode as string;
  // An organisation none of the personas speaks for: added, registered and requested in their stead.
  const C = await registerOrganization(app, 'institute');
  const creditC = await creditCodeOf(C.organizationId!);
  const P = `${base}/${E.id}/participants/${E.a}`;
  const feed = (await request(app.http).get(`${P}/agenda`).set(A.auth).expect(200)).body.calendarPath as string;
  const R = `${base}/${E.id}/roadshow`;
  const noticeOfA = (await app.sql<{ id: string }>('SELECT id FROM notifications WHERE organization_id = $1 LIMIT 1', [A.organizationId]))[0]!.id;

  return {
    [`POST ${base}`]: { expect: { ...organizers(201), admin: 403 }, call: async () => ({ path: base, body: eventBody() }) },
    // Advertised: anonymous visitors see events past their draft too.
    [`GET ${base}`]: { expect: { ...signedIn(200), anonymous: 200 }, call: async () => ({ path: base }) },
    [`GET ${base}/{id}`]: { expect: { ...signedIn(200), anonymous: 200 }, call: async () => ({ path: `${base}/${E.id}` }) },
    [`POST ${base}/{id}/copies`]: { expect: { ...organizers(201), admin: 403 }, call: async () => ({ path: `${base}/${E.id}/copies`, body: { startsOn: chinaDay(60) } }) },
    [`PATCH ${base}/{id}`]: { expect: organizers(200), call: async () => ({ path: `${base}/${(await fresh('registration')).id}`, body: { version: 2, venue: '沈阳新世界博览馆' } }) },
    [`POST ${base}/{id}/actions/{action}`]: { expect: organizers(200), call: async () => ({ path: `${base}/${(await fresh('registration')).id}/actions/open_booking`, body: {} }) },
    [`POST ${base}/{id}/schedule`]: { expect: organizers(202), call: async () => ({ path: `${base}/${(await fresh('booking')).id}/schedule`, body: {} }) },
    [`GET ${base}/{id}/schedule`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/schedule` }) },
    [`GET ${base}/{id}/grid`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/grid` }) },
    [`POST ${base}/{id}/check-ins`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/check-ins`, body: { code: codeOfA } }) },
    [`GET ${base}/{id}/figures`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/figures` }) },
    [`GET ${base}/{id}/participants/export`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/participants/export?format=csv` }) },
    [`GET ${base}/{id}/meetings/export`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/meetings/export?format=csv` }) },
    // 路演: the organizers compose it; anyone reads it (advertised, without the interest counts outside the event);
    // approved participants (A, the university) register interest; the presenter follows up.
    [`GET ${base}/{id}/roadshow`]: { expect: { ...signedIn(200), anonymous: 200 }, call: async () => ({ path: R }) },
    [`GET ${base}/{id}/roadshow/export`]: { expect: organizers(200), call: async () => ({ path: `${R}/export?format=csv` }) },
    [`POST ${base}/{id}/roadshow`]: {
      expect: organizers(201),
      call: async () => {
        const e = await fresh('booking');
        return { path: `${base}/${e.id}/roadshow`, body: await pitchOn(e.id, e.u) };
      },
    },
    [`PATCH ${base}/{id}/roadshow/{pitchId}`]: {
      expect: organizers(200),
      call: async () => {
        const p = await freshPitch();
        return { path: p.path, body: { version: p.version, minutes: 12 } };
      },
    },
    [`DELETE ${base}/{id}/roadshow/{pitchId}`]: { expect: { ...organizers(204), university: 204 }, call: async () => ({ path: (await freshPitch()).path }) },
    [`PUT ${base}/{id}/roadshow/{pitchId}/interest`]: { expect: { ...organizers(403), enterpriseA: 200 }, call: async () => ({ path: `${R}/${pitchOfU}/interest`, body: { message: '意向' } }) },
    [`DELETE ${base}/{id}/roadshow/{pitchId}/interest`]: { expect: { ...organizers(204), enterpriseA: 204, university: 204 }, call: async () => ({ path: `${R}/${pitchOfU}/interest` }) },
    [`GET ${base}/{id}/roadshow/{pitchId}/interests`]: { expect: { ...organizers(200), university: 200 }, call: async () => ({ path: `${R}/${pitchOfU}/interests` }) },
    // The agenda feed's secret address is the credential (calendar apps cannot sign in).
    'GET /api/v1/calendars/{file}': { expect: { ...signedIn(200), anonymous: 200 }, call: async () => ({ path: feed }) },
    'GET /api/v1/notifications': { expect: signedIn(200), call: async () => ({ path: '/api/v1/notifications' }) },
    'POST /api/v1/notifications/read': { expect: signedIn(200), call: async () => ({ path: '/api/v1/notifications/read', body: {} }) },
    // A's notice: A and its broker; nobody else knows it exists.
    'POST /api/v1/notifications/{id}/read': {
      expect: { anonymous: 401, enterpriseA: 200, enterpriseB: 404, university: 404, brokerAssigned: 200, brokerUnassigned: 404, organizer: 404, admin: 404 },
      call: async () => ({ path: `/api/v1/notifications/${noticeOfA}/read`, body: {} }),
    },
    // Any organisation registers (admins act for none).
    [`POST ${base}/{id}/participants`]: { expect: { ...signedIn(201), admin: 403 }, call: async () => ({ path: `${base}/${(await fresh('registration')).id}/participants`, body: { side: 'observer' } }) },
    [`GET ${base}/{id}/invitations`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/invitations` }) },
    [`GET ${base}/{id}/participants`]: { expect: signedIn(200), call: async () => ({ path: `${base}/${E.id}/participants` }) },
    [`POST ${base}/{id}/participants/bulk`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/participants/bulk`, body: { participants: [{ creditCode: creditC, side: 'observer' }] } }) },
    [`POST ${base}/{id}/participants/import`]: {
      expect: organizers(200),
      call: async () => ({ path: `${base}/${E.id}/participants/import`, file: { name: 'participants.csv', content: `统一社会信用代码,角色\n${creditC},观察员\n` } }),
    },
    [`GET ${base}/{id}/participants/{participantId}`]: { expect: participantA(200, 200), call: async () => ({ path: P }) },
    [`PATCH ${base}/{id}/participants/{participantId}`]: { expect: participantA(200, 403), call: async () => ({ path: P, body: { unavailableSlots: [7] } }) },
    [`POST ${base}/{id}/participants/{participantId}/actions/{action}`]: {
      // A pending registration in a fresh event: only the organizers know it exists.
      expect: { anonymous: 401, enterpriseA: 404, enterpriseB: 404, university: 404, brokerAssigned: 404, brokerUnassigned: 404, organizer: 200, admin: 200 },
      call: async () => {
        const { id } = await fresh('registration');
        const reg = await request(app.http).post(`${base}/${id}/participants`).set(C.auth).send({ side: 'observer' }).expect(201);
        return { path: `${base}/${id}/participants/${reg.body.id}/actions/approve`, body: {} };
      },
    },
    [`GET ${base}/{id}/participants/{participantId}/recommendations`]: { expect: participantA(200, 403), call: async () => ({ path: `${P}/recommendations` }) },
    [`GET ${base}/{id}/participants/{participantId}/agenda`]: { expect: participantA(200, 403), call: async () => ({ path: `${P}/agenda` }) },
    [`GET ${base}/{id}/participants/{participantId}/agenda.ics`]: { expect: participantA(200, 403), call: async () => ({ path: `${P}/agenda.ics` }) },
    [`POST ${base}/{id}/participants/{participantId}/calendar-link`]: { expect: participantA(200, 403), call: async () => ({ path: `${P}/calendar-link`, body: {} }) },
    [`POST ${base}/{id}/requests`]: {
      // Approved participants ask (A and the university); a broker must name the organisation it acts for (X-Acting-Organization).
      expect: { anonymous: 401, enterpriseA: 201, enterpriseB: 403, university: 201, brokerAssigned: 403, brokerUnassigned: 403, organizer: 403, admin: 403 },
      call: async () => {
        const e = await fresh('booking', { bookingRule: 'any' });
        const other = await approvedParticipant(app, organizer, e.id, C, 'supply');
        return { path: `${base}/${e.id}/requests`, body: { counterpartId: other } };
      },
    },
    [`GET ${base}/{id}/requests`]: { expect: signedIn(200), call: async () => ({ path: `${base}/${E.id}/requests` }) },
    [`POST ${base}/{id}/requests/{requestId}/actions/{action}`]: {
      // Only the requested side accepts; the requester's side is refused; others see nothing.
      expect: { anonymous: 401, enterpriseA: 403, enterpriseB: 404, university: 200, brokerAssigned: 403, brokerUnassigned: 404, organizer: 403, admin: 403 },
      call: async () => {
        const e = await fresh('booking');
        const r = await request(app.http).post(`${base}/${e.id}/requests`).set(A.auth).send({ counterpartId: e.u }).expect(201);
        return { path: `${base}/${e.id}/requests/${r.body.id}/actions/accept`, body: {} };
      },
    },
    [`POST ${base}/{id}/meetings`]: {
      expect: organizers(201),
      call: async () => {
        const e = await fresh('booking');
        return { path: `${base}/${e.id}/meetings`, body: { requesterId: e.a, counterpartId: e.u, slot: 1, table: 1 } };
      },
    },
    [`GET ${base}/{id}/meetings`]: { expect: signedIn(200), call: async () => ({ path: `${base}/${E.id}/meetings` }) },
    [`POST ${base}/{id}/meetings/bulk`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/meetings/bulk`, body: { meetings: [{ requester: E.a, counterpart: E.u }] } }) },
    [`POST ${base}/{id}/meetings/import`]: { expect: organizers(200), call: async () => ({ path: `${base}/${E.id}/meetings/import`, file: { name: 'meetings.csv', content: `发起方,对方\n${E.a},${E.u}\n` } }) },
    [`PATCH ${base}/{id}/meetings/{meetingId}`]: {
      expect: organizers(200),
      call: async () => {
        const m = await freshMeeting();
        return { path: `${base}/${m.id}/meetings/${m.meetingId}`, body: { slot: 2, table: 1, version: 1 } };
      },
    },
    [`POST ${base}/{id}/meetings/{meetingId}/actions/{action}`]: {
      expect: organizers(200),
      call: async () => {
        const m = await freshMeeting();
        return { path: `${base}/${m.id}/meetings/${m.meetingId}/actions/unlock`, body: {} };
      },
    },
    [`POST ${base}/{id}/meetings/{meetingId}/feedback`]: {
      // The two sides (and A's broker) leave feedback; organizers may see the meeting but have no side.
      expect: { anonymous: 401, enterpriseA: 200, enterpriseB: 404, university: 200, brokerAssigned: 200, brokerUnassigned: 404, organizer: 403, admin: 403 },
      call: async () => ({ path: `${base}/${E.id}/meetings/${E.meetingId}/feedback`, body: { rating: 4, wantsFollowUp: false } }),
    },
  };
}
