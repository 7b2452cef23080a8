import request from 'supertest';
import { assignBroker, loginAdmin, type Session, userWithRole } from '../support/accounts';
import { binaryBody, startTestApp, type TestApp } from '../support/harness';
import { CONFIDENTIAL_ACHIEVEMENT, HIDDEN_WORD, type MatchParties, matchParties } from '../support/matching';
import { DOCUMENTS_PER_HOUR } from '@techbridge/matches';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('保密协议（草案）'), Buffer.alloc(64, 0x20)]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

interface Document {
  id: string;
  itemKind: string;
  fileName: string;
  mine: boolean;
  downloadPath: string;
}

/** 对接资料: the two sides of a match share documents through the platform. */
describe('documents shared on a match', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let outsider: Session;
  let freshMatch: MatchParties['freshMatch'];
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    ({ enterprise, university, outsider, freshMatch } = await matchParties(app));
  });
  afterAll(() => app.close());

  const share = (s: Session, matchId: string, content: Buffer, name: string) => request(app.http).post(`/api/v1/matches/${matchId}/documents`).set(s.auth).attach('file', content, name);
  const documents = async (s: Session, matchId: string): Promise<Document[]> => (await request(app.http).get(`/api/v1/matches/${matchId}/documents`).set(s.auth).expect(200)).body;
  const notices = async (s: Session, matchId: string) =>
    ((await request(app.http).get('/api/v1/notifications').query({ kind: 'match.document' }).set(s.auth).expect(200)).body.items as Array<{ title: string; body: string; subject: { matchId: string } }>).filter((n) => n.subject.matchId === matchId);

  it('either side shares documents and the other is told; each reads them all, and learns no more of the other than the match shows', async () => {
    const matchId = await freshMatch();
    // The confidential side shares first: that contacts the match.
    const nda = await share(university, matchId, PDF, '保密协议（草案）.pdf').expect(201);
    expect(nda.body).toMatchObject({ itemKind: 'match', itemId: matchId, fileName: '保密协议（草案）.pdf', contentType: 'application/pdf', mine: true });
    expect((await request(app.http).get(`/api/v1/matches/${matchId}`).set(enterprise.auth).expect(200)).body.state).toBe('contacted');
    const [told, ...more] = await notices(enterprise, matchId);
    expect(more).toEqual([]);
    expect(told!.title).toBe('风电主轴轴承早期损伤预警：对方发起联系并上传了对接资料');
    expect(told!.body).toContain(`「${CONFIDENTIAL_ACHIEVEMENT.neutralTitle}」`);
    expect(told!.body).toContain('保密协议（草案）.pdf');
    expect(told!.body).not.toContain('东北轴承研究大学');

    // The enterprise reads and downloads it; nothing in the listing names the university or its hidden details.
    const listed = await request(app.http).get(`/api/v1/matches/${matchId}/documents`).set(enterprise.auth).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ id: nda.body.id, mine: false })]);
    for (const hidden of ['东北轴承研究大学', university.organizationId!, HIDDEN_WORD]) expect(JSON.stringify(listed.body)).not.toContain(hidden);
    const file = await request(app.http).get(nda.body.downloadPath).set(enterprise.auth).buffer(true).parse(binaryBody).expect(200);
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);

    // The enterprise answers with a document of its own; the university is told, and reads who (the demand is public).
    const drawing = await share(enterprise, matchId, PNG, '现场布置图.png').expect(201);
    expect((await notices(university, matchId))[0]!.body).toContain('大连重工装备有限公司');
    expect((await documents(university, matchId)).map((d) => [d.fileName, d.mine])).toEqual([['保密协议（草案）.pdf', true], ['现场布置图.png', false]]);
    // The match says so, in lists and single reads, for both sides.
    expect((await request(app.http).get(`/api/v1/matches/${matchId}`).set(university.auth).expect(200)).body.conversation).toEqual({ messages: 0, unread: 0, documents: 2 });
    const followed = (await request(app.http).get('/api/v1/matches').query({ state: 'contacted' }).set(enterprise.auth).expect(200)).body.items as Array<{ id: string; conversation: unknown }>;
    expect(followed.find((m) => m.id === matchId)!.conversation).toEqual({ messages: 0, unread: 0, documents: 2 });

    // Each side removes only what it shared.
    const notYours = await request(app.http).delete(`/api/v1/attachments/${nda.body.id}`).set(enterprise.auth).expect(403);
    expect(notYours.body.code).toBe('not_uploader');
    await request(app.http).delete(`/api/v1/attachments/${drawing.body.id}`).set(enterprise.auth).expect(204);
    expect((await documents(enterprise, matchId)).map((d) => d.id)).toEqual([nda.body.id]);
    // What each person shared is theirs to look up (个人信息查阅): listed in their own export only.
    const uploadsOf = async (s: Session) => ((await request(app.http).get('/api/v1/me/personal-data').set(s.auth).expect(200)).body.uploads as Array<{ id: string; holderKind: string; holderId: string; fileName: string }>).filter((u) => u.holderId === matchId);
    expect(await uploadsOf(university)).toEqual([expect.objectContaining({ id: nda.body.id, holderKind: 'match', fileName: '保密协议（草案）.pdf', size: PDF.length })]);
    expect(await uploadsOf(enterprise)).toEqual([]);

    // Outside both sides: as if there were nothing; an admin may read, and that is on the record.
    await request(app.http).get(`/api/v1/matches/${matchId}/documents`).set(outsider.auth).expect(404);
    await request(app.http).get(nda.body.downloadPath).set(outsider.auth).expect(404);
    await share(outsider, matchId, PDF, 'x.pdf').expect(404);
    const admin = await loginAdmin(app);
    expect((await documents(admin, matchId)).map((d) => d.id)).toEqual([nda.body.id]);
    expect(await app.sql(`SELECT 1 FROM audit_entries WHERE action = 'match.documents.read' AND resource_id = $1`, [matchId])).toHaveLength(1);
    await share(admin, matchId, PDF, 'x.pdf').expect(403);
  });

  it('a dismissed match takes no documents until restored, though each side may still take its own back; a match keeps at most 10; a refused upload changes nothing', async () => {
    const matchId = await freshMatch();
    const shared = (await share(university, matchId, PDF, '方案.pdf').expect(201)).body.id as string;
    await request(app.http).post(`/api/v1/matches/${matchId}/actions/dismiss`).set(enterprise.auth).send({ reason: '方向不符' }).expect(200);
    const refused = await share(university, matchId, PDF, 'a.pdf').expect(409);
    expect(refused.body).toMatchObject({ code: 'invalid_transition', details: { from: 'dismissed' } });
    expect(await notices(enterprise, matchId)).toHaveLength(1);
    await request(app.http).delete(`/api/v1/attachments/${shared}`).set(university.auth).expect(204);
    expect(await documents(enterprise, matchId)).toEqual([]);
    await request(app.http).post(`/api/v1/matches/${matchId}/actions/restore`).set(enterprise.auth).send({}).expect(200);

    for (let i = 1; i <= 10; i++) await share(i % 2 ? university : enterprise, matchId, PDF, `资料${i}.pdf`).expect(201);
    expect((await share(university, matchId, PDF, '资料11.pdf').expect(409)).body.code).toBe('too_many_attachments');
    const notPdf = await share(university, matchId, Buffer.from('plain text, not a document'), 'readme.pdf');
    expect(notPdf.status).toBeGreaterThanOrEqual(400);
    expect(notPdf.status).toBeLessThan(500);
    expect(await documents(enterprise, matchId)).toHaveLength(10);
  });

  it('one person shares at most so many an hour; the one too many is a 429 that keeps nothing', async () => {
    const sharer = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, sharer, university.organizationId!);
    const matches = [await freshMatch(), await freshMatch(), await freshMatch(), await freshMatch()];
    for (let i = 0; i < DOCUMENTS_PER_HOUR; i++) await share(sharer, matches[Math.floor(i / 10)]!, PDF, `方案${i}.pdf`).expect(201);
    const refused = await share(sharer, matches[3]!, PDF, '再多一份.pdf').expect(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(await documents(university, matches[3]!)).toEqual([]);
  });
});
