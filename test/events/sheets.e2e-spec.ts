import request from 'supertest';
import type { Session } from '../support/accounts';
import { acceptedRequest, bookingEvent, type EventCast, eventCast, scheduled } from '../support/events';
import { startTestApp, type TestApp } from '../support/harness';

/** What organizers print for the day: the 签到表 and the 洽谈日程总表. */
describe('event sheets', () => {
  let app: TestApp;
  let cast: EventCast;
  beforeAll(async () => {
    app = await startTestApp();
    cast = await eventCast(app);
  });
  afterAll(() => app.close());

  const csv = async (s: Session, path: string) => {
    const res = await request(app.http).get(path).query({ format: 'csv' }).set(s.auth).expect(200);
    return res.text.replace(/^\uFEFF/, '').trim().split('\n');
  };

  it('lists every registration for check-in and every meeting by time and table, for organizers only', async () => {
    const { organizer, e1, u1, u2 } = cast;
    const event = await bookingEvent(app, organizer, [[e1, 'demand'], [u1, 'supply'], [u2, 'observer']], { title: '锦州光伏专场对接会' });
    const [, u1P, u2P] = event.participants;
    await acceptedRequest(app, event.id, e1, u1, u1P!);
    await scheduled(app, organizer, event.id);
    // A booth at table 1 (the API's numbering) is 2 on paper.
    await request(app.http).patch(`/api/v1/events/${event.id}/participants/${u2P}`).set(organizer.auth).send({ fixedTable: 1 }).expect(200);
    const orgName = async (s: Session) => (await request(app.http).get(`/api/v1/organizations/${s.organizationId}`).set(s.auth).expect(200)).body.name as string;
    const [e1Name, u1Name, u2Name] = await Promise.all([e1, u1, u2].map(orgName));

    const [header, ...rows] = await csv(organizer, `/api/v1/events/${event.id}/participants/export`);
    expect(header).toBe('参会单位,单位类型,身份,审核状态,场次,固定桌号,洽谈场数,参会码,签到时间,报名人,报名人邮箱');
    expect(rows).toHaveLength(3);
    const rowOf = (name: string) => rows.find((r) => r.startsWith(`${name},`))!;
    expect(rowOf(e1Name)).toMatch(new RegExp(`^${e1Name},企业,需求方,已通过,.*,,1,[^,]+,,.+,${e1.email}$`));
    expect(rowOf(u2Name)).toContain(',观察员,已通过,');
    expect(rowOf(u2Name)).toContain(',2,0,');

    const [meetingsHeader, ...meetings] = await csv(organizer, `/api/v1/events/${event.id}/meetings/export`);
    expect(meetingsHeader).toBe('时段,开始,结束,场次,桌号,发起方,受邀方,状态');
    expect(meetings).toHaveLength(1);
    // Slots and tables are numbered from 1 on paper (0 in the API).
    const [placed] = await app.sql<{ slot: number; table_no: number }>(`SELECT slot, table_no FROM meetings WHERE event_id = $1`, [event.id]);
    expect(meetings[0]).toMatch(new RegExp(`^${placed!.slot + 1},.+,.+,(上午场|下午场),${placed!.table_no + 1},${e1Name},${u1Name},已排定$`));
    expect(meetings.join()).not.toContain(u2Name);

    for (const path of ['participants/export', 'meetings/export']) {
      expect((await request(app.http).get(`/api/v1/events/${event.id}/${path}`).set(e1.auth).expect(403)).body.code).toBe('not_organizer');
    }
  });
});
