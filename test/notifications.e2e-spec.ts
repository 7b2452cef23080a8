import request from 'supertest';
import type { Session } from './support/accounts';
import { publishedItem, verifiedOrganization } from './support/catalog';
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
});
