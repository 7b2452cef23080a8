import request from 'supertest';
import { registerOrganization, type Session } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';

/** A confidential demand: outsiders see its neutral face everywhere, never its details. */
describe('confidentiality and staged disclosure', () => {
  let app: TestApp;
  let owner: Session;
  let outsider: Session;
  let partner: Session;
  let secretId: string;
  const SECRET = '氮化镓外延片翘曲';
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    owner = await registerOrganization(app, 'enterprise');
    outsider = await registerOrganization(app, 'enterprise');
    partner = await registerOrganization(app, 'university');
    await verifyOrganization(app, owner.organizationId!);
    secretId = (
      await publishedItem(app, owner, 'demands', {
        title: `${SECRET}控制技术需求`,
        neutralTitle: '半导体材料工艺改进需求',
        description: `六英寸${SECRET}超过50微米，导致光刻对准失败，需要应力调控方案。`,
        keywords: ['外延', '应力'],
        fieldCode: 'integrated_circuits',
        chainCodes: ['semiconductor_equipment'],
        budget: { minWan: 300, maxWan: 500 },
        visibility: 'confidential',
      })
    ).id;
    await publishedItem(app, owner, 'demands', { title: '公开的轴承监测需求', visibility: 'public' });
  });
  afterAll(() => app.close());

  const ids = (res: request.Response) => res.body.items.map((i: { id: string }) => i.id);

  it('an outsider sees only the neutral title, field, chain and region', async () => {
    const res = await request(app.http).get(`/api/v1/demands/${secretId}`).set(outsider.auth).expect(200);
    expect(res.body).toEqual({
      id: secretId, redacted: true, title: '半导体材料工艺改进需求', fieldCode: 'integrated_circuits', chainCodes: ['semiconductor_equipment'],
      regionCode: '210211', regionName: '辽宁省大连市甘井子区', visibility: 'confidential', status: 'published', publishedAt: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain('氮化镓');
  });

  it('anonymous callers do not see confidential or members-only items at all', async () => {
    await request(app.http).get(`/api/v1/demands/${secretId}`).expect(404);
    const list = await request(app.http).get('/api/v1/demands').expect(200);
    expect(ids(list)).not.toContain(secretId);
  });

  it('a search on a hidden word does not find it for outsiders, but does for the owner', async () => {
    const outside = await request(app.http).get('/api/v1/demands').query({ q: '氮化镓' }).set(outsider.auth).expect(200);
    expect(ids(outside)).not.toContain(secretId);
    const own = await request(app.http).get('/api/v1/demands').query({ q: '氮化镓' }).set(owner.auth).expect(200);
    expect(ids(own)).toContain(secretId);
    expect(own.body.items[0]).toMatchObject({ redacted: false, title: expect.stringContaining('氮化镓') });
  });

  it('the neutral face is searchable and listed, redacted', async () => {
    const res = await request(app.http).get('/api/v1/demands').query({ q: '半导体材料' }).set(outsider.auth).expect(200);
    expect(res.body.items).toEqual([expect.objectContaining({ id: secretId, redacted: true, title: '半导体材料工艺改进需求' })]);
  });

  it('filters on hidden fields never match it for outsiders (no probing the budget)', async () => {
    for (const query of [{ budgetMin: 400 }, { budgetMax: 350 }, { cooperationMode: 'joint_development' }, { desiredStage: 'industrial' }]) {
      expect(ids(await request(app.http).get('/api/v1/demands').query(query).set(outsider.auth).expect(200))).not.toContain(secretId);
      expect(ids(await request(app.http).get('/api/v1/demands').query(query).set(owner.auth).expect(200))).toContain(secretId);
    }
    // Nor does filtering by owner reveal who posted it.
    expect(ids(await request(app.http).get('/api/v1/demands').query({ organizationId: owner.organizationId }).set(outsider.auth).expect(200))).not.toContain(secretId);
  });

  it('exports are redacted exactly like the list', async () => {
    const csv = await request(app.http).get('/api/v1/demands/export').query({ format: 'csv' }).set(outsider.auth).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('半导体材料工艺改进需求');
    expect(csv.text).toContain('公开的轴承监测需求');
    expect(csv.text).not.toContain('氮化镓');
    expect(csv.text).not.toContain('300-500');
    const ownCsv = await request(app.http).get('/api/v1/demands/export').query({ format: 'csv' }).set(owner.auth).expect(200);
    expect(ownCsv.text).toContain('氮化镓');
  });

  it('the owner releases the details to one organisation, and can take them back', async () => {
    await request(app.http).put(`/api/v1/demands/${secretId}/disclosures/${partner.organizationId}`).set(outsider.auth).expect(403);
    await request(app.http).put(`/api/v1/demands/${secretId}/disclosures/${partner.organizationId}`).set(owner.auth).expect(200);
    const seen = await request(app.http).get(`/api/v1/demands/${secretId}`).set(partner.auth).expect(200);
    expect(seen.body).toMatchObject({ redacted: false, title: `${SECRET}控制技术需求`, budget: { minWan: 300, maxWan: 500 } });
    expect(ids(await request(app.http).get('/api/v1/demands').query({ q: '氮化镓' }).set(partner.auth).expect(200))).toContain(secretId);
    // Still hidden from everyone else.
    expect((await request(app.http).get(`/api/v1/demands/${secretId}`).set(outsider.auth)).body.redacted).toBe(true);
    const listed = await request(app.http).get(`/api/v1/demands/${secretId}/disclosures`).set(owner.auth).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ organizationId: partner.organizationId, grantedBy: owner.userId })]);
    await request(app.http).get(`/api/v1/demands/${secretId}/disclosures`).set(partner.auth).expect(403);

    await request(app.http).delete(`/api/v1/demands/${secretId}/disclosures/${partner.organizationId}`).set(owner.auth).expect(204);
    expect((await request(app.http).get(`/api/v1/demands/${secretId}`).set(partner.auth)).body.redacted).toBe(true);
    expect(ids(await request(app.http).get('/api/v1/demands').query({ q: '氮化镓' }).set(partner.auth).expect(200))).not.toContain(secretId);
  });

  it('sorted by last edit, an item an outsider reads redacted sorts by its publication: an edit does not lift it', async () => {
    const place = { regionCode: '110105' }; // none of this file's other items is in Beijing
    const secret = await publishedItem(app, owner, 'demands', { ...place, title: `${SECRET}检测需求`, neutralTitle: '半导体检测需求', visibility: 'confidential' });
    const open = await publishedItem(app, owner, 'demands', { ...place, title: '公开的晶圆清洗需求', visibility: 'public' });
    await request(app.http).patch(`/api/v1/demands/${secret.id}`).set(owner.auth).send({ version: secret.version, title: `${SECRET}在线检测需求` }).expect(200);
    const sorted = async (s: Session) => ids(await request(app.http).get('/api/v1/demands').query({ regionPrefix: '110105', sort: 'updated' }).set(s.auth).expect(200));
    expect(await sorted(owner)).toEqual([secret.id, open.id]);
    expect(await sorted(outsider)).toEqual([open.id, secret.id]);
  });

  it('members-only items are visible to every signed-in user and to no anonymous caller', async () => {
    const members = await publishedItem(app, owner, 'demands', { title: '会员可见的需求', visibility: 'members' });
    await request(app.http).get(`/api/v1/demands/${members.id}`).expect(404);
    expect((await request(app.http).get(`/api/v1/demands/${members.id}`).set(outsider.auth).expect(200)).body.redacted).toBe(false);
  });
});
