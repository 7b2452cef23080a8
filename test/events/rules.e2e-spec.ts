import request from 'supertest';
import { creditCode, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { insertMatch } from '../support/matching';
import { acceptedRequest, bookingEvent, createEvent, eventAction, eventBody, scheduled } from '../support/events';
import { slotUnderway } from '../support/event-day';

describe('对接会 rules', () => {
  let app: TestApp;
  let organizer: Session;
  let otherOrganizer: Session;
  let e1: Session;
  let e2: Session;
  let u1: Session;
  let u2: Session;
  const http = () => request(app.http);

  beforeAll(async () => {
    app = await startTestApp();
    organizer = await userWithRole(app, 'organizer', 'government');
    otherOrganizer = await userWithRole(app, 'organizer', 'government');
    e1 = await registerOrganization(app, 'enterprise');
    e2 = await registerOrganization(app, 'enterprise');
    u1 = await registerOrganization(app, 'university');
    u2 = await registerOrganization(app, 'institute');
  });
  afterAll(() => app.close());

  describe('lifecycle and visibility', () => {
    it('refuses a step not allowed from the current state with a 409 naming both states', async () => {
      const { id } = await createEvent(app, organizer);
      const res = await http().post(`/api/v1/events/${id}/actions/publish`).set(organizer.auth).send({}).expect(409);
      expect(res.body).toMatchObject({ code: 'invalid_transition', details: { from: 'draft', to: 'published', action: 'publish' } });
      expect(res.body.message).toMatch(/draft/);
      const unknown = await http().post(`/api/v1/events/${id}/actions/explode`).set(organizer.auth).send({}).expect(400);
      expect(unknown.body.fields[0]).toMatchObject({ field: 'action', code: 'isIn' });
      expect((await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body.status).toBe('draft');
    });

    it('keeps drafts to their organizers (404 to others) and lets others see but not manage an open event (403)', async () => {
      const { id } = await createEvent(app, organizer);
      await http().get(`/api/v1/events/${id}`).set(e1.auth).expect(404);
      await http().get(`/api/v1/events/${id}`).set(otherOrganizer.auth).expect(404);
      expect((await http().get('/api/v1/events').set(e1.auth).expect(200)).body.items.map((e: { id: string }) => e.id)).not.toContain(id);
      await eventAction(app, organizer, id, 'open_registration');
      await http().get(`/api/v1/events/${id}`).set(e1.auth).expect(200);
      const res = await http().post(`/api/v1/events/${id}/actions/open_booking`).set(otherOrganizer.auth).send({}).expect(403);
      expect(res.body.code).toBe('not_organizer');
    });

    it('lists the events an organisation takes part in (我参加的), and shows each caller where its organisation stands', async () => {
      const [joined, leftAgain, other] = await Promise.all([1, 2, 3].map(async () => (await createEvent(app, organizer)).id));
      for (const id of [joined, leftAgain, other]) await eventAction(app, organizer, id, 'open_registration');
      const guest = await registerOrganization(app, 'enterprise');
      const register = async (eventId: string) => (await http().post(`/api/v1/events/${eventId}/participants`).set(guest.auth).send({ side: 'demand' }).expect(201)).body.id as string;
      const pending = await register(joined);
      const withdrawn = await register(leftAgain);
      await http().post(`/api/v1/events/${leftAgain}/participants/${withdrawn}/actions/withdraw`).set(guest.auth).send({}).expect(200);

      const mine = (await http().get('/api/v1/events').query({ participating: true, pageSize: 100 }).set(guest.auth).expect(200)).body.items as Array<{ id: string; myRegistration: unknown }>;
      expect(mine).toEqual([expect.objectContaining({ id: joined, myRegistration: { participantId: pending, status: 'pending', statusLabel: '待审核' } })]);
      const all = (await http().get('/api/v1/events').query({ pageSize: 100 }).set(guest.auth).expect(200)).body.items as Array<{ id: string; myRegistration: unknown }>;
      expect(all.find((e) => e.id === leftAgain)!.myRegistration).toEqual({ participantId: withdrawn, status: 'withdrawn', statusLabel: '已退出' });
      expect(all.find((e) => e.id === other)!.myRegistration).toBeNull();
      expect((await http().get(`/api/v1/events/${joined}`).set(guest.auth).expect(200)).body.myRegistration).toMatchObject({ participantId: pending, status: 'pending' });
      // Another organisation, and an anonymous visitor, see no registration of the guest's.
      expect((await http().get(`/api/v1/events/${joined}`).set(e1.auth).expect(200)).body.myRegistration).toBeNull();
      const anonymous = await http().get(`/api/v1/events/${joined}`).expect(200);
      expect(anonymous.body).not.toHaveProperty('myRegistration');
      expect((await http().get('/api/v1/events').query({ participating: true }).expect(200)).body.items).toEqual([]);
    });

    it('advertises an event past its draft to anonymous visitors, with its organizer’s name but without its online link', async () => {
      const draft = await createEvent(app, organizer, { title: '尚未公布的对接会' });
      const open = await createEvent(app, organizer, { title: '线上线下结合的储能专场', onlineUrl: 'https://meeting.example.cn/j/123456' });
      await eventAction(app, organizer, open.id, 'open_registration');
      const [{ name: organizerName }] = await app.sql<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [organizer.organizationId]);
      const listed = (await http().get('/api/v1/events').query({ pageSize: 100 }).expect(200)).body.items as Array<{ id: string; onlineUrl: string | null; organizerName: string }>;
      expect(listed.find((e) => e.id === open.id)).toMatchObject({ onlineUrl: null, organizerName });
      expect(listed.map((e) => e.id)).not.toContain(draft.id);
      const seen = await http().get(`/api/v1/events/${open.id}`).expect(200);
      expect(seen.body).toMatchObject({ title: '线上线下结合的储能专场', organizerName, onlineUrl: null, venue: expect.any(String), status: 'registration' });
      await http().get(`/api/v1/events/${draft.id}`).expect(404);
      expect((await http().get(`/api/v1/events/${open.id}`).set(e1.auth).expect(200)).body.onlineUrl).toBe('https://meeting.example.cn/j/123456');
      // Who takes part stays for the signed-in.
      await http().get(`/api/v1/events/${open.id}/participants`).expect(401);
    });

    it('names the field of every invalid set-up and accepts no owner or status from the client', async () => {
      const bad = await http()
        .post('/api/v1/events')
        .set(organizer.auth)
        .send(eventBody({ sessions: [{ key: 'AM!', name: '上午', startsAt: 'tomorrow', slotMinutes: 20, slotCount: 4, tables: 2 }] }))
        .expect(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['sessions.0.key', 'sessions.0.startsAt']));
      const overlapping = eventBody();
      const sessions = overlapping.sessions as Array<Record<string, unknown>>;
      sessions[1] = { ...sessions[1], startsAt: sessions[0].startsAt };
      const overlap = await http().post('/api/v1/events').set(organizer.auth).send(overlapping).expect(400);
      expect(overlap.body.fields[0]).toMatchObject({ field: 'sessions.1.startsAt', code: 'overlap' });
      const noPlace = await http().post('/api/v1/events').set(organizer.auth).send(eventBody({ venue: undefined })).expect(400);
      expect(noPlace.body.fields[0]).toMatchObject({ field: 'venue', code: 'venueOrOnline' });
      for (const field of ['status', 'organizerOrganizationId', 'agendaVersion']) {
        const res = await http().post('/api/v1/events').set(organizer.auth).send({ ...eventBody(), [field]: 'x' }).expect(400);
        expect(res.body.fields[0]).toMatchObject({ field, code: 'unknown_field' });
      }
      const enterprise = await http().post('/api/v1/events').set(e1.auth).send(eventBody()).expect(403);
      expect(enterprise.body.code).toBe('role_required');
    });

    it('refuses an edit based on an old version with a 409, and leaves the event unchanged', async () => {
      const { id, version } = await createEvent(app, organizer);
      await http().patch(`/api/v1/events/${id}`).set(organizer.auth).send({ version, title: '第一次修改后的对接会' }).expect(200);
      const stale = await http().patch(`/api/v1/events/${id}`).set(organizer.auth).send({ version, title: '基于旧版本的修改' }).expect(409);
      expect(stale.body.fields[0]).toMatchObject({ field: 'version' });
      expect((await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body.title).toBe('第一次修改后的对接会');
      // Fields that always have a value may be left out, not emptied; the optional ones may be cleared.
      for (const field of ['title', 'registrationClosesAt', 'sessions', 'bookingRule']) {
        const res = await http().patch(`/api/v1/events/${id}`).set(organizer.auth).send({ version: version + 1, [field]: null }).expect(400);
        expect(res.body.fields[0].field).toBe(field);
      }
      const cleared = await http().patch(`/api/v1/events/${id}`).set(organizer.auth).send({ version: version + 1, onlineUrl: 'https://meeting.example.cn/j/1', venue: null, registrationOpensAt: null }).expect(200);
      expect(cleared.body).toMatchObject({ venue: null, registrationOpensAt: null, onlineUrl: 'https://meeting.example.cn/j/1' });
    });
  });

  describe('sessions and the registrations that refer to them', () => {
    it('refuses a change of sessions that strands a registration, naming it, and requests between parties with no session in common', async () => {
      const { id } = await createEvent(app, organizer);
      await eventAction(app, organizer, id, 'open_registration');
      const pe1 = (await http().post(`/api/v1/events/${id}/participants`).set(e1.auth).send({ side: 'demand', sessionKeys: ['pm'], unavailableSlots: [5] }).expect(201)).body.id;
      await http().post(`/api/v1/events/${id}/participants/${pe1}/actions/approve`).set(organizer.auth).send({}).expect(200);
      const pu1 = (await http().post(`/api/v1/events/${id}/participants`).set(u1.auth).send({ side: 'supply', sessionKeys: ['am'] }).expect(201)).body.id;
      await http().post(`/api/v1/events/${id}/participants/${pu1}/actions/approve`).set(organizer.auth).send({}).expect(200);
      const current = (await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body;
      const [am, pm] = eventBody().sessions as Array<Record<string, unknown>>;
      // Dropping the afternoon leaves e1's session and blocked slot pointing at nothing.
      const dropped = await http().patch(`/api/v1/events/${id}`).set(organizer.auth).send({ version: current.version, sessions: [am] }).expect(409);
      expect(dropped.body).toMatchObject({ code: 'sessions_in_use', fields: [expect.objectContaining({ field: 'sessions', code: 'in_use' })] });
      expect(dropped.body.fields[0].message).toContain(pe1);
      expect(dropped.body.fields[0].message).toMatch(/session pm.*slot 5/);
      expect((await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body.sessions.map((s: { key: string }) => s.key)).toEqual(['am', 'pm']);
      // Adding tables to the morning changes nobody's choices: allowed.
      await http().patch(`/api/v1/events/${id}`).set(organizer.auth).send({ version: current.version, sessions: [{ ...am, tables: 3 }, pm] }).expect(200);
      await eventAction(app, organizer, id, 'open_booking');
      // e1 comes in the afternoon, u1 in the morning: they cannot meet, so they cannot request to.
      const res = await http().post(`/api/v1/events/${id}/requests`).set(e1.auth).send({ counterpartId: pu1 }).expect(400);
      expect(res.body.fields[0]).toMatchObject({ field: 'counterpartId', code: 'no_common_session' });
    });
  });

  describe('sessions and the meetings added before booking', () => {
    it('refuses dropping a session a meeting added in bulk is bound to, naming the request', async () => {
      const { id } = await createEvent(app, organizer);
      await eventAction(app, organizer, id, 'open_registration');
      const parties = await http().post(`/api/v1/events/${id}/participants/bulk`).set(organizer.auth)
        .send({ participants: [{ organizationId: e1.organizationId, side: 'demand' }, { organizationId: u1.organizationId, side: 'supply' }] }).expect(200);
      expect(parties.body.created).toBe(2);
      await http().post(`/api/v1/events/${id}/meetings/bulk`).set(organizer.auth).send({ meetings: [{ requester: e1.organizationId, counterpart: u1.organizationId, sessionKey: 'pm' }] }).expect(200);
      const [{ id: requestId }] = await app.sql<{ id: string }>(`SELECT id FROM meeting_requests WHERE event_id = $1`, [id]);
      const { version } = (await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body;
      const [am] = eventBody().sessions as Array<Record<string, unknown>>;
      const dropped = await http().patch(`/api/v1/events/${id}`).set(organizer.auth).send({ version, sessions: [am] }).expect(409);
      expect(dropped.body).toMatchObject({ code: 'sessions_in_use', fields: [expect.objectContaining({ field: 'sessions', code: 'in_use', message: `meeting request ${requestId} attends session pm` })] });
      expect((await http().get(`/api/v1/events/${id}`).set(organizer.auth).expect(200)).body.sessions).toHaveLength(2);
    });
  });

  describe('a participant changing its sessions after a request was accepted', () => {
    it('is refused while an accepted request would be left with no session both attend, naming it, and allowed once that request is cancelled', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [pe1, pu1] = event.participants;
      const forMorning = await acceptedRequest(app, event.id, e1, u1, pu1, { sessionKey: 'am' });
      const anySession = await acceptedRequest(app, event.id, e1, u2, event.participants[2]);
      const participant = () => http().get(`/api/v1/events/${event.id}/participants/${pe1}`).set(e1.auth).expect(200);

      // The afternoon only: the request for the morning could no longer take place.
      const refused = await http().patch(`/api/v1/events/${event.id}/participants/${pe1}`).set(e1.auth).send({ sessionKeys: ['pm'], unavailableSlots: [6] }).expect(409);
      expect(refused.body).toMatchObject({ code: 'no_common_session', fields: [{ field: 'sessionKeys', code: 'no_common_session' }] });
      expect(refused.body.fields[0].message).toContain(forMorning);
      expect(refused.body.fields[0].message).toMatch(/session am/);
      expect((await participant()).body).toMatchObject({ sessionKeys: [], unavailableSlots: [] });
      // Nor may the other side, or the organizers for them, take that way out, one by one or in bulk.
      await http().patch(`/api/v1/events/${event.id}/participants/${pu1}`).set(organizer.auth).send({ sessionKeys: ['pm'] }).expect(409);
      const inBulk = await http().post(`/api/v1/events/${event.id}/participants/bulk`).set(organizer.auth).send({ participants: [{ organizationId: u1.organizationId, side: 'supply', sessionKeys: ['pm'] }] }).expect(400);
      expect(inBulk.body.fields).toEqual([expect.objectContaining({ field: 'participants.0.sessionKeys', code: 'no_common_session', message: expect.stringContaining(forMorning) })]);
      expect((await http().get(`/api/v1/events/${event.id}/participants/${pu1}`).set(organizer.auth).expect(200)).body.sessionKeys).toEqual([]);

      // The morning keeps both requests placeable.
      await http().patch(`/api/v1/events/${event.id}/participants/${pe1}`).set(e1.auth).send({ sessionKeys: ['am'] }).expect(200);
      // u2 goes to the afternoon only: its request with e1 (now morning only) would strand.
      const other = await http().patch(`/api/v1/events/${event.id}/participants/${event.participants[2]}`).set(u2.auth).send({ sessionKeys: ['pm'] }).expect(409);
      expect(other.body.fields.map((f: { message: string }) => f.message).join()).toContain(anySession);

      await http().post(`/api/v1/events/${event.id}/requests/${forMorning}/actions/cancel`).set(e1.auth).send({}).expect(200);
      await http().post(`/api/v1/events/${event.id}/requests/${anySession}/actions/cancel`).set(e1.auth).send({}).expect(200);
      await http().patch(`/api/v1/events/${event.id}/participants/${pe1}`).set(e1.auth).send({ sessionKeys: ['pm'] }).expect(200);
      expect((await participant()).body.sessionKeys).toEqual(['pm']);
    });
  });

  describe('meeting requests from a match', () => {
    it('are refused on a match one side dismissed, until it is restored', async () => {
      const [enterprise, university] = await Promise.all([registerOrganization(app, 'enterprise'), registerOrganization(app, 'university')]);
      for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
      const matchId = await insertMatch(app, (await publishedItem(app, enterprise, 'demands')).id, (await publishedItem(app, university, 'achievements')).id);
      const event = await bookingEvent(app, organizer, [[enterprise, 'demand'], [university, 'supply']]);
      await http().post(`/api/v1/matches/${matchId}/actions/dismiss`).set(enterprise.auth).send({ reason: '方向不符' }).expect(200);
      const refused = await http().post(`/api/v1/events/${event.id}/requests`).set(university.auth).send({ matchId }).expect(409);
      expect(refused.body.details).toMatchObject({ from: 'dismissed', action: 'request a meeting' });
      expect(await app.sql('SELECT 1 FROM meeting_requests WHERE event_id = $1', [event.id])).toEqual([]);
      await http().post(`/api/v1/matches/${matchId}/actions/restore`).set(enterprise.auth).send({}).expect(200);
      await http().post(`/api/v1/events/${event.id}/requests`).set(university.auth).send({ matchId }).expect(201);
    });
  });

  describe('meeting requests', () => {
    it('follows who may book whom, refuses a second open request between the same two, and expires pending ones at the deadline', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']], { bookingRule: 'demand_to_supply' });
      const [p1, pu1, pu2] = event.participants;
      const wrongWay = await http().post(`/api/v1/events/${event.id}/requests`).set(u1.auth).send({ counterpartId: p1 }).expect(403);
      expect(wrongWay.body).toMatchObject({ code: 'booking_rule', fields: [{ field: 'counterpartId' }] });
      await http().post(`/api/v1/events/${event.id}/requests`).set(e1.auth).send({ counterpartId: pu1 }).expect(201);
      const again = await http().post(`/api/v1/events/${event.id}/requests`).set(e1.auth).send({ counterpartId: pu1 }).expect(409);
      expect(again.body.fields[0]).toMatchObject({ field: 'counterpartId', code: 'taken' });
      const bad = await http().post(`/api/v1/events/${event.id}/requests`).set(e1.auth).send({ counterpartId: pu2, sessionKey: 'night', priority: 9 }).expect(400);
      expect(bad.body.fields[0]).toMatchObject({ field: 'priority' });
      const noSession = await http().post(`/api/v1/events/${event.id}/requests`).set(e1.auth).send({ counterpartId: pu2, sessionKey: 'night' }).expect(400);
      expect(noSession.body.fields[0]).toMatchObject({ field: 'sessionKey', code: 'isIn' });
      const outsider = await http().post(`/api/v1/events/${event.id}/requests`).set(e2.auth).send({ counterpartId: pu2 }).expect(403);
      expect(outsider.body.code).toBe('not_participant');

      // The booking deadline passes: the pending request expires and can no longer be accepted.
      await app.sql(`UPDATE events SET booking_closes_at = now() - interval '1 minute' WHERE id = $1`, [event.id]);
      const list = await http().get(`/api/v1/events/${event.id}/requests`).set(u1.auth).expect(200);
      expect(list.body.map((r: { status: string }) => r.status)).toEqual(['expired']);
      const late = await http().post(`/api/v1/events/${event.id}/requests/${list.body[0].id}/actions/accept`).set(u1.auth).send({}).expect(409);
      expect(late.body.details).toMatchObject({ from: 'expired', to: 'accepted' });
    });

    it('a declined request is final, and its requester is told; only the requested side declines', async () => {
      const event = await bookingEvent(app, organizer, [[e2, 'demand'], [u2, 'supply']]);
      const [, pu2] = event.participants;
      const asked = await http().post(`/api/v1/events/${event.id}/requests`).set(e2.auth).send({ counterpartId: pu2, message: '希望交流' }).expect(201);
      const ownSide = await http().post(`/api/v1/events/${event.id}/requests/${asked.body.id}/actions/decline`).set(e2.auth).send({}).expect(403);
      expect(ownSide.body.code).toBe('not_counterpart');
      await http().post(`/api/v1/events/${event.id}/requests/${asked.body.id}/actions/decline`).set(u2.auth).send({}).expect(200);
      const told = await http().get('/api/v1/notifications').query({ kind: 'event.request_declined' }).set(e2.auth).expect(200);
      expect(told.body.items).toEqual([expect.objectContaining({ title: expect.stringContaining('洽谈邀约未被接受'), subject: { eventId: event.id, requestId: asked.body.id } })]);
      const late = await http().post(`/api/v1/events/${event.id}/requests/${asked.body.id}/actions/accept`).set(u2.auth).send({}).expect(409);
      expect(late.body.details).toMatchObject({ from: 'declined', to: 'accepted' });
    });
  });

  describe('double booking', () => {
    it('lets exactly one of two concurrent placements at one table win; the other gets a 409 naming the table', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [e2, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, p2, pu1, pu2] = event.participants;
      const place = (a: string, b: string, slot: number, table: number) => http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: a, counterpartId: b, slot, table });
      const sameTable = await Promise.all([place(p1, pu1, 2, 1), place(p2, pu2, 2, 1)]);
      expect(sameTable.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(sameTable.find((r) => r.status === 409)!.body.fields[0]).toMatchObject({ field: 'table', code: 'taken' });

      // One participant at two tables in the same slot: one wins, the other is told the slot is taken.
      const winner = sameTable.find((r) => r.status === 201)!.body;
      const loserPair = winner.requesterId === p1 ? [p2, pu2] : [p1, pu1];
      const samePerson = await Promise.all([place(loserPair[0], pu1 === loserPair[1] ? pu2 : pu1, 3, 0), place(loserPair[0], loserPair[1], 3, 1)]);
      expect(samePerson.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(samePerson.find((r) => r.status === 409)!.body.fields[0]).toMatchObject({ field: 'slot', code: 'taken' });

      // Moving a meeting onto a taken table is refused and leaves it where it was.
      const meetings = (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; slot: number; table: number; version: number }>;
      const [first, second] = meetings;
      const moved = await http().patch(`/api/v1/events/${event.id}/meetings/${second.id}`).set(organizer.auth).send({ slot: first.slot, table: first.table, version: second.version }).expect(409);
      expect(moved.body.fields[0].field).toMatch(/table|slot/);
      const after = (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body.find((m: { id: string }) => m.id === second.id);
      expect(after).toMatchObject({ slot: second.slot, table: second.table, version: second.version });
      const rows = await app.sql<{ n: number }>(`SELECT count(*)::int AS n FROM meetings WHERE event_id = $1 AND status <> 'cancelled'`, [event.id]);
      expect(rows[0].n).toBe(2);
    });

    it('refuses a slot a participant marked unavailable and a table that does not exist', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']]);
      const [p1, pu1] = event.participants;
      await http().patch(`/api/v1/events/${event.id}/participants/${pu1}`).set(u1.auth).send({ unavailableSlots: [5] }).expect(200);
      const away = await http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId: pu1, slot: 5, table: 0 }).expect(409);
      expect(away.body.fields[0]).toMatchObject({ field: 'slot', code: 'unavailable' });
      const noTable = await http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId: pu1, slot: 4, table: 7 }).expect(400);
      expect(noTable.body.fields[0]).toMatchObject({ field: 'table' });
      const noSlot = await http().patch(`/api/v1/events/${event.id}/participants/${pu1}`).set(u1.auth).send({ unavailableSlots: [99] }).expect(400);
      expect(noSlot.body.fields[0]).toMatchObject({ field: 'unavailableSlots.0' });
      for (const field of ['unavailableSlots', 'sessionKeys']) {
        const res = await http().patch(`/api/v1/events/${event.id}/participants/${pu1}`).set(u1.auth).send({ [field]: null }).expect(400);
        expect(res.body.fields[0].field).toBe(field);
      }
      const badPriority = await http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId: pu1, slot: 4, table: 0, priority: null }).expect(400);
      expect(badPriority.body.fields[0].field).toBe('priority');
      const booth = await http().patch(`/api/v1/events/${event.id}/participants/${pu1}`).set(u1.auth).send({ fixedTable: 1 }).expect(403);
      expect(booth.body.fields[0]).toMatchObject({ field: 'fixedTable' });
    });
  });

  describe('bulk additions', () => {
    it('adds participants and accepted meetings from JSON and spreadsheets, all rows or none, naming the bad row', async () => {
      const { id } = await createEvent(app, organizer);
      await eventAction(app, organizer, id, 'open_registration');
      const code = async (s: Session) => (await app.sql<{ credit_code: string }>('SELECT credit_code FROM organizations WHERE id = $1', [s.organizationId]))[0]!.credit_code;
      const bad = await http()
        .post(`/api/v1/events/${id}/participants/bulk`)
        .set(organizer.auth)
        .send({ participants: [{ creditCode: await code(e1), side: 'demand' }, { creditCode: '91210211MA0000000X', side: 'supply' }] })
        .expect(400);
      expect(bad.body.fields[0]).toMatchObject({ field: 'participants.1.creditCode', code: 'unknown' });
      expect((await http().get(`/api/v1/events/${id}/participants`).set(organizer.auth).expect(200)).body).toEqual([]);

      const csv = `统一社会信用代码,角色,场次\n${await code(e1)},需求方,am\n${await code(u1)},供给方,\n${await code(u2)},嘉宾,\n`;
      const badSheet = await http().post(`/api/v1/events/${id}/participants/import`).set(organizer.auth).attach('file', Buffer.from(csv), 'list.csv').expect(400);
      expect(badSheet.body.fields[0]).toMatchObject({ field: 'row 4.角色', code: 'isIn' });
      const twoFiles = await http().post(`/api/v1/events/${id}/participants/import`).set(organizer.auth).attach('file', Buffer.from(csv), 'a.csv').attach('file', Buffer.from(csv), 'b.csv').expect(400);
      expect(twoFiles.body.fields).toEqual([expect.objectContaining({ field: 'file', code: 'maxCount' })]);
      // An invitation's 单位名称 longer than it keeps is refused by row, as the JSON route refuses it.
      const longName = await http().post(`/api/v1/events/${id}/participants/import`).set(organizer.auth)
        .attach('file', Buffer.from(`邮箱,单位名称,角色\nnew-${Date.now()}@example.test,${'很长的单位名称'.repeat(30)},需求方\n`), 'list.csv').expect(400);
      expect(longName.body.fields).toEqual([expect.objectContaining({ field: 'row 2.organizationName', code: 'maxLength' })]);
      // An address a mailer would read as another ("a,b@x" goes to b@x) is no address.
      const oddAddress = await http().post(`/api/v1/events/${id}/participants/import`).set(organizer.auth)
        .attach('file', Buffer.from('邮箱,角色\n"foo,bar@example.test",需求方\n'), 'list.csv').expect(400);
      expect(oddAddress.body.fields).toEqual([expect.objectContaining({ field: 'row 2.email', code: 'isEmail' })]);
      const good = await http().post(`/api/v1/events/${id}/participants/import`).set(organizer.auth).attach('file', Buffer.from(csv.replace('嘉宾', '供给方')), 'list.csv').expect(200);
      expect(good.body).toEqual({ created: 3, updated: 0, unchanged: 0, invited: 0 });
      const listed = (await http().get(`/api/v1/events/${id}/participants`).set(organizer.auth).expect(200)).body as Array<{ id: string; organizationId: string; status: string; sessionKeys: string[] }>;
      // Each organisation added learns it is in, as one approved by hand does.
      const told = (await http().get('/api/v1/notifications').query({ kind: 'event.participant_approved' }).set(u2.auth).expect(200)).body.items as Array<{ subject: { participantId: string } }>;
      expect(told.map((n) => n.subject.participantId)).toContain(listed.find((p) => p.organizationId === u2.organizationId)!.id);
      expect(listed.map((p) => p.status)).toEqual(['approved', 'approved', 'approved']);
      expect(listed.find((p) => p.organizationId === e1.organizationId)!.sessionKeys).toEqual(['am']);

      const meetings = await http().post(`/api/v1/events/${id}/meetings/import`).set(organizer.auth).attach('file', Buffer.from(`发起方,对方,优先级\n${await code(e1)},${await code(u1)},2\n${await code(e1)},${await code(u2)},\n`), 'm.csv').expect(200);
      expect(meetings.body).toEqual({ created: 2, updated: 0, unchanged: 0 });
      const again = await http().post(`/api/v1/events/${id}/meetings/bulk`).set(organizer.auth).send({ meetings: [{ requester: e1.organizationId, counterpart: u1.organizationId }] }).expect(200);
      expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 1 });
      const unknown = await http().post(`/api/v1/events/${id}/meetings/bulk`).set(organizer.auth).send({ meetings: [{ requester: e1.organizationId, counterpart: e2.organizationId }] }).expect(400);
      expect(unknown.body.fields[0]).toMatchObject({ field: 'meetings.0.counterpart', code: 'not_participant' });
      const requests = (await http().get(`/api/v1/events/${id}/requests`).set(organizer.auth).expect(200)).body as Array<{ status: string; priority: number; source: string }>;
      expect(requests.map((r) => [r.status, r.source]).sort()).toEqual([['accepted', 'organizer'], ['accepted', 'organizer']]);
    });
  });

  describe('bulk side changes', () => {
    it('refuses to turn a participant with open requests or meetings into an observer, naming the row, and changes nothing', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, pu1, pu2] = event.participants;
      const meeting = await http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId: pu1, slot: 0, table: 0 }).expect(201);
      const res = await http().post(`/api/v1/events/${event.id}/participants/bulk`).set(organizer.auth)
        .send({ participants: [{ organizationId: u2.organizationId, side: 'observer' }, { organizationId: u1.organizationId, side: 'observer' }] }).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'participants.1.side', code: 'has_meetings' })]);
      const participants = (await http().get(`/api/v1/events/${event.id}/participants`).set(organizer.auth).expect(200)).body as Array<{ id: string; side: string }>;
      expect(Object.fromEntries(participants.map((p) => [p.id, p.side]))).toEqual({ [p1]: 'demand', [pu1]: 'supply', [pu2]: 'supply' });
      expect((await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body).toEqual([expect.objectContaining({ id: meeting.body.id, status: 'scheduled' })]);
      // One with nothing open may change.
      await http().post(`/api/v1/events/${event.id}/participants/bulk`).set(organizer.auth).send({ participants: [{ organizationId: u2.organizationId, side: 'observer' }] }).expect(200);
    });
  });

  describe('invitations by e-mail', () => {
    it('adds the verified organisation of a known address at once and invites any other address, approved when it registers with the code', async () => {
      const { id } = await createEvent(app, organizer);
      await eventAction(app, organizer, id, 'open_registration');
      const known = await registerOrganization(app, 'enterprise');
      await verifyOrganization(app, known.organizationId!);
      // Signing up proves no address: a member of an unverified organisation is invited like a stranger.
      const unverified = await registerOrganization(app, 'enterprise');
      const newcomerEmail = `newcomer-${Date.now()}@example.test`;
      const added = await http()
        .post(`/api/v1/events/${id}/participants/bulk`)
        .set(organizer.auth)
        .send({
          participants: [
            { email: known.email.toUpperCase(), side: 'demand' },
            { email: newcomerEmail, organizationName: '沈阳新材料研究院', side: 'supply', sessionKeys: ['pm'] },
            { email: unverified.email, side: 'demand' },
          ],
        })
        .expect(200);
      expect(added.body).toEqual({ created: 1, updated: 0, unchanged: 0, invited: 2 });
      const invitations = await http().get(`/api/v1/events/${id}/invitations`).set(organizer.auth).expect(200);
      expect(invitations.body).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ email: newcomerEmail, organizationName: '沈阳新材料研究院', side: 'supply', participantId: null, invitationToken: expect.any(String) }),
          expect.objectContaining({ email: unverified.email, side: 'demand', participantId: null, invitationToken: expect.any(String) }),
        ]),
      );
      expect(invitations.body).toHaveLength(2);
      const participants = (await http().get(`/api/v1/events/${id}/participants`).set(organizer.auth).expect(200)).body as Array<{ organizationId: string }>;
      expect(participants.map((p) => p.organizationId)).toEqual([known.organizationId]);
      const badEmail = await http().post(`/api/v1/events/${id}/participants/bulk`).set(organizer.auth).send({ participants: [{ email: 'not-an-address', side: 'demand' }] }).expect(400);
      expect(badEmail.body.fields[0]).toMatchObject({ field: 'participants.0.email' });

      // The invited contact signs up with a new organisation and registers with the invitation's code: approved at once, on the invited side and sessions.
      const res = await http()
        .post('/api/v1/auth/register')
        .send({ email: newcomerEmail, password: 'Correct-horse-42', displayName: '新来者', organization: { type: 'institute', name: '沈阳新材料研究院', creditCode: creditCode(), regionCode: '210102' } })
        .expect(201);
      const newcomer = { Authorization: `Bearer ${res.body.tokens.accessToken}` };
      const newcomersCode = (invitations.body as Array<{ email: string; invitationToken: string }>).find((i) => i.email === newcomerEmail)!.invitationToken;
      const registered = await http().post(`/api/v1/events/${id}/participants`).set(newcomer).send({ side: 'observer', invitationToken: newcomersCode }).expect(201);
      expect(registered.body).toMatchObject({ status: 'approved', side: 'supply', sessionKeys: ['pm'] });
      const after = await http().get(`/api/v1/events/${id}/invitations`).set(organizer.auth).expect(200);
      expect((after.body as Array<{ email: string }>).find((i) => i.email === newcomerEmail)).toMatchObject({ participantId: registered.body.id, invitationToken: null });
    });
  });

  describe('the scheduler report', () => {
    it('names each request it could not place, its two participants and why, against the bound', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [e2, 'demand'], [u1, 'supply'], [u2, 'supply']], { caps: { perParticipant: 1 } });
      const [p1, p2, pu1, pu2] = event.participants;
      // u1 blocks every morning slot; a request limited to the morning cannot meet it.
      await http().patch(`/api/v1/events/${event.id}/participants/${pu1}`).set(u1.auth).send({ unavailableSlots: [0, 1, 2, 3] }).expect(200);
      const morning = await acceptedRequest(app, event.id, e1, u1, pu1, { sessionKey: 'am' });
      // e2 may have one meeting only: of its two requests, the one of higher priority is placed.
      await acceptedRequest(app, event.id, e2, u2, pu2, { priority: 3 });
      const second = await acceptedRequest(app, event.id, e2, u1, pu1, { priority: 1 });
      const run = await scheduled(app, organizer, event.id);
      expect(run.report).toMatchObject({ requests: 3, scheduled: 1, scheduledWeight: 3, upperBound: 3, gapPercent: 0 });
      const byRequest = Object.fromEntries(run.report.unscheduled.map((u) => [u.requestId, u]));
      expect(byRequest[morning]).toMatchObject({ requesterId: p1, counterpartId: pu1, reason: 'no_common_slot', detail: expect.any(String) });
      expect(byRequest[second]).toMatchObject({ requesterId: p2, counterpartId: pu1, reason: 'cap_reached' });
    });
  });

  describe('locked meetings', () => {
    it('stay exactly where the organizer put them when the scheduler runs, and the others fit around them', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, pu1, pu2] = event.participants;
      const placed = await http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId: pu1, slot: 7, table: 1 }).expect(201);
      expect(placed.body).toMatchObject({ locked: true, status: 'scheduled' });
      await acceptedRequest(app, event.id, e1, u2, pu2);
      const run = await scheduled(app, organizer, event.id);
      expect(run.report).toMatchObject({ requests: 2, scheduled: 2 });
      const meetings = (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; slot: number; table: number; requesterId: string; counterpartId: string }>;
      expect(meetings.find((m) => m.id === placed.body.id)).toMatchObject({ slot: 7, table: 1 });
      const other = meetings.find((m) => m.counterpartId === pu2)!;
      expect(other.slot).not.toBe(7);
    });
  });

  describe('the day', () => {
    it('marks meetings only on the day, takes feedback only after a held meeting, and counts no-shows', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, pu1, pu2] = event.participants;
      const place = (counterpartId: string, slot: number) => http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId, slot, table: 0 }).expect(201);
      const first = (await place(pu1, 0)).body.id as string;
      const second = (await place(pu2, 1)).body.id as string;
      const early = await http().post(`/api/v1/events/${event.id}/meetings/${first}/actions/held`).set(organizer.auth).send({}).expect(409);
      expect(early.body.details).toMatchObject({ from: 'booking', action: 'held' });
      const notYet = await http().post(`/api/v1/events/${event.id}/actions/start`).set(organizer.auth).send({}).expect(409);
      expect(notYet.body.details).toMatchObject({ from: 'booking', to: 'live' });
      await app.sql(`UPDATE events SET status = 'scheduled' WHERE id = $1`, [event.id]);
      await eventAction(app, organizer, event.id, 'publish');
      await slotUnderway(app, event.id, 1);
      await eventAction(app, organizer, event.id, 'start');
      const wrongCode = await http().post(`/api/v1/events/${event.id}/check-ins`).set(organizer.auth).send({ code: 'not-a-badge' }).expect(400);
      expect(wrongCode.body.fields[0]).toMatchObject({ field: 'code', code: 'unknown' });
      const tooSoon = await http().post(`/api/v1/events/${event.id}/meetings/${first}/feedback`).set(e1.auth).send({ rating: 4, wantsFollowUp: true }).expect(409);
      expect(tooSoon.body.code).toBe('invalid_transition');
      await http().post(`/api/v1/events/${event.id}/meetings/${first}/actions/held`).set(organizer.auth).send({}).expect(200);
      await http().post(`/api/v1/events/${event.id}/meetings/${second}/actions/no_show`).set(organizer.auth).send({}).expect(200);
      const outsider = await http().post(`/api/v1/events/${event.id}/meetings/${first}/feedback`).set(u2.auth).send({ rating: 4, wantsFollowUp: true }).expect(404);
      expect(outsider.body.code).toBe('meeting_not_found');
      const badRating = await http().post(`/api/v1/events/${event.id}/meetings/${first}/feedback`).set(u1.auth).send({ rating: 6, wantsFollowUp: true }).expect(400);
      expect(badRating.body.fields[0]).toMatchObject({ field: 'rating' });
      const fb = await http().post(`/api/v1/events/${event.id}/meetings/${first}/feedback`).set(u1.auth).send({ rating: 4, wantsFollowUp: false }).expect(200);
      expect(fb.body).toMatchObject({ counterpartFeedback: { rating: 4, wantsFollowUp: false }, requesterFeedback: null, matchState: null });
      const figures = await http().get(`/api/v1/events/${event.id}/figures`).set(organizer.auth).expect(200);
      expect(figures.body).toMatchObject({ meetings: { held: 1, noShow: 1 }, noShowRate: 50, followUps: 0, feedbacks: 1, averageRating: 4 });
    });

    it('lets a participant call off a published meeting before the day ends, telling the organizers, but nothing once the event is closed', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, pu1, pu2] = event.participants;
      const place = (counterpartId: string, slot: number) => http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId, slot, table: 0 }).expect(201);
      const first = (await place(pu1, 0)).body;
      const second = (await place(pu2, 1)).body;
      await app.sql(`UPDATE events SET status = 'scheduled' WHERE id = $1`, [event.id]);
      await eventAction(app, organizer, event.id, 'publish');
      await slotUnderway(app, event.id, 1);
      await eventAction(app, organizer, event.id, 'start');
      // Live: u1 cannot come. Its meeting is cancelled, and the organizers and e1 are told in the app.
      await http().post(`/api/v1/events/${event.id}/requests/${first.requestId}/actions/cancel`).set(u1.auth).send({}).expect(200);
      const meetings = async () => (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; status: string }>;
      expect((await meetings()).find((m) => m.id === first.id)?.status).toBe('cancelled');
      for (const reader of [organizer, e1]) {
        const notices = (await http().get('/api/v1/notifications').set(reader.auth).expect(200)).body.items as Array<{ kind: string; subject: Record<string, string> }>;
        expect(notices).toContainEqual(expect.objectContaining({ kind: 'event.meeting_cancelled', subject: { eventId: event.id, requestId: first.requestId } }));
      }
      const ownNotices = (await http().get('/api/v1/notifications').set(u1.auth).expect(200)).body.items as Array<{ kind: string }>;
      expect(ownNotices.map((n) => n.kind)).not.toContain('event.meeting_cancelled');
      // A held meeting is a record of the day: not cancellable.
      await http().post(`/api/v1/events/${event.id}/meetings/${second.id}/actions/held`).set(organizer.auth).send({}).expect(200);
      const afterHeld = await http().post(`/api/v1/events/${event.id}/requests/${second.requestId}/actions/cancel`).set(e1.auth).send({}).expect(409);
      expect(afterHeld.body.details).toMatchObject({ from: 'held', action: 'cancel' });
      // Closed: the figures are final, so nothing is cancelled any more.
      await eventAction(app, organizer, event.id, 'close');
      const before = (await http().get(`/api/v1/events/${event.id}/figures`).set(organizer.auth).expect(200)).body;
      const closed = await http().post(`/api/v1/events/${event.id}/requests/${second.requestId}/actions/cancel`).set(u2.auth).send({}).expect(409);
      expect(closed.body.details).toMatchObject({ from: 'closed', action: 'cancel' });
      expect((await meetings()).find((m) => m.id === second.id)?.status).toBe('held');
      expect((await http().get(`/api/v1/events/${event.id}/figures`).set(organizer.auth).expect(200)).body).toEqual(before);
    });

    it('tells the other side of each published meeting when a participant leaves, withdrawn or turned away', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, pu1, pu2] = event.participants;
      const place = (counterpartId: string, slot: number) => http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId, slot, table: 0 }).expect(201);
      const first = (await place(pu1, 0)).body;
      const second = (await place(pu2, 2)).body;
      await app.sql(`UPDATE events SET status = 'scheduled' WHERE id = $1`, [event.id]);
      await eventAction(app, organizer, event.id, 'publish');
      const cancelledFor = async (reader: Session) =>
        ((await http().get('/api/v1/notifications').query({ kind: 'event.meeting_cancelled', pageSize: 100 }).set(reader.auth).expect(200)).body.items as Array<{ body: string; subject: Record<string, string> }>).filter((n) => n.subject.eventId === event.id);

      await http().post(`/api/v1/events/${event.id}/participants/${pu1}/actions/withdraw`).set(u1.auth).send({}).expect(200);
      await http().post(`/api/v1/events/${event.id}/participants/${pu2}/actions/reject`).set(organizer.auth).send({}).expect(200);
      const told = await cancelledFor(e1);
      expect(told.map((n) => n.subject.requestId).sort()).toEqual([first.requestId, second.requestId].sort());
      expect(told.find((n) => n.subject.requestId === first.requestId)!.body).toContain('第 1 时段');
      expect(told.find((n) => n.subject.requestId === second.requestId)!.body).toContain('第 3 时段');
      // Those who left know; why the organizers turned one away is not the other side's to read.
      expect(await cancelledFor(u1)).toEqual([]);
      expect(await cancelledFor(u2)).toEqual([]);
      expect(told.map((n) => n.body).join()).not.toMatch(/拒绝|未通过|未批准/);
    });

    it('cancels the requests and meetings of a participant that withdraws', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply']]);
      const [p1, pu1] = event.participants;
      const meeting = await http().post(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).send({ requesterId: p1, counterpartId: pu1, slot: 2, table: 1 }).expect(201);
      await http().post(`/api/v1/events/${event.id}/participants/${pu1}/actions/withdraw`).set(u1.auth).send({}).expect(200);
      const [after] = (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body;
      expect(after).toMatchObject({ id: meeting.body.id, status: 'cancelled' });
      const [request] = (await http().get(`/api/v1/events/${event.id}/requests`).set(organizer.auth).expect(200)).body;
      expect(request.status).toBe('cancelled');
      const again = await http().post(`/api/v1/events/${event.id}/participants/${pu1}/actions/withdraw`).set(u1.auth).send({}).expect(409);
      expect(again.body.details).toMatchObject({ from: 'withdrawn', to: 'withdrawn' });
      // Its seats are freed.
      const seats = await app.sql<{ n: number }>(`SELECT count(*)::int AS n FROM meeting_seats WHERE meeting_id = $1`, [meeting.body.id]);
      expect(seats[0].n).toBe(0);
      // The organizer may admit it again.
      const back = await http().post(`/api/v1/events/${event.id}/participants/${pu1}/actions/approve`).set(organizer.auth).send({}).expect(200);
      expect(back.body.status).toBe('approved');
      // Turned away later, it is told so (a withdrawal, its own step, tells it nothing).
      await http().post(`/api/v1/events/${event.id}/participants/${pu1}/actions/reject`).set(organizer.auth).send({}).expect(200);
      const notices = (await http().get('/api/v1/notifications').query({ kind: 'event', pageSize: 100 }).set(u1.auth).expect(200)).body.items as Array<{ kind: string; subject: { eventId: string } }>;
      expect(notices.filter((n) => n.subject.eventId === event.id).map((n) => n.kind)).toEqual(['event.participant_rejected', 'event.participant_approved', 'event.participant_approved']);
    });
  });

  describe('re-scheduling after publishing', () => {
    it('keeps published meetings where they are when a late request arrives, reports the moves, and updates the agenda', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [e2, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, p2, pu1, pu2] = event.participants;
      await acceptedRequest(app, event.id, e1, u1, pu1);
      await acceptedRequest(app, event.id, e2, u2, pu2);
      await acceptedRequest(app, event.id, e1, u2, pu2, { sessionKey: 'pm' });
      const first = await scheduled(app, organizer, event.id);
      expect(first.report).toMatchObject({ requests: 3, scheduled: 3, gapPercent: 0, moved: 0 });
      await eventAction(app, organizer, event.id, 'publish');
      const before = (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; slot: number; table: number; requesterId: string }>;
      const sequenceOf = async (meetingId: string, party: string) => {
        const ics = await http().get(`/api/v1/events/${event.id}/participants/${party}/agenda.ics`).set(party === p1 ? e1.auth : e2.auth).expect(200);
        const block = ics.text.split('BEGIN:VEVENT').find((b) => b.includes(`UID:meeting-${meetingId}@techbridge`))!;
        return { block, sequence: Number(/SEQUENCE:(\d+)/.exec(block)![1]) };
      };
      const published = await sequenceOf(before[0]!.id, before[0]!.requesterId);

      // A late meeting between e2 and u1, and one published meeting cancelled.
      await http().post(`/api/v1/events/${event.id}/meetings/bulk`).set(organizer.auth).send({ meetings: [{ requester: p2, counterpart: pu1, priority: 2 }] }).expect(200);
      const cancelled = before[0];
      await http().post(`/api/v1/events/${event.id}/meetings/${cancelled.id}/actions/cancel`).set(organizer.auth).send({}).expect(200);
      const second = await scheduled(app, organizer, event.id);
      expect(second.report).toMatchObject({ requests: 3, scheduled: 3, moved: 0, dropped: 0 });
      const after = (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; slot: number; table: number; status: string }>;
      for (const m of before.slice(1)) expect(after.find((a) => a.id === m.id)).toMatchObject({ slot: m.slot, table: m.table, status: 'scheduled' });
      expect(after.find((a) => a.id === cancelled.id)!.status).toBe('cancelled');

      // Re-publishing: the cancelled meeting is in the calendar as CANCELLED, under its old UID, with a higher SEQUENCE.
      await eventAction(app, organizer, event.id, 'publish');
      const { block, sequence } = await sequenceOf(cancelled.id, cancelled.requesterId);
      expect(block).toMatch(/STATUS:CANCELLED/);
      expect(sequence).toBeGreaterThan(published.sequence);
      // Each change was told as it was made (the late meeting added, the cancelled one): publishing again
      // tells only those not told of one already, so nobody hears of a change twice.
      const told = ['event.meeting_added', 'event.meeting_moved', 'event.meeting_cancelled'];
      const updated: string[] = [];
      for (const [session, name] of [[e1, 'e1'], [e2, 'e2'], [u1, 'u1'], [u2, 'u2']] as const) {
        const kinds = ((await http().get('/api/v1/notifications?kind=event').set(session.auth).expect(200)).body.items as Array<{ kind: string; subject: { eventId?: string } }>)
          .filter((n) => n.subject.eventId === event.id)
          .map((n) => n.kind);
        const wasTold = kinds.some((k) => told.includes(k));
        expect({ name, updates: kinds.filter((k) => k === 'event.agenda_updated').length }).toEqual({ name, updates: wasTold ? 0 : 1 });
        if (!wasTold) updated.push(name);
      }
      expect(updated.length).toBe(1);

      // On the day, with no new publication: a meeting cancelled shows CANCELLED with a higher SEQUENCE still.
      const onTheDay = before[1]!;
      await slotUnderway(app, event.id, 0);
      const earlier = await sequenceOf(onTheDay.id, onTheDay.requesterId);
      await eventAction(app, organizer, event.id, 'start');
      await http().post(`/api/v1/events/${event.id}/meetings/${onTheDay.id}/actions/cancel`).set(organizer.auth).send({}).expect(200);
      const later = await sequenceOf(onTheDay.id, onTheDay.requesterId);
      expect(later.block).toMatch(/STATUS:CANCELLED/);
      expect(later.sequence).toBeGreaterThan(earlier.sequence);
    });

    it('moves only the published meeting whose participant is no longer available, and the agenda says where it was', async () => {
      const event = await bookingEvent(app, organizer, [[e1, 'demand'], [e2, 'demand'], [u1, 'supply'], [u2, 'supply']]);
      const [p1, , pu1] = event.participants;
      await acceptedRequest(app, event.id, e1, u1, pu1);
      await acceptedRequest(app, event.id, e2, u2, event.participants[3]);
      await acceptedRequest(app, event.id, e1, u2, event.participants[3]);
      await scheduled(app, organizer, event.id);
      await eventAction(app, organizer, event.id, 'publish');
      const before = (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; slot: number; table: number; counterpartId: string; requesterId: string }>;
      const affected = before.find((m) => m.requesterId === p1 && m.counterpartId === pu1)!;

      // u1 can no longer make that slot.
      await http().patch(`/api/v1/events/${event.id}/participants/${pu1}`).set(u1.auth).send({ unavailableSlots: [affected.slot] }).expect(200);
      const run = await scheduled(app, organizer, event.id);
      expect(run.report).toMatchObject({ requests: 3, scheduled: 3, moved: 1, dropped: 0 });
      const after = (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; slot: number; table: number }>;
      expect(after.find((m) => m.id === affected.id)!.slot).not.toBe(affected.slot);
      for (const m of before.filter((b) => b.id !== affected.id)) expect(after.find((a) => a.id === m.id)).toMatchObject({ slot: m.slot, table: m.table });
      const agenda = await http().get(`/api/v1/events/${event.id}/participants/${pu1}/agenda`).set(u1.auth).expect(200);
      expect(agenda.body.items).toEqual([expect.objectContaining({ meetingId: affected.id, movedFrom: { slot: affected.slot, table: affected.table } })]);
    });
  });
});
