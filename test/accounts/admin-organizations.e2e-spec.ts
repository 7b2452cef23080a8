import request from 'supertest';
import { loginAdmin, PASSWORD, registerOrganization, type Session } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';

/** Admins find organisations: the verification queue (审核) in sign-up order, and any by name, code, type or region. */
describe('the admins’ list of organisations', () => {
  let app: TestApp;
  let admin: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    admin = await loginAdmin(app);
  });
  afterAll(() => app.close());

  type Listed = { id: string; name: string; verified: boolean; members: number; type: string; creditCode: string };
  const list = async (query: string) => (await request(app.http).get(`/api/v1/admin/organizations${query}`).set(admin.auth).expect(200)).body as { items: Listed[]; total: number };

  it('lists the verification queue oldest first with member counts, and filters by name, code, type and region', async () => {
    const first = await registerOrganization(app, 'enterprise', { name: '沈阳精密轴承有限公司', regionCode: '210106' });
    const second = await registerOrganization(app, 'university', { name: '大连海事技术大学', regionCode: '210211' });
    const third = await registerOrganization(app, 'enterprise', { name: '鞍山特种钢材有限公司', regionCode: '210302' });
    const invitation = await request(app.http).post(`/api/v1/organizations/${first.organizationId}/invitations`).set(first.auth).send({ email: 'colleague@example.test' }).expect(201);
    await request(app.http).post('/api/v1/auth/register').send({ email: 'colleague@example.test', password: PASSWORD, displayName: '同事', invitationToken: invitation.body.token }).expect(201);
    await request(app.http).post(`/api/v1/admin/organizations/${second.organizationId}/verify`).set(admin.auth).expect(200);

    const queue = await list('?verified=false');
    expect(queue.items.map((o) => o.id)).toEqual([first.organizationId, third.organizationId]);
    expect(queue.items[0]).toMatchObject({ name: '沈阳精密轴承有限公司', verified: false, members: 2, regionName: '辽宁省沈阳市铁西区', createdAt: expect.any(String), verifiedAt: null });
    expect((await list('?verified=true')).items).toEqual([expect.objectContaining({ id: second.organizationId, verifiedAt: expect.any(String) })]);

    expect((await list('?q=轴承')).items.map((o) => o.id)).toEqual([first.organizationId]);
    const [{ creditCode }] = await app.sql<{ creditCode: string }>('SELECT credit_code AS "creditCode" FROM organizations WHERE id = $1', [third.organizationId]);
    expect((await list(`?q=${creditCode.toLowerCase()}`)).items.map((o) => o.id)).toEqual([third.organizationId]);
    expect((await list('?q=%25')).items).toEqual([]);
    expect((await list('?type=university')).items.map((o) => o.id)).toEqual([second.organizationId]);
    expect((await list('?regionPrefix=2103')).items.map((o) => o.id)).toEqual([third.organizationId]);
    expect((await list('?regionPrefix=21&pageSize=2')).total).toBe(3);
  });

  it('tells an organisation when it is verified or its verification is withdrawn, once per change', async () => {
    const org = await registerOrganization(app, 'institute', { name: '辽宁先进材料研究院' });
    const path = `/api/v1/admin/organizations/${org.organizationId}`;
    const verifiedAt = async () => (await app.sql<{ at: Date | null }>(`SELECT verified_at AS at FROM organizations WHERE id = $1`, [org.organizationId]))[0]!.at;
    await request(app.http).post(`${path}/verify`).set(admin.auth).expect(200);
    const first = await verifiedAt();
    // Verifying again changes nothing, the day of verification included.
    await request(app.http).post(`${path}/verify`).set(admin.auth).expect(200);
    expect(await verifiedAt()).toEqual(first);
    await request(app.http).post(`${path}/unverify`).set(admin.auth).expect(200);
    const notices = (await request(app.http).get('/api/v1/notifications').query({ kind: 'organization' }).set(org.auth).expect(200)).body.items as Array<{ kind: string; title: string }>;
    expect(notices.map((n) => [n.kind, n.title])).toEqual([
      ['organization.unverified', '「辽宁先进材料研究院」的平台认证已撤销'],
      ['organization.verified', '「辽宁先进材料研究院」已通过平台认证'],
    ]);
  });

  it('refuses bad filters with a 400 naming them', async () => {
    for (const [query, field] of [['?verified=maybe', 'verified'], ['?regionPrefix=2', 'regionPrefix'], ['?type=club', 'type']] as const) {
      const res = await request(app.http).get(`/api/v1/admin/organizations${query}`).set(admin.auth).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field })]);
    }
  });
});
