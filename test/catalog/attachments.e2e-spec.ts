import request from 'supertest';
import { assignBroker, loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { demandBody, publishedItem, verifiedOrganization, verifyOrganization } from '../support/catalog';
import { challengeProject, poolExpert } from '../support/challenges';
import { startTestApp, type TestApp } from '../support/harness';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('第三方检测：滚道剥落识别准确率 96%'), Buffer.alloc(64, 0x20)]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

/** 附件: documents of demands and achievements, read exactly by those who read the item in full. */
describe('attachments of demands and achievements', () => {
  let app: TestApp;
  let university: Session;
  let enterprise: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    university = await registerOrganization(app, 'university');
    enterprise = await registerOrganization(app, 'enterprise');
    for (const s of [university, enterprise]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const attach = (s: Session, kind: string, id: string, content: Buffer, name: string) => request(app.http).post(`/api/v1/${kind}/${id}/attachments`).set(s.auth).attach('file', content, name);
  const list = (s: Session | null, kind: string, id: string) => {
    const req = request(app.http).get(`/api/v1/${kind}/${id}/attachments`);
    return s ? req.set(s.auth) : req;
  };
  const download = (s: Session | null, id: string) => {
    const req = request(app.http).get(`/api/v1/attachments/${id}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return s ? req.set(s.auth) : req;
  };

  it('keeps a document under the name it was given and hands it back byte for byte, to anyone who reads a public item', async () => {
    const achievement = await publishedItem(app, university, 'achievements');
    const added = await attach(university, 'achievements', achievement.id, PDF, '检测报告（2026）.pdf').expect(201);
    expect(added.body).toMatchObject({ itemKind: 'achievement', itemId: achievement.id, fileName: '检测报告（2026）.pdf', contentType: 'application/pdf', size: PDF.length, downloadPath: `/api/v1/attachments/${added.body.id}` });
    expect(added.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await list(null, 'achievements', achievement.id).expect(200)).body.map((a: { id: string }) => a.id)).toEqual([added.body.id]);

    const res = await download(null, added.body.id).expect(200);
    expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="_____2026_.pdf"; filename*=UTF-8''${encodeURIComponent('检测报告（2026）.pdf').replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
  });

  it('refuses what is not a document it accepts, naming the field, and keeps nothing', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    const cases: Array<[Buffer, string, number, string]> = [
      [Buffer.from('<html><script>alert(1)</script></html>'), '报告.pdf', 400, 'unsupportedType'],
      [Buffer.from('MZ\x90\x00'), 'setup.exe', 400, 'unsupportedType'],
      [Buffer.alloc(0), 'empty.pdf', 400, 'empty'],
      [Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(10 * 1024 * 1024)]), 'huge.pdf', 413, 'maxSize'],
    ];
    for (const [content, name, status, code] of cases) {
      const res = await attach(enterprise, 'demands', demand.id, content, name).expect(status);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'file', code })]);
    }
    const none = await request(app.http).post(`/api/v1/demands/${demand.id}/attachments`).set(enterprise.auth).field('note', 'x').expect(400);
    expect(none.body.fields).toEqual([expect.objectContaining({ field: 'file' })]);
    expect((await list(enterprise, 'demands', demand.id).expect(200)).body).toEqual([]);
  });

  it('refuses a document whose name ends in another type’s extension, naming the field, and gives a name without one its type’s', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    for (const name of ['检测报告.hta', '检测报告.bat']) {
      const res = await attach(enterprise, 'demands', demand.id, PDF, name).expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', fields: [{ field: 'file', code: 'extensionMismatch', message: expect.stringContaining('.pdf') }] });
      expect(res.body.fields[0].message).toContain(name.slice(-4));
    }
    expect((await list(enterprise, 'demands', demand.id).expect(200)).body).toEqual([]);

    const { body: added } = await attach(enterprise, 'demands', demand.id, PDF, '检测报告').expect(201);
    expect(added).toMatchObject({ fileName: '检测报告.pdf', contentType: 'application/pdf' });
    const res = await download(enterprise, added.id).expect(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="____.pdf"; filename*=UTF-8''${encodeURIComponent('检测报告.pdf')}`);
  });

  it('serves a document stored before names were checked under its name with its type’s extension added', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    const { body: added } = await attach(enterprise, 'demands', demand.id, PDF, '检测报告.pdf').expect(201);
    await app.sql(`UPDATE attachments SET file_name = '检测报告.hta' WHERE id = $1`, [added.id]);
    const res = await download(null, added.id).expect(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="____.hta.pdf"; filename*=UTF-8''${encodeURIComponent('检测报告.hta.pdf')}`);
    expect((await list(null, 'demands', demand.id).expect(200)).body).toEqual([expect.objectContaining({ id: added.id, fileName: '检测报告.hta.pdf' })]);
  });

  it('keeps at most ten per item', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    for (let i = 1; i <= 10; i++) await attach(enterprise, 'demands', demand.id, PNG, `现场照片${i}.png`).expect(201);
    const refused = await attach(enterprise, 'demands', demand.id, PNG, '第十一张.png').expect(409);
    expect(refused.body.code).toBe('too_many_attachments');
    expect((await list(enterprise, 'demands', demand.id).expect(200)).body).toHaveLength(10);
  });

  it('a confidential item’s documents reach only its owner and those it disclosed the item to', async () => {
    const outsider = await registerOrganization(app, 'enterprise');
    const secret = await publishedItem(app, university, 'achievements', { visibility: 'confidential' });
    const { body: doc } = await attach(university, 'achievements', secret.id, PDF, '工艺参数.pdf').expect(201);
    expect((await list(outsider, 'achievements', secret.id).expect(403)).body.code).toBe('not_disclosed');
    expect((await download(outsider, doc.id).expect(404)).body).not.toEqual(PDF);
    await download(null, doc.id).expect(404);

    await request(app.http).put(`/api/v1/achievements/${secret.id}/disclosures/${outsider.organizationId}`).set(university.auth).expect(200);
    expect((await list(outsider, 'achievements', secret.id).expect(200)).body).toHaveLength(1);
    expect(Buffer.compare((await download(outsider, doc.id).expect(200)).body as Buffer, PDF)).toBe(0);
    // A draft is its owner's alone, documents included.
    const draft = (await request(app.http).post('/api/v1/demands').set(enterprise.auth).send(demandBody()).expect(201)).body.id as string;
    await attach(enterprise, 'demands', draft, PDF, '草稿附件.pdf').expect(201);
    await list(outsider, 'demands', draft).expect(404);
  });

  it('only the owner’s side adds and removes them, and each change is audited', async () => {
    const achievement = await publishedItem(app, university, 'achievements');
    const refused = await attach(enterprise, 'achievements', achievement.id, PDF, '不是我的.pdf').expect(403);
    expect(refused.body.code).toBe('not_owner');
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, university.organizationId!);
    const { body: doc } = await attach(broker, 'achievements', achievement.id, PDF, '经纪人整理的材料.pdf').expect(201);

    await request(app.http).delete(`/api/v1/attachments/${doc.id}`).set(enterprise.auth).expect(403);
    await request(app.http).delete(`/api/v1/attachments/${doc.id}`).set(university.auth).expect(204);
    await download(university, doc.id).expect(404);
    await request(app.http).delete(`/api/v1/attachments/${doc.id}`).set(university.auth).expect(404);
    const audit = await app.sql<{ action: string; broker_user_id: string | null }>(
      `SELECT action, broker_user_id FROM audit_entries WHERE resource_id = $1 AND action LIKE 'achievement.%tach' ORDER BY id`,
      [achievement.id],
    );
    expect(audit).toEqual([
      { action: 'achievement.attach', broker_user_id: broker.userId },
      { action: 'achievement.detach', broker_user_id: null },
    ]);
  });

  it('a 揭榜 application’s 申报材料 reach its reviewers and experts, and are frozen once it is scored', async () => {
    const owner = await verifiedOrganization(app, 'enterprise');
    const team = await verifiedOrganization(app, 'institute');
    const organizer = await userWithRole(app, 'organizer', 'government');
    const expert = await poolExpert(app, organizer, await registerOrganization(app, 'university'));
    const outsider = await registerOrganization(app, 'enterprise');
    const { challengeId, applicationId } = await challengeProject(app, owner, team, { award: false });
    await request(app.http).post(`/api/v1/demands/${challengeId}/experts`).set(owner.auth).send({ userId: expert.userId, stages: ['desk'] }).expect(201);

    const { body: doc } = await attach(team, 'challenge-applications', applicationId, PDF, '申报书.pdf').expect(201);
    expect(doc).toMatchObject({ itemKind: 'application', itemId: applicationId, fileName: '申报书.pdf' });
    for (const reader of [team, owner, expert, organizer]) {
      expect((await list(reader, 'challenge-applications', applicationId).expect(200)).body.map((a: { id: string }) => a.id)).toEqual([doc.id]);
      expect(Buffer.compare((await download(reader, doc.id).expect(200)).body as Buffer, PDF)).toBe(0);
    }
    await list(outsider, 'challenge-applications', applicationId).expect(404);
    await download(outsider, doc.id).expect(404);
    await download(null, doc.id).expect(404);
    expect((await attach(owner, 'challenge-applications', applicationId, PDF, '发榜方.pdf').expect(403)).body.code).toBe('not_applicant');

    // Once a reviewer has scored it, what was reviewed stays as it was.
    await request(app.http).post(`/api/v1/challenge-applications/${applicationId}/reviews`).set(owner.auth).send({ stage: 'desk', score: 80 }).expect(200);
    expect((await attach(team, 'challenge-applications', applicationId, PDF, '补充材料.pdf').expect(409)).body.code).toBe('review_started');
    expect((await request(app.http).delete(`/api/v1/attachments/${doc.id}`).set(team.auth).expect(409)).body.code).toBe('review_started');
    expect(await app.sql(`SELECT action FROM audit_entries WHERE resource_id = $1 AND action LIKE '%.attach'`, [applicationId])).toEqual([{ action: 'challenge_application.attach' }]);
  });

  it('an organisation’s 认证材料 reach its own people and the admins who verify it, no one else', async () => {
    const applicant = await registerOrganization(app, 'enterprise');
    const { body: license } = await attach(applicant, 'organizations', applicant.organizationId!, PNG, '营业执照.png').expect(201);
    expect(license).toMatchObject({ itemKind: 'organization', itemId: applicant.organizationId, contentType: 'image/png', fileName: '营业执照.png' });
    const admin = await loginAdmin(app);
    expect((await list(admin, 'organizations', applicant.organizationId!).expect(200)).body).toHaveLength(1);
    expect(Buffer.compare((await download(admin, license.id).expect(200)).body as Buffer, PNG)).toBe(0);
    const queue = await request(app.http).get('/api/v1/admin/organizations').query({ verified: 'false', pageSize: '100' }).set(admin.auth).expect(200);
    expect((queue.body.items as Array<{ id: string; documents: number }>).find((o) => o.id === applicant.organizationId)).toMatchObject({ documents: 1 });

    await list(enterprise, 'organizations', applicant.organizationId!).expect(404);
    await download(enterprise, license.id).expect(404);
    await attach(enterprise, 'organizations', applicant.organizationId!, PNG, '冒名.png').expect(404);
    await request(app.http).delete(`/api/v1/attachments/${license.id}`).set(enterprise.auth).expect(404);
    await request(app.http).delete(`/api/v1/attachments/${license.id}`).set(applicant.auth).expect(204);
  });

  it('a deal’s 合同附件 reach its parties, their brokers and the admins; a cancelled deal takes none', async () => {
    const achievement = await publishedItem(app, university, 'achievements');
    const dealBody = { buyerOrganizationId: enterprise.organizationId, sellerOrganizationId: university.organizationId, achievementId: achievement.id, title: '监测技术许可合同', kind: 'license' };
    const deal = (await request(app.http).post('/api/v1/deals').set(enterprise.auth).send(dealBody).expect(201)).body as { id: string };
    const { body: contract } = await attach(enterprise, 'deals', deal.id, PDF, '技术许可合同（签字版）.pdf').expect(201);
    expect(contract).toMatchObject({ itemKind: 'deal', itemId: deal.id });
    expect((await list(university, 'deals', deal.id).expect(200)).body.map((a: { id: string }) => a.id)).toEqual([contract.id]);
    expect(Buffer.compare((await download(await loginAdmin(app), contract.id).expect(200)).body as Buffer, PDF)).toBe(0);
    const outsider = await registerOrganization(app, 'enterprise');
    await list(outsider, 'deals', deal.id).expect(404);
    await download(outsider, contract.id).expect(404);

    await request(app.http).post(`/api/v1/deals/${deal.id}/actions/cancel`).set(university.auth).send({ reason: '合作方案调整' }).expect(200);
    expect((await attach(university, 'deals', deal.id, PDF, '补充协议.pdf').expect(409)).body.code).toBe('invalid_transition');
    expect((await list(university, 'deals', deal.id).expect(200)).body).toHaveLength(1);
  });
});
