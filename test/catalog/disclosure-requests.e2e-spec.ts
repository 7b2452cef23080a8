import request from 'supertest';
import { assignBroker, loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { whileCommitting } from '../support/races';
import { insertMatch } from '../support/matching';

/**
 * 申请查看详情: an organisation that sees a confidential item only redacted asks its owner for
 * the details; the owner approves (the details open to it) or declines; each side is told.
 */
describe('disclosure requests (staged disclosure, the asking half)', () => {
  let app: TestApp;
  let owner: Session;
  let university: Session;
  let institute: Session;
  let enterprise: Session;
  let unverified: Session;
  let broker: Session;
  const SECRET = '碳化硅衬底微管缺陷';
  const NEUTRAL = '半导体衬底材料质量提升需求';

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    institute = await registerOrganization(app, 'institute');
    enterprise = await registerOrganization(app, 'enterprise');
    unverified = await registerOrganization(app, 'university');
    broker = await userWithRole(app, 'broker', 'agency');
    for (const s of [owner, university, institute, enterprise]) await verifyOrganization(app, s.organizationId!);
    await assignBroker(app, broker, owner.organizationId!);
  });
  afterAll(() => app.close());

  const confidentialDemand = async () =>
    (
      await publishedItem(app, owner, 'demands', {
        title: `${SECRET}密度控制`,
        neutralTitle: NEUTRAL,
        description: `六英寸${SECRET}密度高于每平方厘米一个，外延后器件良率低，需要生长工艺改进方案。`,
        visibility: 'confidential',
      })
    ).id;
  const ask = (session: Session, demandId: string, body: Record<string, unknown> = { message: '我校有物理气相传输法长晶团队，可提供工艺改进方案。' }) =>
    request(app.http).post(`/api/v1/demands/${demandId}/disclosure-requests`).set(session.auth).send(body);
  const act = (session: Session, id: string, action: string, body: Record<string, unknown> = {}) =>
    request(app.http).post(`/api/v1/disclosure-requests/${id}/actions/${action}`).set(session.auth).send(body);
  const noticesOf = async (session: Session) => (await request(app.http).get('/api/v1/notifications').set(session.auth).expect(200)).body.items as Array<Record<string, unknown>>;
  const readDemand = async (session: Session, id: string) => (await request(app.http).get(`/api/v1/demands/${id}`).set(session.auth).expect(200)).body;
  const disclosures = async (demandId: string): Promise<number> =>
    Number((await app.sql<{ n: string }>('SELECT count(*) AS n FROM disclosures WHERE item_id = $1', [demandId]))[0]!.n);

  it('the requester asks without learning more; the owner is told, approves, and the details open to the requester, who is told', async () => {
    const demandId = await confidentialDemand();
    // The university's achievement was matched with it (rows as the worker writes them).
    const achievementId = (await publishedItem(app, university, 'achievements')).id;
    await insertMatch(app, demandId, achievementId);
    const matchSeen = async () =>
      (await request(app.http).get(`/api/v1/achievements/${achievementId}/matches`).set(university.auth).expect(200)).body.items[0] as { counterpart: { redacted: boolean }; disclosureRequest: unknown };
    expect(await matchSeen()).toMatchObject({ counterpart: { redacted: true }, disclosureRequest: null });
    const asked = await ask(university, demandId).expect(201);
    expect(await matchSeen()).toMatchObject({ counterpart: { redacted: true }, disclosureRequest: { id: asked.body.id, status: 'pending', statusLabel: '待处理' } });
    expect(asked.body).toMatchObject({
      item: { kind: 'demand', id: demandId, title: NEUTRAL, redacted: true },
      requester: { id: university.organizationId },
      owner: null,
      status: 'pending',
      statusLabel: '待处理',
      decisionNote: null,
    });
    // Until approved, the requester learns neither the hidden words nor who owns the item.
    expect(JSON.stringify(asked.body)).not.toContain(SECRET);
    expect(JSON.stringify(asked.body)).not.toContain(owner.organizationId);
    expect((await ask(university, demandId).expect(409)).body.code).toBe('already_requested');

    const requested = (await noticesOf(owner)).find((n) => n.kind === 'disclosure.requested' && (n.subject as { requestId: string }).requestId === asked.body.id);
    expect(requested).toMatchObject({ title: `${SECRET}密度控制：收到查看详情申请`, body: expect.stringContaining('物理气相传输法') });

    const received = await request(app.http).get('/api/v1/disclosure-requests').query({ box: 'received', status: 'pending', itemId: demandId }).set(owner.auth).expect(200);
    expect(received.body.items).toEqual([expect.objectContaining({ id: asked.body.id, item: expect.objectContaining({ title: `${SECRET}密度控制`, redacted: false }), owner: { id: owner.organizationId, name: expect.any(String) } })]);
    const sent = await request(app.http).get('/api/v1/disclosure-requests').query({ box: 'sent' }).set(university.auth).expect(200);
    expect(sent.body.items.map((r: { id: string }) => r.id)).toContain(asked.body.id);
    expect(JSON.stringify(sent.body)).not.toContain(SECRET);

    expect((await act(university, asked.body.id, 'approve').expect(403)).body.code).toBe('not_owner');
    expect(await disclosures(demandId)).toBe(0);

    // The owner's broker answers for it.
    const approved = await act(broker, asked.body.id, 'approve', { version: asked.body.version }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', statusLabel: '已同意', decidedAt: expect.any(String) });
    expect(await readDemand(university, demandId)).toMatchObject({ redacted: false, title: `${SECRET}密度控制` });
    expect(await matchSeen()).toMatchObject({ counterpart: { redacted: false }, disclosureRequest: null });
    expect((await noticesOf(university)).find((n) => n.kind === 'disclosure.granted' && (n.subject as { itemId: string }).itemId === demandId)).toMatchObject({
      title: `${SECRET}密度控制：详情已向贵单位公开`,
    });
    // Now open to it, the request names the item and its owner to the requester too.
    const seen = await request(app.http).get(`/api/v1/disclosure-requests/${asked.body.id}`).set(university.auth).expect(200);
    expect(seen.body).toMatchObject({ item: { title: `${SECRET}密度控制`, redacted: false }, owner: { id: owner.organizationId } });

    expect((await act(owner, asked.body.id, 'approve').expect(409)).body.code).toBe('invalid_transition');
    expect((await ask(university, demandId).expect(409)).body.code).toBe('already_visible');
    const granted = await request(app.http).get(`/api/v1/demands/${demandId}/disclosures`).set(owner.auth).expect(200);
    expect(granted.body).toEqual([expect.objectContaining({ organizationId: university.organizationId })]);
  });

  it('declined: the requester keeps the neutral face and is told why; it may ask again, and withdraw', async () => {
    const demandId = await confidentialDemand();
    const asked = await ask(institute, demandId).expect(201);
    const declined = await act(owner, asked.body.id, 'decline', { note: '暂只面向省内高校公开。' }).expect(200);
    expect(declined.body).toMatchObject({ status: 'declined', statusLabel: '未同意', decisionNote: '暂只面向省内高校公开。' });
    const asRequester = await request(app.http).get(`/api/v1/disclosure-requests/${asked.body.id}`).set(institute.auth).expect(200);
    expect(asRequester.body).toMatchObject({ status: 'declined', decisionNote: '暂只面向省内高校公开。', owner: null, item: { title: NEUTRAL, redacted: true } });
    expect(await readDemand(institute, demandId)).toMatchObject({ redacted: true, title: NEUTRAL });
    expect(await disclosures(demandId)).toBe(0);
    const notice = (await noticesOf(institute)).find((n) => n.kind === 'disclosure.declined');
    expect(notice).toMatchObject({ title: `${NEUTRAL}：查看详情申请未获同意`, body: '暂只面向省内高校公开。' });
    expect(JSON.stringify(notice)).not.toContain(SECRET);

    // Asking again at once is refused; a month on, it may ask again (and withdraw, and ask again).
    expect((await ask(institute, demandId, {}).expect(409)).body.code).toBe('recently_declined');
    await app.sql(`UPDATE disclosure_requests SET decided_at = now() - interval '31 days' WHERE id = $1`, [asked.body.id]);
    const again = await ask(institute, demandId, {}).expect(201);
    expect(again.body).toMatchObject({ status: 'pending', message: '' });
    expect((await act(owner, again.body.id, 'withdraw').expect(403)).body.code).toBe('not_requester');
    expect((await act(institute, again.body.id, 'withdraw').expect(200)).body.status).toBe('withdrawn');
    await ask(institute, demandId, {}).expect(201);
    expect((await act(owner, again.body.id, 'approve').expect(409)).body.code).toBe('invalid_transition');
    expect(await disclosures(demandId)).toBe(0);
  });

  it('a disclosure the owner gives directly answers the pending request', async () => {
    const demandId = await confidentialDemand();
    const asked = await ask(enterprise, demandId).expect(201);
    await request(app.http).put(`/api/v1/demands/${demandId}/disclosures/${enterprise.organizationId}`).set(owner.auth).expect(200);
    const after = await request(app.http).get(`/api/v1/disclosure-requests/${asked.body.id}`).set(owner.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'approved', decidedAt: expect.any(String) });
    // Granting again changes nothing and tells the enterprise nothing new.
    await request(app.http).put(`/api/v1/demands/${demandId}/disclosures/${enterprise.organizationId}`).set(owner.auth).expect(200);
    expect((await noticesOf(enterprise)).filter((n) => n.kind === 'disclosure.granted' && (n.subject as { itemId: string }).itemId === demandId)).toHaveLength(1);
  });

  it('who may ask, and bad input named by field', async () => {
    const demandId = await confidentialDemand();
    const openDemand = (await publishedItem(app, owner, 'demands', { visibility: 'members' })).id;
    expect((await ask(unverified, demandId).expect(403)).body.code).toBe('organization_not_verified');
    expect((await ask(owner, demandId).expect(409)).body.code).toBe('already_visible');
    expect((await ask(university, openDemand).expect(409)).body.code).toBe('already_visible');
    await request(app.http).post(`/api/v1/demands/${demandId}/disclosure-requests`).send({}).expect(401);
    const agency = await userWithRole(app, 'broker', 'agency');
    expect((await ask(agency, demandId).expect(403)).body.code).toBe('cannot_request');
    const tooLong = await ask(university, demandId, { message: '长'.repeat(1001) }).expect(400);
    expect(tooLong.body.fields).toEqual([expect.objectContaining({ field: 'message' })]);
    expect((await ask(university, demandId, { message: 5 }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'message', code: 'isString' })]);
    // A hidden achievement id is no item at all to the caller.
    await request(app.http).post(`/api/v1/achievements/${demandId}/disclosure-requests`).set(university.auth).send({}).expect(404);

    const asked = await ask(university, demandId).expect(201);
    await request(app.http).get(`/api/v1/disclosure-requests/${asked.body.id}`).set(enterprise.auth).expect(404);
    expect((await act(enterprise, asked.body.id, 'approve').expect(404)).body.code).toBe('disclosure_request_not_found');
    expect((await act(owner, asked.body.id, 'publish').expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'action' })]);
    expect((await act(owner, asked.body.id, 'decline', { note: 'x'.repeat(501) }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'note' })]);
    expect((await act(owner, asked.body.id, 'approve', { version: asked.body.version + 1 }).expect(409)).body.code).toBe('stale_version');
    const listed = await request(app.http).get('/api/v1/disclosure-requests').query({ status: 'pending,bogus' }).set(owner.auth).expect(400);
    expect(listed.body.fields).toEqual([expect.objectContaining({ field: 'status' })]);
    // None of the refused calls moved it.
    expect((await request(app.http).get(`/api/v1/disclosure-requests/${asked.body.id}`).set(owner.auth).expect(200)).body).toMatchObject({ status: 'pending', version: asked.body.version });
  });

  it('a broker acting for one client sees and asks as that client: another client’s disclosure is not carried over', async () => {
    const demandId = await confidentialDemand();
    const both = await userWithRole(app, 'broker', 'agency');
    for (const client of [university, institute]) await assignBroker(app, both, client.organizationId!);
    await request(app.http).put(`/api/v1/demands/${demandId}/disclosures/${university.organizationId}`).set(owner.auth).expect(200);
    const actingFor = (client: Session) => ({ ...both.auth, 'X-Acting-Organization': client.organizationId! });
    const found = async (client: Session) => (await request(app.http).get('/api/v1/demands').query({ q: SECRET }).set(actingFor(client)).expect(200)).body.items.map((i: { id: string }) => i.id);

    expect((await request(app.http).get(`/api/v1/demands/${demandId}`).set(actingFor(university)).expect(200)).body).toMatchObject({ redacted: false });
    expect(await found(university)).toContain(demandId);
    expect((await request(app.http).post(`/api/v1/demands/${demandId}/disclosure-requests`).set(actingFor(university)).send({}).expect(409)).body.code).toBe('already_visible');
    // Acting for the institute, which was shown nothing: the neutral face, and it may ask.
    expect((await request(app.http).get(`/api/v1/demands/${demandId}`).set(actingFor(institute)).expect(200)).body).toMatchObject({ redacted: true, title: NEUTRAL });
    expect(await found(institute)).not.toContain(demandId);
    const asked = await request(app.http).post(`/api/v1/demands/${demandId}/disclosure-requests`).set(actingFor(institute)).send({}).expect(201);
    expect(asked.body).toMatchObject({ requester: { id: institute.organizationId }, item: { title: NEUTRAL, redacted: true }, owner: null });
  });

  it('a requester that lost its verification meanwhile is not disclosed to: approving is a 409 naming why, and the request stays pending', async () => {
    const requester = await registerOrganization(app, 'university');
    await verifyOrganization(app, requester.organizationId!);
    const demandId = await confidentialDemand();
    const asked = await ask(requester, demandId).expect(201);
    const admin = await loginAdmin(app);
    await request(app.http).post(`/api/v1/admin/organizations/${requester.organizationId}/unverify`).set(admin.auth).expect(200);
    expect((await act(owner, asked.body.id, 'approve').expect(409)).body.code).toBe('requester_not_verified');
    expect(await disclosures(demandId)).toBe(0);
    expect((await request(app.http).get(`/api/v1/disclosure-requests/${asked.body.id}`).set(owner.auth).expect(200)).body.status).toBe('pending');
    await act(owner, asked.body.id, 'decline', { note: '贵单位认证已撤销。' }).expect(200);
  });

  it('details are asked of open items only; taking an item off the catalogue ends what is pending (lapsed, not declined), and says so', async () => {
    const demandId = await confidentialDemand();
    const asked = await ask(institute, demandId).expect(201);
    await request(app.http).post(`/api/v1/demands/${demandId}/actions/close`).set(owner.auth).send({}).expect(200);
    const closed = await ask(university, demandId).expect(409);
    expect(closed.body).toMatchObject({ code: 'invalid_transition', details: { from: 'closed' } });
    await request(app.http).delete(`/api/v1/demands/${demandId}`).set(owner.auth).expect(204);
    const after = await request(app.http).get(`/api/v1/disclosure-requests/${asked.body.id}`).set(institute.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'lapsed', statusLabel: '已失效', decisionNote: '发布方已下架该需求。', owner: null, item: { title: NEUTRAL, redacted: true } });
    const notices = (await noticesOf(institute)).filter((n) => (n.subject as { requestId?: string }).requestId === asked.body.id);
    expect(notices).toEqual([expect.objectContaining({ kind: 'disclosure.lapsed', title: `${NEUTRAL}：查看详情申请已失效`, body: '发布方已下架该需求。' })]);
    expect(await disclosures(demandId)).toBe(0);
  });

  it('a takedown ends pending requests without the owner declining them: once it is lifted, their requesters ask again at once', async () => {
    const admin = await loginAdmin(app);
    const demandId = await confidentialDemand();
    const asked = await ask(institute, demandId).expect(201);
    await request(app.http).post(`/api/v1/demands/${demandId}/take-down`).set(admin.auth).send({ reason: '含有与技术无关的广告推广信息' }).expect(200);
    const lapsed = await request(app.http).get(`/api/v1/disclosure-requests/${asked.body.id}`).set(institute.auth).expect(200);
    expect(lapsed.body).toMatchObject({ status: 'lapsed', statusLabel: '已失效', decisionNote: '平台已下架该需求。', owner: null, item: { title: NEUTRAL, redacted: true } });
    const told = (await noticesOf(institute)).filter((n) => (n.subject as { requestId?: string }).requestId === asked.body.id);
    expect(told).toEqual([expect.objectContaining({ kind: 'disclosure.lapsed', title: `${NEUTRAL}：查看详情申请已失效`, body: '平台已下架该需求。' })]);

    await request(app.http).delete(`/api/v1/demands/${demandId}/take-down`).set(admin.auth).expect(200);
    const again = await ask(institute, demandId).expect(201);
    expect(again.body).toMatchObject({ status: 'pending' });
    // The owner's own decline still holds its requester off.
    await act(owner, again.body.id, 'decline', { note: '暂不公开。' }).expect(200);
    expect((await ask(institute, demandId).expect(409)).body.code).toBe('recently_declined');
  });

  it('two answers racing on one request: exactly one wins, and the disclosure follows the winner', async () => {
    for (let round = 0; round < 4; round++) {
      const demandId = await confidentialDemand();
      const asked = await ask(university, demandId).expect(201);
      const [approve, withdraw] = await Promise.all([act(owner, asked.body.id, 'approve'), act(university, asked.body.id, 'withdraw')]);
      expect([approve.status, withdraw.status].sort()).toEqual([200, 409]);
      const final = (await request(app.http).get(`/api/v1/disclosure-requests/${asked.body.id}`).set(owner.auth).expect(200)).body.status;
      expect(final).toBe(approve.status === 200 ? 'approved' : 'withdrawn');
      expect(await disclosures(demandId)).toBe(approve.status === 200 ? 1 : 0);
    }
    // Two requests racing from one organisation: one is taken, the other refused.
    const demandId = await confidentialDemand();
    const both = await Promise.all([ask(institute, demandId), ask(institute, demandId)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('a request meeting an archive under way finds the item gone: no request is left pending on it', async () => {
    const demandId = await confidentialDemand();
    const res = await whileCommitting(
      app,
      (db) => db.query(`UPDATE tech_demands SET status = 'closed', archived_at = now(), version = version + 1 WHERE id = $1`, [demandId]),
      () => ask(university, demandId),
    );
    expect(res.status).toBe(404);
    expect(await app.sql('SELECT 1 FROM disclosure_requests WHERE item_id = $1', [demandId])).toEqual([]);
  });
});
