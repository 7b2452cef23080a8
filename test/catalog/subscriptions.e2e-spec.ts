import request from 'supertest';
import { assignBroker, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { achievementSheetRow, publishedItem, sheetCsv, verifyOrganization } from '../support/catalog';
import { eventually, startTestApp, type TestApp } from '../support/harness';

/** 订阅: organisations hear of new demands or achievements by field, words or region. */
describe('subscriptions to new demands and achievements', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let institute: Session;
  beforeAll(async () => {
    app = await startTestApp();
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    institute = await registerOrganization(app, 'institute');
    for (const s of [enterprise, university, institute]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const subscribe = (s: Session, body: Record<string, unknown>, headers: Record<string, string> = {}) => request(app.http).post('/api/v1/subscriptions').set(s.auth).set(headers).send(body);
  const notices = async (s: Session) =>
    (await request(app.http).get('/api/v1/notifications').query({ kind: 'subscription', pageSize: '100' }).set(s.auth).expect(200)).body.items as Array<{ title: string; body: string; subject: Record<string, string> }>;

  it('tells a subscriber of a new demand in its field holding its words, once, and nobody else', async () => {
    await subscribe(university, { kind: 'demand', fieldCodes: ['equipment'], keywords: ['轴承', '齿轮'] }).expect(201);
    await subscribe(university, { kind: 'demand', regionPrefix: '21' }).expect(201); // matches too: still one notice
    await subscribe(institute, { kind: 'demand', fieldCodes: ['materials'] }).expect(201);
    await subscribe(enterprise, { kind: 'demand', fieldCodes: ['equipment'] }).expect(201); // its own demand tells it nothing

    const demand = await publishedItem(app, enterprise, 'demands', { title: '风电机组主轴轴承早期损伤预警', fieldCode: 'equipment', regionCode: '210211' });
    const told = (await notices(university)).filter((n) => n.subject.demandId === demand.id);
    expect(told).toEqual([expect.objectContaining({ title: '订阅提醒：新的技术需求「风电机组主轴轴承早期损伤预警」', subject: expect.objectContaining({ subscriptionId: expect.any(String) }) })]);
    expect(told[0]!.body).toContain('辽宁省大连市');
    for (const s of [institute, enterprise]) expect((await notices(s)).filter((n) => n.subject.demandId === demand.id)).toEqual([]);
  });

  it('names a confidential demand by its neutral title, and matches words only there', async () => {
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, institute.organizationId!);
    // A broker subscribes for the organisation it serves.
    await subscribe(broker, { kind: 'demand', keywords: ['燃气轮机'] }, { 'X-Acting-Organization': institute.organizationId! }).expect(201);
    await subscribe(institute, { kind: 'demand', fieldCodes: ['new_energy'] }).expect(201);
    const demand = await publishedItem(app, enterprise, 'demands', { title: '某型燃气轮机叶片涂层寿命提升', neutralTitle: '高温部件防护技术需求', fieldCode: 'new_energy', visibility: 'confidential' });
    const told = (await notices(institute)).filter((n) => n.subject.demandId === demand.id);
    expect(told).toEqual([expect.objectContaining({ title: '订阅提醒：新的技术需求「高温部件防护技术需求」' })]);
    expect(JSON.stringify(told)).not.toContain('燃气轮机');
  });

  it('announces an item once, when first published: publishing it again (reopened, or renewed once expired) tells nobody anew', async () => {
    await subscribe(institute, { kind: 'achievement', keywords: ['磁悬浮'] }).expect(201);
    await subscribe(institute, { kind: 'demand', keywords: ['磁悬浮'] }).expect(201);
    const act = (s: Session, kind: string, id: string, action: string) => request(app.http).post(`/api/v1/${kind}/${id}/actions/${action}`).set(s.auth).send({}).expect(200);
    const toldOf = async (key: string, id: string) => (await notices(institute)).filter((n) => n.subject[key] === id);

    const achievement = await publishedItem(app, university, 'achievements', { title: '磁悬浮高速电机转子动平衡技术' });
    expect(await toldOf('achievementId', achievement.id)).toHaveLength(1);
    for (const action of ['close', 'reopen', 'publish']) await act(university, 'achievements', achievement.id, action);
    expect(await toldOf('achievementId', achievement.id)).toHaveLength(1);

    const demand = await publishedItem(app, enterprise, 'demands', { title: '磁悬浮轴承控制器国产化' });
    await app.sql(`UPDATE tech_demands SET status = 'expired' WHERE id = $1`, [demand.id]); // as the expiry job records it
    await act(enterprise, 'demands', demand.id, 'publish');
    expect(await toldOf('demandId', demand.id)).toHaveLength(1);
  });

  it('tells subscribers of achievements published by a spreadsheet import', async () => {
    await subscribe(enterprise, { kind: 'achievement', keywords: ['钛合金'] }).expect(201);
    const file = sheetCsv([achievementSheetRow(`SUB-${Date.now()}`, '钛合金电子束冷床熔炼新工艺')]);
    const accepted = await request(app.http).post('/api/v1/achievements/import').query({ publish: 'true' }).set(university.auth).attach('file', Buffer.from(file), 'a.csv').expect(201);
    await eventually(async () => ((await request(app.http).get(`/api/v1/imports/${accepted.body.id}`).set(university.auth)).body.status === 'completed' ? true : undefined));
    const told = await notices(enterprise);
    expect(told.map((n) => n.title)).toContain('订阅提醒：新的科技成果「钛合金电子束冷床熔炼新工艺」');
  });

  it('lists and ends an organisation’s own subscriptions; refuses bad criteria, naming the field, and a twenty-first', async () => {
    const own = await registerOrganization(app, 'enterprise');
    const created = await subscribe(own, { kind: 'achievement', fieldCodes: ['equipment'] }).expect(201);
    expect((await request(app.http).get('/api/v1/subscriptions').set(own.auth).expect(200)).body.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
    await request(app.http).delete(`/api/v1/subscriptions/${created.body.id}`).set(university.auth).expect(404);

    expect((await subscribe(own, { kind: 'demand' }).expect(400)).body.fields[0]).toMatchObject({ field: 'fieldCodes', code: 'required' });
    expect((await subscribe(own, { kind: 'demand', fieldCodes: ['astrology'] }).expect(400)).body.fields[0]).toMatchObject({ field: 'fieldCodes.0', code: 'isIn' });
    expect((await subscribe(own, { kind: 'demand', regionPrefix: '210' }).expect(400)).body.fields[0]).toMatchObject({ field: 'regionPrefix' });
    expect((await subscribe(own, { kind: 'event', keywords: ['x'] }).expect(400)).body.fields[0]).toMatchObject({ field: 'kind' });

    for (let i = 1; i < 20; i++) await subscribe(own, { kind: 'demand', keywords: [`词${i}`] }).expect(201);
    expect((await subscribe(own, { kind: 'demand', keywords: ['多余'] }).expect(409)).body.code).toBe('too_many_subscriptions');
    await request(app.http).delete(`/api/v1/subscriptions/${created.body.id}`).set(own.auth).expect(204);
    await subscribe(own, { kind: 'demand', keywords: ['多余'] }).expect(201);
  });
});
