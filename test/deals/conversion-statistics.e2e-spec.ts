import request from 'supertest';
import { registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { bookingEvent, eventAction, scheduled } from '../support/events';
import { slotUnderway } from '../support/event-day';
import { chinaDay } from '../support/days';
import { startTestApp, type TestApp } from '../support/harness';
import { matchesReady, matchList } from '../support/matching';

/**
 * The conversion funnel organizers read: matches followed up in a period and what became of them,
 * through the real matching worker, a real 对接会 and a real deal.
 */
describe('conversion statistics', () => {
  let app: TestApp;
  let organizer: Session;
  let enterprise: Session;
  let university: Session;
  let far: Session;

  beforeAll(async () => {
    app = await startTestApp();
    organizer = await userWithRole(app, 'organizer', 'government');
    enterprise = await registerOrganization(app, 'enterprise', { regionCode: '210211' }); // 大连
    university = await registerOrganization(app, 'university', { regionCode: '210102' }); // 沈阳: same province
    far = await registerOrganization(app, 'institute', { regionCode: '110108' }); // 北京
    for (const s of [enterprise, university, far]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const http = () => request(app.http);
  const act = (id: string, action: string, body: Record<string, unknown> = {}) => http().post(`/api/v1/matches/${id}/actions/${action}`).set(enterprise.auth).send(body).expect(200);
  const conversion = (query: string, as = organizer) => http().get(`/api/v1/statistics/conversion?${query}`).set(as.auth);
  const period = `from=${chinaDay(-1)}&to=${chinaDay()}`;
  type Group = { key: string | null; label: string; [figure: string]: unknown };
  const groupOf = (res: request.Response, key: string | null): Group | undefined => (res.body.groups as Group[]).find((g) => g.key === key);

  /** The stored match of a fresh demand of the enterprise with `achievementId`, once the worker has scored it. */
  const matchWith = async (achievementId: string): Promise<string> => {
    const demand = await publishedItem(app, enterprise, 'demands');
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
    const match = (await matchList(app, enterprise, 'demands', demand.id)).find((m) => m.achievementId === achievementId);
    if (!match) throw new Error('the worker did not match the demand with the achievement');
    return match.id;
  };

  it('counts matches followed up in the period by how far they went, with rates, local pairs, days to the deal and contracts', async () => {
    const [near, near2, distant] = [
      (await publishedItem(app, university, 'achievements', { regionCode: '210102' })).id,
      (await publishedItem(app, university, 'achievements', { regionCode: '210102' })).id,
      (await publishedItem(app, far, 'achievements', { regionCode: '110108' })).id,
    ];
    const dealt = await matchWith(near);
    const dismissed = await matchWith(distant);
    const metAtEvent = await matchWith(near2);
    await matchWith(near); // suggested and never acted on: outside the funnel

    // Contacted, met, negotiated, closed with a signed contract.
    await act(dealt, 'contact');
    await act(dealt, 'meet');
    await act(dealt, 'negotiate');
    await http().post('/api/v1/deals').set(enterprise.auth).send({ matchId: dealt, title: '轴承监测合作开发合同', kind: 'joint_development', stage: 'signed', amountWan: 200, signedOn: chinaDay() }).expect(201);
    // Contacted, then dismissed.
    await act(dismissed, 'contact');
    await act(dismissed, 'dismiss', { reason: '异地转化成本高' });
    // Never moved by hand: asked to meet over it at a 对接会, and the meeting was held.
    const event = await bookingEvent(app, organizer, [[enterprise, 'demand'], [university, 'supply']]);
    const asked = await http().post(`/api/v1/events/${event.id}/requests`).set(enterprise.auth).send({ matchId: metAtEvent }).expect(201);
    await http().post(`/api/v1/events/${event.id}/requests/${asked.body.id}/actions/accept`).set(university.auth).send({}).expect(200);
    expect((await scheduled(app, organizer, event.id)).report.scheduled).toBe(1);
    await eventAction(app, organizer, event.id, 'publish');
    const [meeting] = (await http().get(`/api/v1/events/${event.id}/meetings`).set(organizer.auth).expect(200)).body as Array<{ id: string; slot: number }>;
    await slotUnderway(app, event.id, meeting!.slot);
    await eventAction(app, organizer, event.id, 'start');
    await http().post(`/api/v1/events/${event.id}/meetings/${meeting!.id}/actions/held`).set(organizer.auth).send({}).expect(200);

    // The 对接会's own figures count the contracts its parties say came from it (not the match-based deal above).
    const deal = { buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, achievementId: near2, eventId: event.id, kind: 'license' };
    await http().post('/api/v1/deals').set(enterprise.auth).send({ ...deal, title: '现场签约', stage: 'signed', amountWan: 120.5, signedOn: chinaDay() }).expect(201);
    await http().post('/api/v1/deals').set(enterprise.auth).send({ ...deal, title: '意向协议', amountWan: 30 }).expect(201);
    const figures = await http().get(`/api/v1/events/${event.id}/figures`).set(organizer.auth).expect(200);
    expect(figures.body).toMatchObject({ meetings: { held: 1 }, deals: { intents: 1, intendedWan: 30, signed: 1, turnoverWan: 120.5 } });

    const byBuyer = await conversion(`${period}&groupBy=buyer`).expect(200);
    expect(groupOf(byBuyer, enterprise.organizationId!)).toEqual({
      key: enterprise.organizationId,
      label: expect.stringContaining('enterprise'),
      followedUp: 3,
      met: 2,
      negotiated: 1,
      dealt: 1,
      dismissed: 1,
      local: 2,
      meetingRate: 0.6667,
      dealRate: 0.3333,
      medianDaysToDeal: 0,
      contracts: 1,
      contractWan: 200,
    });
    expect(byBuyer.body.totals.followedUp).toBeGreaterThanOrEqual(3);
    // The turnover report's all-time funnel counts by the same milestones: the dismissed pair was followed up, the 对接会 pair met.
    const turnover = await http().get(`/api/v1/statistics/deals?${period}`).set(organizer.auth).expect(200);
    expect(turnover.body.funnel).toEqual({ contacted: 3, met: 2, dealt: 1 });
    // Narrowed to a region, by the demand owner's: the 大连 enterprise's pairs, or none in 沈阳 (where only the seller is).
    const dalian = await conversion(`${period}&regionPrefix=2102&groupBy=region`).expect(200);
    expect(dalian.body).toMatchObject({ regionPrefix: '2102', regionName: '辽宁省大连市', totals: { followedUp: 3, dealt: 1 } });
    expect(dalian.body.groups).toEqual([expect.objectContaining({ key: '210211', label: '辽宁省大连市甘井子区', followedUp: 3 })]);
    expect((await conversion(`${period}&regionPrefix=2101`).expect(200)).body.totals.followedUp).toBe(0);
    expect((await http().get(`/api/v1/statistics/deals?${period}&regionPrefix=2101`).set(organizer.auth).expect(200)).body.funnel).toEqual({ contacted: 0, met: 0, dealt: 0 });

    // The same as a table for a 报告: the enterprise's row, then the total.
    const sheet = await http().get(`/api/v1/statistics/conversion/export?${period}&groupBy=buyer&format=csv`).set(organizer.auth).expect(200);
    expect(sheet.headers['content-type']).toContain('text/csv');
    const lines = sheet.text.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('需求方 / 受让方,已对接,已约见,已洽谈,已成交,已排除,本地对接,约见率(%),成交率(%),成交周期中位数(天),签约合同,签约金额(万元)');
    expect(lines.find((l) => l.includes('enterprise'))).toMatch(/,3,2,1,1,1,2,66\.67,33\.33,0,1,200$/);
    expect(lines.at(-1)).toMatch(new RegExp(`^合计（${chinaDay(-1)} 至 ${chinaDay()}）,`));
    const xlsx = await http().get(`/api/v1/statistics/conversion/export?${period}`).set(organizer.auth).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');

    const bySeller = await conversion(`${period}&groupBy=seller`).expect(200);
    expect(groupOf(bySeller, university.organizationId!)).toMatchObject({ followedUp: 2, met: 2, dealt: 1, local: 2, contractWan: 200 });
    expect(groupOf(bySeller, far.organizationId!)).toMatchObject({ followedUp: 1, met: 0, dismissed: 1, local: 0, dealRate: 0 });

    const byEvent = await conversion(`${period}&groupBy=event`).expect(200);
    expect(groupOf(byEvent, event.id)).toMatchObject({ label: expect.stringContaining('对接会'), followedUp: 1, met: 1, dealt: 0 });
    expect(groupOf(byEvent, null)).toMatchObject({ label: '未经对接会' });
    const byMonth = await conversion(`${period}&groupBy=month`).expect(200);
    expect(byMonth.body.groups.map((g: Group) => g.key)).toContain(chinaDay().slice(0, 7));

    // Followed up today: a period that ended before counts none of it.
    const earlier = await conversion('from=2019-01-01&to=2019-12-31&groupBy=buyer').expect(200);
    expect(earlier.body.totals).toMatchObject({ followedUp: 0, meetingRate: null, dealRate: null, medianDaysToDeal: null, contractWan: 0 });
    expect(earlier.body.groups).toEqual([]);

    // Each party reads when its pair reached each step.
    const pipeline = (await http().get(`/api/v1/matches/${dealt}`).set(university.auth).expect(200)).body.milestones;
    expect(Object.values(pipeline).every((at) => typeof at === 'string' && Date.parse(at as string) <= Date.now())).toBe(true);
    expect([pipeline.contactedAt <= pipeline.metAt, pipeline.metAt <= pipeline.negotiatedAt, pipeline.negotiatedAt <= pipeline.dealtAt]).toEqual([true, true, true]);
    const atEvent = (await http().get(`/api/v1/matches/${metAtEvent}`).set(enterprise.auth).expect(200)).body;
    expect(atEvent).toMatchObject({ state: 'suggested', milestones: { contactedAt: expect.any(String), metAt: expect.any(String), negotiatedAt: null, dealtAt: null } });

    // A match moved back from dismissal keeps what it reached; the funnel does not narrow.
    await act(dismissed, 'restore');
    const restored = await conversion(`${period}&groupBy=seller`).expect(200);
    expect(groupOf(restored, far.organizationId!)).toMatchObject({ followedUp: 1, dismissed: 0 });
  });

  it('is for organizers and admins, and names the parameter at fault', async () => {
    await conversion(period, enterprise).expect(403);
    for (const report of ['deals', 'challenges', 'conversion']) await http().get(`/api/v1/statistics/${report}/export?${period}`).set(enterprise.auth).expect(403);
    const badFormat = await http().get(`/api/v1/statistics/deals/export?${period}&format=pdf`).set(organizer.auth).expect(400);
    expect(badFormat.body.fields.map((f: { field: string }) => f.field)).toEqual(['format']);
    await conversion(period, university).expect(403);
    const fields = async (query: string) => ((await conversion(query).expect(400)).body.fields as Array<{ field: string }>).map((f) => f.field);
    expect(await fields(`from=${chinaDay()}&to=2019-01-01`)).toEqual(['to']);
    expect(await fields('from=2026-02-30&to=2026-03-01')).toEqual(['from']);
    expect(await fields(`${period}&groupBy=kind`)).toEqual(['groupBy']);
    expect(await fields('to=2026-03-01')).toEqual(['from']);
  });
});
