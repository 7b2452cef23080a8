import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { assignBroker, loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { binaryBody, startTestApp, type TestApp } from '../support/harness';
import { CONFIDENTIAL_ACHIEVEMENT as SECRET, HIDDEN_WORD, type MatchItem, matchesReady, matchList } from '../support/matching';

const byId = <T extends { id: string }>(items: T[]): T[] => [...items].sort((a, b) => a.id.localeCompare(b.id));

/** GET /matches: the matches an organisation follows across all its items, as each item's list shows them. */
describe('an organisation’s matches across its items', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let broker: Session;
  const demands: string[] = [];
  const achievements: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    broker = await userWithRole(app, 'broker', 'agency');
    for (const s of [enterprise, university]) await assignBroker(app, broker, s.organizationId!);
    for (const overrides of [{}, {}, SECRET]) achievements.push((await publishedItem(app, university, 'achievements', overrides)).id);
    for (const title of ['风电机组主轴轴承损伤早期预警', '轧机轴承故障早期诊断']) {
      const d = await publishedItem(app, enterprise, 'demands', { title });
      await matchesReady(app, enterprise, 'demands', d.id, d.version);
      demands.push(d.id);
    }
    for (const id of achievements) await matchesReady(app, university, 'achievements', id);
  });
  afterAll(() => app.close());

  const pipeline = async (session: Session, query: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    (await request(app.http).get('/api/v1/matches').query({ pageSize: '100', ...query }).set({ ...session.auth, ...headers }).expect(200)).body as { items: MatchItem[]; total: number };
  const itemLists = async (session: Session, kind: 'demands' | 'achievements', ids: string[]) => (await Promise.all(ids.map((id) => matchList(app, session, kind, id, '?pageSize=100')))).flat();
  const act = (id: string, action: string, body: Record<string, unknown> = {}) =>
    request(app.http).post(`/api/v1/matches/${id}/actions/${action}`).set(enterprise.auth).send(body).expect(200);

  it('a member sees every match of its demands, each exactly as the demand’s own list shows it, best first', async () => {
    const { items, total } = await pipeline(enterprise);
    const own = await itemLists(enterprise, 'demands', demands);
    expect(own.length).toBeGreaterThanOrEqual(4);
    expect(total).toBe(own.length);
    expect(byId(items)).toEqual(byId(own));
    expect(new Set(items.map((m) => m.side))).toEqual(new Set(['demand']));
    // Each names the demand it was found for, so the list reads without fetching the items.
    const titles = ['风电机组主轴轴承损伤早期预警', '轧机轴承故障早期诊断'];
    for (const m of items) expect(m.item).toEqual({ id: m.demandId, title: titles[demands.indexOf(m.demandId)] });
    const one = await request(app.http).get(`/api/v1/matches/${items[0]!.id}`).set(enterprise.auth).expect(200);
    expect(one.body.item).toEqual(items[0]!.item);
    const scores = items.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('a confidential counterpart stays redacted in the list', async () => {
    const { items } = await pipeline(enterprise);
    const secret = items.filter((m) => m.achievementId === achievements[2]);
    expect(secret.length).toBeGreaterThan(0);
    for (const m of secret) expect(m.counterpart).toMatchObject({ redacted: true, title: SECRET.neutralTitle });
    expect(JSON.stringify(items)).not.toContain(HIDDEN_WORD);
  });

  it('the research side sees the same pairs from its side', async () => {
    const { items } = await pipeline(university);
    expect(new Set(items.map((m) => m.side))).toEqual(new Set(['achievement']));
    expect(items.every((m) => m.item.id === m.achievementId)).toBe(true);
    expect(items.find((m) => m.achievementId === achievements[2])?.item.title).toBe(SECRET.title);
    expect(byId(items)).toEqual(byId(await itemLists(university, 'achievements', achievements)));
  });

  it('filters by states and side; dismissed matches only when asked for; the latest action first on request', async () => {
    const [first, second] = (await pipeline(enterprise)).items;
    await act(first!.id, 'contact');
    await act(second!.id, 'dismiss', { reason: '方向不符' });
    const ids = async (query: Record<string, string>) => (await pipeline(enterprise, query)).items.map((m) => m.id);

    expect(await ids({})).not.toContain(second!.id);
    expect(await ids({ state: 'contacted' })).toEqual([first!.id]);
    expect(await ids({ state: 'dismissed' })).toEqual([second!.id]);
    expect(await ids({ state: 'contacted,dismissed', sort: 'changed' })).toEqual([second!.id, first!.id]);
    // An item's own list takes several states the same way.
    const onItems = (await Promise.all(demands.map((d) => matchList(app, enterprise, 'demands', d, '?state=contacted,dismissed')))).flat();
    expect(onItems.map((m) => m.id).sort()).toEqual([first!.id, second!.id].sort());
    expect(await ids({ side: 'achievement' })).toEqual([]);
    const contacted = (await pipeline(university, { state: 'contacted' })).items;
    expect(contacted.map((m) => [m.id, m.side])).toEqual([[first!.id, 'achievement']]);
  });

  it('exports the list as the caller sees it: the same rows in the same order, states in Chinese, a confidential counterpart under its neutral title', async () => {
    const listed = (await pipeline(enterprise, { state: 'suggested,contacted,dismissed' })).items;
    const download = async (format: string) =>
      (
        await request(app.http)
          .get('/api/v1/matches/export')
          .query({ format, state: 'suggested,contacted,dismissed' })
          .set(enterprise.auth)
          .buffer(true)
          .parse(binaryBody)
          .expect(200)
      ).body as Buffer;
    const [header, ...rows] = parse((await download('csv')).toString('utf8').replace(/^\uFEFF/, '')) as string[][];
    expect(header).toEqual(['匹配编号', '我方', '我方条目', '对方条目', '得分', '状态', '状态更新时间', '匹配说明']);
    expect(rows.map((r) => r[0])).toEqual(listed.map((m) => m.id));
    for (const [r, m] of rows.map((r, i) => [r, listed[i]!] as const)) {
      expect(r.slice(1, 6)).toEqual(['需求方', m.item.title, m.counterpart.title, String(m.score), m.stateLabel]);
      expect(r[7]).toBe(m.explanation.text);
    }
    expect(rows.map((r) => r[5])).toEqual(expect.arrayContaining(['已联系', '已排除', '系统推荐']));
    expect(rows.filter((r) => r[3] === SECRET.neutralTitle).length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(HIDDEN_WORD);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('xlsx')) as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(rows.length + 1);
  });

  it('a broker serving both parties lists both, each match once; naming a party lists that party’s side', async () => {
    const both = await pipeline(broker);
    const enterpriseView = await pipeline(enterprise);
    const universityView = await pipeline(university);
    // Every pair here joins the two parties, so each is listed once, on the demand side.
    expect(byId(both.items).map((m) => [m.id, m.side])).toEqual(byId(enterpriseView.items).map((m) => [m.id, 'demand']));

    const forUniversity = await pipeline(broker, {}, { 'X-Acting-Organization': university.organizationId! });
    expect(byId(forUniversity.items).map((m) => [m.id, m.side])).toEqual(byId(universityView.items).map((m) => [m.id, 'achievement']));
    const named = await pipeline(broker, { organizationId: university.organizationId! });
    expect(named.items.map((m) => m.id)).toEqual(forUniversity.items.map((m) => m.id));
  });

  it('nobody lists another organisation’s matches; an admin names the organisation', async () => {
    const outsider = await registerOrganization(app, 'enterprise');
    expect(await pipeline(outsider)).toMatchObject({ items: [], total: 0 });
    const refused = await request(app.http).get('/api/v1/matches').query({ organizationId: enterprise.organizationId }).set(outsider.auth).expect(403);
    expect(refused.body.code).toBe('not_your_organization');
    const unserved = await request(app.http).get('/api/v1/matches').query({ organizationId: outsider.organizationId }).set(broker.auth).expect(403);
    expect(unserved.body.code).toBe('not_your_organization');

    const admin = await loginAdmin(app);
    const unnamed = await request(app.http).get('/api/v1/matches').set(admin.auth).expect(400);
    expect(unnamed.body.fields).toEqual([expect.objectContaining({ field: 'organizationId', code: 'isNotEmpty' })]);
    const named = await pipeline(admin, { organizationId: enterprise.organizationId! });
    expect(byId(named.items).map((m) => m.id)).toEqual(byId((await pipeline(enterprise)).items).map((m) => m.id));
  });

  it('a counterpart taken back to draft leaves the list and its count, as it leaves the item’s own list', async () => {
    const withdrawn = achievements[1]!;
    expect((await pipeline(enterprise)).items.some((m) => m.achievementId === withdrawn)).toBe(true);
    await request(app.http).post(`/api/v1/achievements/${withdrawn}/actions/close`).set(university.auth).send({}).expect(200);
    await request(app.http).post(`/api/v1/achievements/${withdrawn}/actions/reopen`).set(university.auth).send({}).expect(200);

    const { items, total } = await pipeline(enterprise);
    expect(items.some((m) => m.achievementId === withdrawn)).toBe(false);
    const own = await itemLists(enterprise, 'demands', demands);
    expect(total).toBe(own.length);
    expect(byId(items)).toEqual(byId(own));
  });

  it.each([
    ['state', { state: 'contacted,signed' }],
    ['side', { side: 'both' }],
    ['organizationId', { organizationId: 'not-a-uuid' }],
    ['sort', { sort: 'oldest' }],
  ])('refuses a bad %s with a 400 naming it', async (field, query) => {
    const res = await request(app.http).get('/api/v1/matches').query(query).set(enterprise.auth).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([field]);
  });
});
