import request from 'supertest';
import type { Session } from './support/accounts';
import { publishedItem, verifiedOrganization } from './support/catalog';
import { insertMatch } from './support/matching';
import { startTestApp, type TestApp } from './support/harness';

/** In-app notifications: what each organisation is told, filtered by what it is about, read one by one or all at once. */
describe('notifications', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await verifiedOrganization(app, 'enterprise');
    university = await verifiedOrganization(app, 'university');
  });
  afterAll(() => app.close());

  const list = (session: Session, query: Record<string, string> = {}) => request(app.http).get('/api/v1/notifications').query(query).set(session.auth);

  it('counts the unread, filters by kind or family, and marks all of an organisation’s read', async () => {
    const secret = await publishedItem(app, enterprise, 'demands', { visibility: 'confidential' });
    const asked = await request(app.http).post(`/api/v1/demands/${secret.id}/disclosure-requests`).set(university.auth).send({ message: '希望了解指标' }).expect(201);
    await request(app.http).post(`/api/v1/disclosure-requests/${asked.body.id}/actions/decline`).set(enterprise.auth).send({ note: '暂不公开' }).expect(200);
    const achievement = await publishedItem(app, university, 'achievements');
    await request(app.http)
      .post('/api/v1/deals')
      .set(university.auth)
      .send({ buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, achievementId: achievement.id, title: '通知测试合同', kind: 'license' })
      .expect(201);

    const all = await list(enterprise).expect(200);
    // (Each was told first that the platform verified it.)
    expect(all.body).toMatchObject({ total: 3, unread: 3 });
    expect(all.body.items.map((n: { kind: string }) => n.kind).sort()).toEqual(['deal.record', 'disclosure.requested', 'organization.verified']);
    expect((await list(enterprise, { kind: 'deal' }).expect(200)).body.items.map((n: { kind: string }) => n.kind)).toEqual(['deal.record']);
    expect((await list(enterprise, { kind: 'disclosure.requested' }).expect(200)).body.total).toBe(1);
    expect((await list(enterprise, { kind: 'disclo' }).expect(200)).body.total).toBe(0);
    expect((await list(enterprise, { kind: "deal'%" }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'kind' })]);

    expect((await request(app.http).post('/api/v1/notifications/read').set(enterprise.auth).send({}).expect(200)).body).toEqual({ marked: 3 });
    expect((await list(enterprise, { unread: 'true' }).expect(200)).body).toMatchObject({ items: [], total: 0, unread: 0 });
    expect((await request(app.http).post('/api/v1/notifications/read').set(enterprise.auth).send({}).expect(200)).body).toEqual({ marked: 0 });
    // Another organisation's notices are untouched.
    expect((await list(university).expect(200)).body).toMatchObject({ total: 2, unread: 2, items: [expect.objectContaining({ kind: 'disclosure.declined', readAt: null }), expect.objectContaining({ kind: 'organization.verified' })] });
  });

  it('rewrites what an organisation was told of an item whose details are withdrawn from it: a disclosure revoked, the item made confidential', async () => {
    const REAL = '某型燃气轮机叶片热障涂层寿命提升';
    const NEUTRAL = '高温部件防护技术需求';
    const about = async (session: Session, itemId: string) =>
      ((await list(session, { kind: 'match' }).expect(200)).body.items as Array<{ title: string; body: string; subject: Record<string, string> }>)
        .concat((await list(session, { kind: 'disclosure' }).expect(200)).body.items)
        .filter((n) => n.subject.itemId === itemId || n.subject.demandId === itemId);

    // Disclosed, the university is told the real title; revoked, what it holds reads by the neutral title only.
    const secret = await publishedItem(app, enterprise, 'demands', { title: REAL, neutralTitle: NEUTRAL, visibility: 'confidential' });
    await request(app.http).put(`/api/v1/demands/${secret.id}/disclosures/${university.organizationId}`).set(enterprise.auth).expect(200);
    expect(JSON.stringify(await about(university, secret.id))).toContain(REAL);
    await request(app.http).delete(`/api/v1/demands/${secret.id}/disclosures/${university.organizationId}`).set(enterprise.auth).expect(204);
    const revoked = await about(university, secret.id);
    expect(revoked).toHaveLength(1);
    expect(JSON.stringify(revoked)).not.toContain(REAL);
    expect(revoked[0]!.title).toContain(NEUTRAL);

    // Public when the enterprise contacted the university about a match; made confidential since.
    const open = await publishedItem(app, enterprise, 'demands', { title: `${REAL}（二期）`, neutralTitle: NEUTRAL });
    const achievement = await publishedItem(app, university, 'achievements');
    const matchId = await insertMatch(app, open.id, achievement.id);
    await request(app.http).post(`/api/v1/matches/${matchId}/actions/contact`).set(enterprise.auth).send({}).expect(200);
    expect(JSON.stringify(await about(university, open.id))).toContain(`${REAL}（二期）`);
    const { version } = (await request(app.http).get(`/api/v1/demands/${open.id}`).set(enterprise.auth).expect(200)).body;
    await request(app.http).patch(`/api/v1/demands/${open.id}`).set(enterprise.auth).send({ version, visibility: 'confidential' }).expect(200);
    const withdrawn = await about(university, open.id);
    expect(withdrawn.length).toBeGreaterThan(0);
    expect(JSON.stringify(withdrawn)).not.toContain(REAL);
  });
});
