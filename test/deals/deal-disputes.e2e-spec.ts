import request from 'supertest';
import { assignBroker, loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { insertMatch } from '../support/matching';

/** A deal one side recorded alone: the party it names disputes it, an admin voids it; either way it ends and leaves every figure. */
describe('disputed and voided deals', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let outsider: Session;
  let organizer: Session;
  let achievement: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise', { regionCode: '210211' });
    university = await registerOrganization(app, 'university', { regionCode: '210102' });
    outsider = await registerOrganization(app, 'enterprise');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    achievement = (await publishedItem(app, university, 'achievements')).id;
    organizer = await userWithRole(app, 'organizer', 'government');
  });
  afterAll(() => app.close());

  /** The enterprise buys the university's achievement: a contract signed (the year given per test, so each reads its own turnover). */
  const contract = (extra: Record<string, unknown> = {}) => ({
    buyerOrganizationId: enterprise.organizationId,
    sellerOrganizationId: university.organizationId,
    achievementId: achievement,
    title: '技术转让合同',
    kind: 'transfer',
    stage: 'signed',
    amountWan: 50,
    ...extra,
  });
  const record = (session: Session, body: Record<string, unknown>) => request(app.http).post('/api/v1/deals').set(session.auth).send(body);
  const act = (session: Session, id: string, action: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    request(app.http).post(`/api/v1/deals/${id}/actions/${action}`).set(session.auth).set(headers).send(body);
  const totalsIn = async (year: number) =>
    (await request(app.http).get(`/api/v1/statistics/deals?from=${year}-01-01&to=${year}-12-31`).set(organizer.auth).expect(200)).body.totals as { deals: number; turnoverWan: number };
  const noticesAbout = async (session: Session, dealId: string) =>
    ((await request(app.http).get('/api/v1/notifications').query({ pageSize: 100 }).set(session.auth).expect(200)).body.items as Array<{ kind: string; body: string; subject: Record<string, string> }>).filter(
      (n) => n.subject.dealId === dealId,
    );
  const auditOf = async (dealId: string, action: string) =>
    app.sql<{ organization_id: string | null; broker_user_id: string | null; details: unknown }>(`SELECT organization_id, broker_user_id, details FROM audit_entries WHERE action = $1 AND resource_id = $2`, [action, dealId]);

  it('the party named by the recorder disputes even a registered deal: it ends, leaves the turnover and frees its 登记号', async () => {
    const registration = { stage: 'registered', signedOn: '2015-03-01', registrationNumber: '2015210200000777', registeredOn: '2015-03-05' };
    const { body: claimed } = await record(enterprise, contract({ ...registration, title: '虚报合同', amountWan: 900_000 })).expect(201);
    expect(claimed.recordedForOrganizationId).toBe(enterprise.organizationId);
    expect(await totalsIn(2015)).toMatchObject({ deals: 1, turnoverWan: 900_000 });

    expect((await act(enterprise, claimed.id, 'dispute', { reason: '自己记录的' }).expect(403)).body.code).toBe('not_named_party');
    expect((await act(university, claimed.id, 'dispute').expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    await act(outsider, claimed.id, 'dispute', { reason: '无关' }).expect(404);
    const disputed = await act(university, claimed.id, 'dispute', { reason: '我方从未签署该合同', version: claimed.version }).expect(200);
    expect(disputed.body).toMatchObject({ stage: 'disputed', stageLabel: '对方有异议', cancelReason: '我方从未签署该合同' });
    expect(await totalsIn(2015)).toMatchObject({ deals: 0, turnoverWan: 0 });

    // The recorder is told, and the record keeps who disputed it and why.
    const told = await noticesAbout(enterprise, claimed.id);
    expect(told).toEqual([expect.objectContaining({ kind: 'deal.dispute', body: expect.stringContaining('我方从未签署该合同') })]);
    expect(await auditOf(claimed.id, 'deal.dispute')).toEqual([
      { organization_id: university.organizationId, broker_user_id: null, details: { from: 'registered', to: 'disputed', reason: '我方从未签署该合同' } },
    ]);

    // The real contract is registered under its number; the disputed one takes no further step or document.
    const real = await record(university, contract({ ...registration, title: '真实合同', amountWan: 90 })).expect(201);
    expect(real.body.registrationNumber).toBe('2015210200000777');
    expect(await totalsIn(2015)).toMatchObject({ deals: 1, turnoverWan: 90 });
    expect((await act(university, claimed.id, 'dispute', { reason: '再次' }).expect(409)).body.details).toMatchObject({ from: 'disputed', action: 'dispute' });
    await act(enterprise, claimed.id, 'cancel', { reason: '撤回' }).expect(409);
    const upload = await request(app.http).post(`/api/v1/deals/${claimed.id}/attachments`).set(enterprise.auth).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), '合同.pdf').expect(409);
    expect(upload.body.code).toBe('invalid_transition');
  });

  it('the named party’s broker disputes for it; a broker serving only the recorder may not', async () => {
    const universityBroker = await userWithRole(app, 'broker', 'agency');
    const enterpriseBroker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, universityBroker, university.organizationId!);
    await assignBroker(app, enterpriseBroker, enterprise.organizationId!);
    const { body: deal } = await record(enterprise, contract({ signedOn: '2014-04-01' })).expect(201);
    expect((await act(enterpriseBroker, deal.id, 'dispute', { reason: '代企业' }).expect(403)).body.code).toBe('not_named_party');
    await act(universityBroker, deal.id, 'dispute', { reason: '高校未授权' }, { 'X-Acting-Organization': university.organizationId! }).expect(200);
    expect(await auditOf(deal.id, 'deal.dispute')).toEqual([expect.objectContaining({ organization_id: university.organizationId, broker_user_id: universityBroker.userId })]);

    // Recorded by the broker for the university: the enterprise is the party that may dispute it.
    const { body: brokered } = await record(universityBroker, contract({ signedOn: '2014-04-02' })).expect(201);
    expect(brokered.recordedForOrganizationId).toBe(university.organizationId);
    expect((await act(university, brokered.id, 'dispute', { reason: 'x' }).expect(403)).body.code).toBe('not_named_party');
    await act(enterprise, brokered.id, 'dispute', { reason: '企业未签署' }).expect(200);
  });

  it('an admin voids any deal with a reason, on the record and told to both parties; parties may not', async () => {
    const admin = await loginAdmin(app);
    const { body: deal } = await record(enterprise, contract({ signedOn: '2013-06-01', amountWan: 70 })).expect(201);
    expect(await totalsIn(2013)).toMatchObject({ deals: 1, turnoverWan: 70 });
    expect((await act(enterprise, deal.id, 'void', { reason: '录入错误' }).expect(403)).body.code).toBe('not_admin');
    expect((await act(university, deal.id, 'void', { reason: '录入错误' }).expect(403)).body.code).toBe('not_admin');
    await act(outsider, deal.id, 'void', { reason: '无关' }).expect(404);
    expect((await act(admin, deal.id, 'void').expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect((await act(admin, deal.id, 'dispute', { reason: 'x' }).expect(403)).body.code).toBe('not_a_party');

    const voided = await act(admin, deal.id, 'void', { reason: '经核实为重复录入' }).expect(200);
    expect(voided.body).toMatchObject({ stage: 'voided', stageLabel: '已作废', cancelReason: '经核实为重复录入' });
    expect(await totalsIn(2013)).toMatchObject({ deals: 0, turnoverWan: 0 });
    expect(await auditOf(deal.id, 'deal.void')).toEqual([expect.objectContaining({ details: { from: 'signed', to: 'voided', reason: '经核实为重复录入' } })]);
    for (const party of [enterprise, university]) {
      expect(await noticesAbout(party, deal.id)).toContainEqual(expect.objectContaining({ kind: 'deal.void', body: expect.stringContaining('经核实为重复录入') }));
    }
    await act(admin, deal.id, 'void', { reason: '再次' }).expect(409);
    const listed = await request(app.http).get('/api/v1/deals').query({ stage: 'voided,disputed' }).set(enterprise.auth).expect(200);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toContain(deal.id);
  });

  it('a match whose only deal is disputed or voided leaves `deal` for the step it was at, and the funnel forgets the deal; a cancelled contract keeps it', async () => {
    const demand = async () => (await publishedItem(app, enterprise, 'demands')).id;
    const matchOf = async (id: string) => (await app.sql<{ state: string; dealt_at: Date | null }>('SELECT state, dealt_at FROM matches WHERE id = $1', [id]))[0]!;
    const milestonesOf = async (id: string) =>
      (await app.sql<Record<string, Date | null>>('SELECT contacted_at, met_at, negotiated_at, dealt_at FROM matches WHERE id = $1', [id]))[0]!;
    const onMatch = (matchId: string, extra: Record<string, unknown> = {}) => ({ matchId, title: '技术许可合同', kind: 'license', stage: 'signed', amountWan: 30, signedOn: '2014-06-01', ...extra });

    // Recorded from `negotiating`, then disputed by the party it names.
    const disputedMatch = await insertMatch(app, await demand(), achievement);
    for (const step of ['contact', 'negotiate']) await request(app.http).post(`/api/v1/matches/${disputedMatch}/actions/${step}`).set(enterprise.auth).send({}).expect(200);
    const { body: claimed } = await record(enterprise, onMatch(disputedMatch)).expect(201);
    expect(await matchOf(disputedMatch)).toMatchObject({ state: 'deal', dealt_at: expect.any(Date) });
    await act(university, claimed.id, 'dispute', { reason: '并未签约' }).expect(200);
    expect(await matchOf(disputedMatch)).toEqual({ state: 'negotiating', dealt_at: null });
    // The steps reached before the deal stay (the meeting skipped on the way to negotiating counts as reached then).
    expect(await milestonesOf(disputedMatch)).toEqual({ contacted_at: expect.any(Date), met_at: expect.any(Date), negotiated_at: expect.any(Date), dealt_at: null });

    // Recorded straight from `suggested`, then voided by an admin.
    const voidedMatch = await insertMatch(app, await demand(), achievement);
    const { body: struck } = await record(university, onMatch(voidedMatch)).expect(201);
    await act(await loginAdmin(app), struck.id, 'void', { reason: '重复录入' }).expect(200);
    expect(await matchOf(voidedMatch)).toEqual({ state: 'suggested', dealt_at: null });
    // Recorded straight from `suggested`, the deal stamped every step it skipped: they go with it.
    expect(await milestonesOf(voidedMatch)).toEqual({ contacted_at: null, met_at: null, negotiated_at: null, dealt_at: null });

    // A contract that was signed and then fell through did happen: the match stays at `deal`.
    const cancelledMatch = await insertMatch(app, await demand(), achievement);
    const { body: fell } = await record(enterprise, onMatch(cancelledMatch)).expect(201);
    const { body: second } = await record(enterprise, onMatch(cancelledMatch, { kind: 'technical_service' })).expect(201);
    await act(enterprise, fell.id, 'cancel', { reason: '对方撤回' }).expect(200);
    await act(university, second.id, 'dispute', { reason: '没有这份合同' }).expect(200);
    expect(await matchOf(cancelledMatch)).toMatchObject({ state: 'deal', dealt_at: expect.any(Date) });
  });
});
