import request from 'supertest';
import { type Session, userWithRole } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';
import { createEvent, eventAction, scheduled } from '../support/events';

/**
 * An event of realistic size through the API and the worker: 240 participants and 1,200 accepted
 * requests (written straight into the database: the rules of getting there are tested elsewhere).
 * The stored schedule must hold every hard constraint the database can see.
 */
describe('a large 对接会 scheduled by the worker', () => {
  let app: TestApp;
  let organizer: Session;

  beforeAll(async () => {
    app = await startTestApp();
    organizer = await userWithRole(app, 'organizer', 'government');
  });
  afterAll(() => app.close());

  it('stores every placement the scheduler found, with nobody twice in a slot and no table twice', async () => {
    const sessions = [
      { key: 'am', name: '上午场', startsAt: '2030-06-01T09:00:00+08:00', slotMinutes: 15, slotCount: 12, tables: 60 },
      { key: 'pm', name: '下午场', startsAt: '2030-06-01T13:30:00+08:00', slotMinutes: 15, slotCount: 12, tables: 60 },
    ];
    const { id } = await createEvent(app, organizer, { sessions, caps: { perParticipant: 12 } });
    await eventAction(app, organizer, id, 'open_registration');
    await eventAction(app, organizer, id, 'open_booking');
    const n = 240;
    const orgs = await app.sql<{ id: string }>(
      `INSERT INTO organizations (type, name, credit_code, region_code, version)
       SELECT CASE WHEN i % 2 = 0 THEN 'enterprise' ELSE 'university' END, '参会单位' || i, lpad(i::text, 18, 'X'), '210211', 1 FROM generate_series(1, $1) AS i RETURNING id`,
      [n],
    );
    const participants = await app.sql<{ id: string }>(
      `INSERT INTO event_participants (event_id, organization_id, side, status, check_in_code, registered_by, unavailable_slots, version)
       SELECT $1, o.id, CASE WHEN o.ord % 2 = 0 THEN 'demand' ELSE 'supply' END, 'approved', md5(o.id::text), $2,
              CASE WHEN o.ord % 5 = 0 THEN ARRAY[(o.ord % 24)] ELSE '{}'::int[] END, 1
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS ord FROM unnest($3::uuid[]) AS id) o RETURNING id`,
      [id, organizer.userId, orgs.map((o) => o.id)],
    );
    const demand = participants.filter((_, i) => i % 2 === 0).map((p) => p.id);
    const supply = participants.filter((_, i) => i % 2 === 1).map((p) => p.id);
    const pairs: Array<[string, string]> = [];
    for (let k = 1; pairs.length < 1_200; k++) for (let i = 0; i < demand.length && pairs.length < 1_200; i++) pairs.push([demand[i], supply[(i * 7 + k * 13) % supply.length]]);
    await app.sql(
      `INSERT INTO meeting_requests (event_id, requester_id, counterpart_id, pair_key, priority, status, source, created_by, version)
       SELECT $1, r, c, CASE WHEN r < c THEN r || ':' || c ELSE c || ':' || r END, 1, 'accepted', 'organizer', $2, 1
         FROM unnest($3::uuid[], $4::uuid[]) AS p(r, c) ON CONFLICT DO NOTHING`,
      [id, organizer.userId, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    const [{ requests }] = await app.sql<{ requests: number }>(`SELECT count(*)::int AS requests FROM meeting_requests WHERE event_id = $1`, [id]);

    const run = await scheduled(app, organizer, id);
    expect(run.report.requests).toBe(requests);
    expect(run.report.scheduled + run.report.unscheduled.length).toBe(requests);
    expect(run.report.scheduled).toBeGreaterThanOrEqual(0.98 * run.report.upperBound);
    // More than one INSERT's worth of meetings (the store writes them in chunks).
    expect(run.report.scheduled).toBeGreaterThan(1_000);
    const [stored] = await app.sql<{ meetings: number; seats: number; places: number; busy: number }>(
      `SELECT (SELECT count(*)::int FROM meetings WHERE event_id = $1 AND status = 'scheduled') AS meetings,
              (SELECT count(*)::int FROM meeting_seats s JOIN meetings m ON m.id = s.meeting_id WHERE m.event_id = $1) AS seats,
              (SELECT count(DISTINCT (slot, table_no))::int FROM meetings WHERE event_id = $1 AND status = 'scheduled') AS places,
              (SELECT count(DISTINCT (s.participant_id, s.slot))::int FROM meeting_seats s JOIN meetings m ON m.id = s.meeting_id WHERE m.event_id = $1) AS busy`,
      [id],
    );
    expect(stored).toEqual({ meetings: run.report.scheduled, seats: 2 * run.report.scheduled, places: run.report.scheduled, busy: 2 * run.report.scheduled });
    const [{ blocked }] = await app.sql<{ blocked: number }>(
      `SELECT count(*)::int AS blocked FROM meeting_seats s JOIN event_participants p ON p.id = s.participant_id WHERE p.event_id = $1 AND s.slot = ANY(p.unavailable_slots)`,
      [id],
    );
    expect(blocked).toBe(0);
    const grid = await request(app.http).get(`/api/v1/events/${id}/grid`).set(organizer.auth).expect(200);
    expect(grid.body.rows).toHaveLength(24);
  });
});
