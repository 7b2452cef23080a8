import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';
import { bookingEvent, eventBody } from '../support/events';
import { AnswerCheck, type BodyRoute } from '../support/fuzz';
import { publishedItem, verifiedOrganization } from '../support/catalog';
import { chinaDay } from '../support/days';

/**
 * Whatever a client sends to the 对接会 routes, the answer is never a 500: each valid body is
 * sent again with one field replaced by arbitrary JSON (or the whole body replaced), and every
 * answer must be a success or a 4xx with the one error shape.
 */
describe('对接会 routes never answer arbitrary input with a 500', () => {
  let app: TestApp;
  let organizer: Session;
  let enterprise: Session;
  let university: Session;
  let event: { id: string; participants: string[] };
  let meetingId: string;
  let requestId: string;
  let pitch: { id: string; body: Record<string, unknown> };

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    organizer = await userWithRole(app, 'organizer', 'government');
    enterprise = await registerOrganization(app, 'enterprise');
    university = await verifiedOrganization(app, 'university');
    event = await bookingEvent(app, organizer, [[enterprise, 'demand'], [university, 'supply']]);
    const [p1, pu1] = event.participants;
    const placed = await request(app.http).post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId: pu1, slot: 0, table: 0 }).expect(201);
    meetingId = placed.body.id;
    requestId = placed.body.requestId;
    const day = ((await request(app.http).get(`/api/v1/events/${event.id}`).set(organizer.auth).expect(200)).body.sessions[0].startsAt as string).slice(0, 10);
    const body = { participantId: pu1, achievementId: (await publishedItem(app, university, 'achievements')).id, title: '路演', startsAt: `${day}T08:00:00+08:00`, minutes: 10 };
    pitch = { id: (await request(app.http).post(`/api/v1/events/${event.id}/roadshow`).set(organizer.auth).send(body).expect(201)).body.id, body };
  });
  afterAll(() => app.close());

  const routes = (): BodyRoute[] => {
    const [p1, pu1] = event.participants;
    const e = `/api/v1/events/${event.id}`;
    return [
      { verb: 'post', path: '/api/v1/events', who: () => organizer, body: eventBody({ maxParticipants: 60 }) },
      // Nested objects: one session, the caps.
      { verb: 'post', path: '/api/v1/events', who: () => organizer, body: (eventBody().sessions as Array<Record<string, unknown>>)[0], wrap: (session) => ({ ...eventBody(), sessions: [session] }) },
      { verb: 'post', path: '/api/v1/events', who: () => organizer, body: { perParticipant: 3, perSession: 2, bySide: { supply: 2 }, breaksPerParticipant: 1 }, wrap: (caps) => ({ ...eventBody(), caps }) },
      { verb: 'patch', path: e, who: () => organizer, body: { version: 1, title: '修改', caps: { perParticipant: 3, bySide: { demand: 2 } } } },
      { verb: 'patch', path: `${e}/participants/${pu1}`, who: () => organizer, body: { sessionKeys: ['am'], unavailableSlots: [1], fixedTable: 1 } },
      { verb: 'post', path: `${e}/requests`, who: () => enterprise, body: { counterpartId: pu1, priority: 2, message: '你好', sessionKey: 'am' } },
      { verb: 'post', path: `${e}/meetings`, who: () => organizer, body: { requesterId: p1, counterpartId: pu1, slot: 1, table: 1, locked: true, priority: 2 } },
      { verb: 'patch', path: `${e}/meetings/${meetingId}`, who: () => organizer, body: { slot: 2, table: 0, version: 1 } },
      { verb: 'post', path: `${e}/participants/bulk`, who: () => organizer, body: { participants: [{ organizationId: university.organizationId, side: 'supply', sessionKeys: ['pm'] }] } },
      { verb: 'post', path: `${e}/meetings/bulk`, who: () => organizer, body: { meetings: [{ requester: p1, counterpart: pu1, priority: 1, sessionKey: 'pm' }] } },
      { verb: 'post', path: `${e}/check-ins`, who: () => organizer, body: { code: 'x' } },
      { verb: 'post', path: `${e}/meetings/${meetingId}/feedback`, who: () => enterprise, body: { rating: 3, wantsFollowUp: true, comment: 'x' } },
      { verb: 'post', path: `${e}/roadshow`, who: () => organizer, body: pitch.body },
      { verb: 'post', path: `${e}/copies`, who: () => organizer, body: { startsOn: chinaDay(90), title: '第二期' } },
      { verb: 'patch', path: `${e}/roadshow/${pitch.id}`, who: () => organizer, body: { version: 1, title: '新题目', startsAt: pitch.body.startsAt, minutes: 12 } },
      { verb: 'put', path: `${e}/roadshow/${pitch.id}/interest`, who: () => enterprise, body: { message: '意向' } },
    ];
  };

  it('replacing one field, or the whole body, with arbitrary JSON gives a 2xx or a 4xx in the error shape', async () => {
    const check = new AnswerCheck(app);
    await check.bodies(routes(), 25, 6);
    expect(check.problems).toEqual([]);
    expect([...check.statuses].filter((s) => s < 300).length).toBeGreaterThan(0);
    expect(check.statuses).toContain(400);
  });

  it('arbitrary query parameters on every event list give a 2xx or a 4xx in the error shape', async () => {
    const check = new AnswerCheck(app);
    const e = `/api/v1/events/${event.id}`;
    await check.lists(
      [
        ['/api/v1/events', organizer],
        [`${e}/participants`, organizer],
        [`${e}/invitations`, organizer],
        [`${e}/requests`, enterprise],
        [`${e}/meetings`, organizer],
        [`${e}/grid`, organizer],
        [`${e}/participants/${event.participants[0]}/recommendations`, enterprise],
        [`${e}/roadshow`, enterprise],
        [`${e}/roadshow/${pitch.id}/interests`, organizer],
        ['/api/v1/notifications', enterprise],
      ],
      ['status', 'mine', 'unread', 'page', 'pageSize', 'sessionKey', 'participantId', 'format', 'limit', 'upcoming', 'themeFieldCode'],
      30,
    );
    expect(check.problems).toEqual([]);
    expect(check.statuses).toContain(200);
    expect(check.statuses).toContain(400);
  });

  it('answers an action named after an inherited property (constructor, __proto__, toString…) with a 400 naming action', async () => {
    const e = `/api/v1/events/${event.id}`;
    const routes = [
      { path: `${e}/actions`, who: organizer },
      { path: `${e}/participants/${event.participants[0]}/actions`, who: organizer },
      { path: `${e}/requests/${requestId}/actions`, who: enterprise },
      { path: `${e}/meetings/${meetingId}/actions`, who: organizer },
    ];
    const answers: string[] = [];
    for (const route of routes) {
      for (const action of ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf']) {
        const res = await request(app.http).post(`${route.path}/${action}`).set(route.who.auth).send({});
        answers.push(`${route.path}/${action} → ${res.status} ${res.body.code} ${res.body.fields?.[0]?.field}`);
      }
    }
    expect(answers).toEqual(answers.map((a) => `${a.split(' → ')[0]} → 400 validation_failed action`));
  });
});
