import request from 'supertest';
import { assignBroker, loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { insertMatch } from '../support/matching';

/** Deals (成交): recorded by the parties, moved from intent to a registered contract, read by organizers as statistics. */
describe('deals', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let outsider: Session;
  let demand: string;
  let achievement: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise', { regionCode: '210211' }); // 大连
    university = await registerOrganization(app, 'university', { regionCode: '210102' }); // 沈阳: same province
    outsider = await registerOrganization(app, 'enterprise');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    demand = (await publishedItem(app, enterprise, 'demands')).id;
    achievement = (await publishedItem(app, university, 'achievements', { fieldCode: 'materials', chainCodes: ['titanium'] })).id;
  });
  afterAll(() => app.close());

  const record = (session: Session, body: Record<string, unknown>) => request(app.http).post('/api/v1/deals').set(session.auth).send(body);
  const act = (session: Session, id: string, action: string, body: Record<string, unknown> = {}) =>
    request(app.http).post(`/api/v1/deals/${id}/actions/${action}`).set(session.auth).send(body);
  const dealCount = async (): Promise<number> => Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM deals'))[0]!.n);
  /** A match on a fresh demand of the enterprise (one match row per pair). */
  const freshMatch = async (achievementId = achievement): Promise<string> => insertMatch(app, (await publishedItem(app, enterprise, 'demands')).id, achievementId);
  const fieldsOf = (res: request.Response): string[] => (res.body.fields as Array<{ field: string }>).map((f) => f.field);

  it('a deal recorded on a match takes its parties and items from it and closes the match', async () => {
    const matchId = await insertMatch(app, demand, achievement);
    const res = await record(enterprise, { matchId, title: '轴承监测技术许可合同', kind: 'license' }).expect(201);
    expect(res.body).toMatchObject({
      stage: 'intent',
      stageLabel: '意向',
      source: 'match',
      kindLabel: '技术许可',
      buyer: { id: enterprise.organizationId },
      seller: { id: university.organizationId },
      demandId: demand,
      achievementId: achievement,
      fieldCode: 'equipment',
      amountWan: null,
    });
    const match = await request(app.http).get(`/api/v1/matches/${matchId}`).set(university.auth).expect(200);
    expect(match.body.state).toBe('deal');
    await request(app.http).get(`/api/v1/deals/${res.body.id}`).set(university.auth).expect(200);
    await request(app.http).get(`/api/v1/deals/${res.body.id}`).set(outsider.auth).expect(404);
    const mine = await request(app.http).get('/api/v1/deals').set(outsider.auth).expect(200);
    expect(mine.body.items.map((d: { id: string }) => d.id)).not.toContain(res.body.id);
  });

  it('moves from intent to a signed and then a registered contract, each step asking for its facts', async () => {
    const { body: deal } = await record(enterprise, { matchId: await freshMatch(), title: '合作开发合同', kind: 'joint_development', amountWan: 150 }).expect(201);
    expect(deal.amountWan).toBe(150); // the intended amount
    const unsigned = await act(university, deal.id, 'sign').expect(400);
    expect(fieldsOf(unsigned)).toEqual(['amountWan', 'signedOn']);
    // The intended amount is an estimate: signing states the contract's own.
    expect(fieldsOf(await act(university, deal.id, 'sign', { signedOn: '2025-03-10' }).expect(400))).toEqual(['amountWan']);
    expect((await request(app.http).get(`/api/v1/deals/${deal.id}`).set(university.auth).expect(200)).body).toMatchObject({ stage: 'intent', amountWan: 150, version: deal.version });
    expect(fieldsOf(await act(university, deal.id, 'sign', { amountWan: 120, signedOn: '2025-03-10', registrationNumber: '2025210200000101' }).expect(400))).toEqual(['registrationNumber']);
    const signed = await act(university, deal.id, 'sign', { amountWan: 120, signedOn: '2025-03-10', version: deal.version }).expect(200);
    expect(signed.body).toMatchObject({ stage: 'signed', amountWan: 120, signedOn: '2025-03-10' });
    await act(enterprise, deal.id, 'register', { registrationNumber: '2025210200000101', registeredOn: '2025-03-20', version: deal.version }).expect(409);
    const early = await act(enterprise, deal.id, 'register', { registrationNumber: '2025210200000101', registeredOn: '2025-03-01' }).expect(400);
    expect(fieldsOf(early)).toEqual(['registeredOn']);
    const registered = await act(enterprise, deal.id, 'register', { registrationNumber: '2025210200000101', registeredOn: '2025-03-20' }).expect(200);
    expect(registered.body).toMatchObject({ stage: 'registered', registrationNumber: '2025210200000101', registeredOn: '2025-03-20', amountWan: 120 });
    const again = await act(enterprise, deal.id, 'cancel', { reason: '对方违约' }).expect(409);
    expect(again.body.details).toMatchObject({ from: 'registered', action: 'cancel' });
    await act(outsider, deal.id, 'cancel', { reason: 'x' }).expect(404);

    // Each step was told to the other party, never to the one that took it; refused steps told nobody.
    type Notice = { kind: string; title: string; body: string; subject: Record<string, string> };
    const noticesAbout = async (session: Session) =>
      ((await request(app.http).get('/api/v1/notifications').query({ pageSize: 100 }).set(session.auth).expect(200)).body.items as Notice[]).filter((n) => n.subject.dealId === deal.id);
    expect((await noticesAbout(university)).map((n) => n.kind).sort()).toEqual(['deal.record', 'deal.register']);
    expect((await noticesAbout(enterprise)).map((n) => n.kind)).toEqual(['deal.sign']);
    expect((await noticesAbout(enterprise))[0]).toMatchObject({ title: '合作开发合同：对方已标记“已签约”', body: expect.stringContaining('金额 120 万元') });
    expect((await noticesAbout(university)).find((n) => n.kind === 'deal.register')!.body).toContain('登记号 2025210200000101');

    const duplicate = await record(enterprise, {
      demandId: demand, buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId,
      title: '重复登记', kind: 'technical_service', stage: 'registered', amountWan: 5, signedOn: '2025-04-01', registrationNumber: '2025210200000101', registeredOn: '2025-04-02',
    }).expect(409);
    expect(fieldsOf(duplicate)).toEqual(['registrationNumber']);
  });

  it('one 登记号 is one registration whatever the case of its letters; a registration that corrects the signed facts says so on the record', async () => {
    const { body: deal } = await record(enterprise, { matchId: await freshMatch(), title: '技术许可', kind: 'license', stage: 'signed', amountWan: 80, signedOn: '2025-05-10' }).expect(201);
    const registered = await act(enterprise, deal.id, 'register', { registrationNumber: '2025ab210200001', registeredOn: '2025-05-20', amountWan: 75 }).expect(200);
    expect(registered.body).toMatchObject({ registrationNumber: '2025AB210200001', amountWan: 75 });
    const [entry] = await app.sql<{ details: unknown }>(`SELECT details FROM audit_entries WHERE action = 'deal.register' AND resource_id = $1`, [deal.id]);
    expect(entry!.details).toEqual({ from: 'signed', to: 'registered', corrected: [{ field: 'amountWan', from: 80, to: 75 }] });
    const { body: other } = await record(enterprise, { matchId: await freshMatch(), title: '另一份合同', kind: 'license', stage: 'signed', amountWan: 10, signedOn: '2025-05-11' }).expect(201);
    expect(fieldsOf(await act(enterprise, other.id, 'register', { registrationNumber: '2025Ab210200001', registeredOn: '2025-05-21' }).expect(409))).toEqual(['registrationNumber']);
  });

  it('each party removes only the contract documents it added', async () => {
    const { body: deal } = await record(enterprise, { matchId: await freshMatch(), title: '合同附件', kind: 'license' }).expect(201);
    const upload = (s: Session, name: string) => request(app.http).post(`/api/v1/deals/${deal.id}/attachments`).set(s.auth).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), name);
    const ours = (await upload(enterprise, '合同.pdf').expect(201)).body.id as string;
    const theirs = (await upload(university, '登记证明.pdf').expect(201)).body.id as string;
    expect((await request(app.http).delete(`/api/v1/attachments/${ours}`).set(university.auth).expect(403)).body.code).toBe('not_uploader');
    await request(app.http).delete(`/api/v1/attachments/${theirs}`).set(university.auth).expect(204);
    const left = (await request(app.http).get(`/api/v1/deals/${deal.id}/attachments`).set(enterprise.auth).expect(200)).body as Array<{ id: string }>;
    expect(left.map((a) => a.id)).toEqual([ours]);
  });

  it('without a match, the caller acts for a named party and the items belong to the parties', async () => {
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, enterprise.organizationId!);
    const parties = { buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, title: '成果转让', kind: 'transfer' };
    const made = await record(broker, { ...parties, achievementId: achievement }).expect(201);
    expect(made.body).toMatchObject({ source: 'direct', demandId: null, achievementId: achievement, fieldCode: 'materials' });

    const before = await dealCount();
    const unassigned = await userWithRole(app, 'broker', 'agency');
    await record(unassigned, { ...parties, achievementId: achievement }).expect(403);
    expect(fieldsOf(await record(enterprise, { ...parties, demandId: achievement }).expect(400))).toEqual(['demandId']);
    expect(fieldsOf(await record(enterprise, { ...parties, achievementId: demand }).expect(400))).toEqual(['achievementId']);
    expect(fieldsOf(await record(enterprise, parties).expect(400))).toEqual(['demandId']);
    expect(fieldsOf(await record(enterprise, { ...parties, sellerOrganizationId: outsider.organizationId, achievementId: achievement }).expect(400))).toEqual(['achievementId']);
    expect(fieldsOf(await record(enterprise, { ...parties, sellerOrganizationId: enterprise.organizationId, demandId: demand }).expect(400))).toEqual(['sellerOrganizationId']);
    expect(fieldsOf(await record(enterprise, { ...parties, matchId: await freshMatch() }).expect(400))).toEqual(['buyerOrganizationId']);
    expect(await dealCount()).toBe(before);
  });

  it('who owns a confidential item stays hidden: a deal on it waits for its disclosure to the caller', async () => {
    const secret = (await publishedItem(app, enterprise, 'demands', { visibility: 'confidential' })).id;
    const before = await dealCount();
    // Naming parties: the same answer whichever buyer is guessed, so it tells nothing about the owner.
    for (const buyer of [outsider.organizationId, enterprise.organizationId]) {
      const refused = await record(university, { buyerOrganizationId: buyer, sellerOrganizationId: university.organizationId, demandId: secret, title: '猜测', kind: 'transfer' }).expect(400);
      expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'demandId', code: 'not_disclosed' })]);
    }
    // From a match whose other side the university reads only redacted.
    const matchId = await insertMatch(app, secret, achievement);
    const fromMatch = await record(university, { matchId, title: '成果转让', kind: 'transfer' }).expect(409);
    expect(fromMatch.body).toMatchObject({ code: 'not_disclosed', fields: [expect.objectContaining({ field: 'matchId' })] });
    expect(JSON.stringify(fromMatch.body)).not.toContain(enterprise.organizationId!);
    expect(await dealCount()).toBe(before);
    expect((await request(app.http).get(`/api/v1/matches/${matchId}`).set(university.auth).expect(200)).body.state).toBe('suggested');

    // Once disclosed, the university may record it, and the deal names both parties.
    await request(app.http).put(`/api/v1/demands/${secret}/disclosures/${university.organizationId}`).set(enterprise.auth).expect(200);
    const made = await record(university, { matchId, title: '成果转让', kind: 'transfer' }).expect(201);
    expect(made.body).toMatchObject({ demandId: secret, buyer: expect.objectContaining({ id: enterprise.organizationId }) });
  });

  it('bad input names the field, and a refused deal leaves the match as it was', async () => {
    const matchId = await freshMatch();
    await request(app.http).post(`/api/v1/matches/${matchId}/actions/dismiss`).set(enterprise.auth).send({ reason: '方向不符' }).expect(200);
    const before = await dealCount();
    await record(enterprise, { matchId, title: '已排除的匹配', kind: 'license' }).expect(409);
    expect((await request(app.http).get(`/api/v1/matches/${matchId}`).set(enterprise.auth).expect(200)).body.state).toBe('dismissed');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'barter' }, 'kind'],
      [{ amountWan: -1 }, 'amountWan'],
      [{ amountWan: 1.234 }, 'amountWan'],
      [{ amountWan: 900_000_000 }, 'amountWan'],
      [{ stage: 'signed', amountWan: 1_000_000.01, signedOn: '2025-02-01' }, 'amountWan'],
      [{ stage: 'signed', amountWan: 10, signedOn: '2025-02-30' }, 'signedOn'],
      ...['12 34', '------', 'AAAAAA', '2025-ABC', '1984210200001234', '2025--210200001', '2025210200001-'].map((registrationNumber): [Record<string, unknown>, string] => [
        { stage: 'registered', amountWan: 10, signedOn: '2025-02-01', registeredOn: '2025-02-02', registrationNumber },
        'registrationNumber',
      ]),
      [{ title: '   ' }, 'title'],
      [{ signedOn: '2025-02-01' }, 'signedOn'],
      [{ eventId: '00000000-0000-4000-8000-000000000000' }, 'eventId'],
    ];
    for (const [patch, field] of cases) {
      const res = await record(enterprise, { demandId: demand, buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, title: '合同', kind: 'license', ...patch });
      expect([res.status, fieldsOf(res)]).toEqual([400, [field]]);
    }
    const notANumber = await record(enterprise, { demandId: demand, buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, title: '合同', kind: 'license', stage: 'registered', amountWan: 10, signedOn: '2025-02-01', registeredOn: '2025-02-02', registrationNumber: 'AAAAAA' }).expect(400);
    expect(notANumber.body.fields).toEqual([expect.objectContaining({ field: 'registrationNumber', message: 'registrationNumber must begin with its year (1985–2099)' })]);
    expect(await dealCount()).toBe(before);
  });

  it('organizers read turnover, local transfer and the funnel for a period; members may not', async () => {
    const organizer = await userWithRole(app, 'organizer', 'government');
    const far = await registerOrganization(app, 'institute', { regionCode: '110108' }); // 北京: not local to Liaoning
    await verifyOrganization(app, far.organizationId!);
    const farAchievement = (await publishedItem(app, far, 'achievements', { regionCode: '110108' })).id;
    const stats = (query: string) => request(app.http).get(`/api/v1/statistics/deals?${query}`).set(organizer.auth);
    const funnelBefore = (await stats('from=2019-01-01&to=2019-12-31').expect(200)).body.funnel;

    const contract = { buyerOrganizationId: enterprise.organizationId, kind: 'transfer', stage: 'signed' };
    await record(enterprise, { ...contract, sellerOrganizationId: university.organizationId, achievementId: achievement, title: '本地', amountWan: 300, signedOn: '2019-05-01' }).expect(201);
    await record(enterprise, { ...contract, sellerOrganizationId: far.organizationId, achievementId: farAchievement, title: '外省', amountWan: 100, signedOn: '2019-06-01' }).expect(201);
    await record(enterprise, { ...contract, sellerOrganizationId: far.organizationId, achievementId: farAchievement, title: '期外', amountWan: 999, signedOn: '2020-01-01' }).expect(201);
    await record(enterprise, { matchId: await freshMatch(farAchievement), title: '意向', kind: 'license' }).expect(201);

    const byField = await stats('from=2019-01-01&to=2019-12-31&groupBy=field').expect(200);
    expect(byField.body.totals).toMatchObject({ deals: 2, turnoverWan: 400, registeredWan: 0, localWan: 300, localShare: 0.75 });
    expect(byField.body.groups).toEqual([
      expect.objectContaining({ key: 'materials', deals: 1, turnoverWan: 300 }),
      expect.objectContaining({ key: 'equipment', deals: 1, turnoverWan: 100 }),
    ]);
    expect(byField.body.funnel.dealt).toBe(funnelBefore.dealt + 1);
    const bySeller = await stats('from=2019-01-01&to=2019-12-31&groupBy=seller').expect(200);
    expect(bySeller.body.groups.map((g: { label: string }) => g.label)).toEqual([expect.stringContaining('university'), expect.stringContaining('institute')]);
    const byRegion = await stats('from=2019-01-01&to=2019-12-31&groupBy=region').expect(200);
    expect(byRegion.body.groups).toEqual([expect.objectContaining({ key: '210200', label: '辽宁省大连市', turnoverWan: 400 })]);

    // A 科技局 reads its own city: by the buyer's region, the groups one level down (its districts).
    const shenyang = await registerOrganization(app, 'enterprise', { regionCode: '210102' });
    await verifyOrganization(app, shenyang.organizationId!);
    await record(shenyang, { buyerOrganizationId: shenyang.organizationId, sellerOrganizationId: university.organizationId, achievementId: achievement, kind: 'transfer', stage: 'signed', title: '沈阳', amountWan: 50, signedOn: '2019-07-01' }).expect(201);
    const inShenyang = await stats('from=2019-01-01&to=2019-12-31&regionPrefix=2101&groupBy=region').expect(200);
    expect(inShenyang.body).toMatchObject({ regionPrefix: '2101', regionName: '辽宁省沈阳市', totals: { deals: 1, turnoverWan: 50, localWan: 50 } });
    expect(inShenyang.body.groups).toEqual([expect.objectContaining({ key: '210102', label: '辽宁省沈阳市和平区', turnoverWan: 50 })]);
    expect((await stats('from=2019-01-01&to=2019-12-31&regionPrefix=2102').expect(200)).body.totals).toMatchObject({ deals: 2, turnoverWan: 400 });
    const province = await stats('from=2019-01-01&to=2019-12-31&regionPrefix=21&groupBy=region').expect(200);
    expect(province.body.groups.map((g: { key: string }) => g.key).sort()).toEqual(['210100', '210200']);
    expect(fieldsOf(await stats('from=2019-01-01&to=2019-12-31&regionPrefix=9999').expect(400))).toEqual(['regionPrefix']);
    expect(fieldsOf(await stats('from=2019-01-01&to=2019-12-31&regionPrefix=210').expect(400))).toEqual(['regionPrefix']);
    const sheet = await request(app.http).get('/api/v1/statistics/deals/export?from=2019-01-01&to=2019-12-31&regionPrefix=2101&format=csv').set(organizer.auth).expect(200);
    expect(sheet.text.trim().split('\n').at(-1)).toBe('合计（辽宁省沈阳市，2019-01-01 至 2019-12-31）,1,50,0,50');

    await request(app.http).get('/api/v1/statistics/deals?from=2019-01-01&to=2019-12-31').set(enterprise.auth).expect(403);
    expect(fieldsOf(await stats('from=2019-02-30&to=2019-12-31').expect(400))).toEqual(['from']);
    expect(fieldsOf(await stats('from=2019-12-31&to=2019-01-01').expect(400))).toEqual(['to']);
    expect(fieldsOf(await stats('from=2019-01-01&to=2019-12-31&groupBy=colour').expect(400))).toEqual(['groupBy']);
  });

  it('each party exports its deals as a 合同台账; nobody else finds them there', async () => {
    const parties = { buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, achievementId: achievement };
    const signed = await record(enterprise, { ...parties, title: '钛合金表面处理技术许可合同', kind: 'license', stage: 'signed', amountWan: 88, signedOn: '2026-11-20' }).expect(201);
    const exportOf = async (s: Session, query: Record<string, string> = {}) =>
      (await request(app.http).get('/api/v1/deals/export').query({ format: 'csv', ...query }).set(s.auth).expect(200)).text;
    const sheet = await exportOf(university, { stage: 'signed' });
    const [header, ...lines] = sheet.replace(/^\uFEFF/, '').trim().split('\n');
    expect(header).toBe('合同编号,合同名称,类型,阶段,来源,受让方 / 委托方,转让方 / 受托方,技术经纪人,金额(万元),签订日期,技术合同登记号,登记日期,终止原因');
    const row = lines.find((l) => l.startsWith(signed.body.id))!;
    expect(row).toContain(',钛合金表面处理技术许可合同,技术许可,已签约,');
    expect(row).toContain(',88,2026-11-20,');
    expect(await exportOf(enterprise)).toContain(signed.body.id);
    expect(await exportOf(outsider)).not.toContain(signed.body.id);
    expect((await request(app.http).get('/api/v1/deals/export').query({ format: 'pdf' }).set(enterprise.auth).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'format' })]);
  });

  it('admins read every deal and move none (they void one: see deal-disputes)', async () => {
    const admin = await loginAdmin(app);
    const { body: deal } = await record(university, { matchId: await freshMatch(), title: '技术服务', kind: 'technical_service' }).expect(201);
    await request(app.http).get(`/api/v1/deals/${deal.id}`).set(admin.auth).expect(200);
    await act(admin, deal.id, 'cancel', { reason: '管理员' }).expect(403);
    const cancelled = await act(university, deal.id, 'cancel', { reason: '企业预算取消' }).expect(200);
    expect(cancelled.body).toMatchObject({ stage: 'cancelled', cancelReason: '企业预算取消' });
  });
});
