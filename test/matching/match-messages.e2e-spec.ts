import request from 'supertest';
import { assignBroker, loginAdmin, type Session, userWithRole } from '../support/accounts';
import { startTestApp, type TestApp } from '../support/harness';
import { CONFIDENTIAL_ACHIEVEMENT, HIDDEN_WORD, type MatchParties, matchParties } from '../support/matching';
import { MESSAGES_PER_HOUR } from '@techbridge/matches';

interface Message {
  id: string;
  side: string;
  mine: boolean;
  author: { displayName: string; organizationName: string } | null;
  body: string;
  readAt: string | null;
}

/** 对接留言: the two sides of a match write to each other through the platform. */
describe('messages on a match', () => {
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

  const write = (s: Session, matchId: string, body: unknown, headers: Record<string, string> = {}) =>
    request(app.http).post(`/api/v1/matches/${matchId}/messages`).set({ ...s.auth, ...headers }).send({ body });
  const read = async (s: Session, matchId: string): Promise<Message[]> => (await request(app.http).get(`/api/v1/matches/${matchId}/messages`).set(s.auth).expect(200)).body.items;
  const notices = async (s: Session, matchId: string) =>
    ((await request(app.http).get('/api/v1/notifications').query({ kind: 'match.message', unread: 'true' }).set(s.auth).expect(200)).body.items as Array<{ id: string; title: string; body: string; subject: { matchId: string } }>).filter(
      (n) => n.subject.matchId === matchId,
    );
  const unreadMessages = async (s: Session) => (await request(app.http).get('/api/v1/me/workbench').set(s.auth).expect(200)).body.unreadMessages as number;

  it('a first message contacts the match; each side reads the other only as far as the match shows it', async () => {
    const matchId = await freshMatch();
    const sent = await write(enterprise, matchId, '  我们对贵团队的监测技术很感兴趣，能否提供现场试验数据？  ').expect(201);
    expect(sent.body).toMatchObject({ side: 'demand', mine: true, body: '我们对贵团队的监测技术很感兴趣，能否提供现场试验数据？', readAt: null, author: { organizationName: '大连重工装备有限公司' } });
    const match = await request(app.http).get(`/api/v1/matches/${matchId}`).set(enterprise.auth).expect(200);
    expect(match.body.state).toBe('contacted');

    // The owner of the confidential achievement hears of it once, and reads who wrote (the demand is public).
    const [notice, ...more] = await notices(university, matchId);
    expect(more).toEqual([]);
    expect(notice!.title).toBe(`${CONFIDENTIAL_ACHIEVEMENT.title}：对方发起联系并留言`);
    expect(notice!.body).toContain('大连重工装备有限公司');
    expect(notice!.body).toContain('能否提供现场试验数据');
    expect(await unreadMessages(university)).toBe(1);
    const theirs = await read(university, matchId);
    expect(theirs).toEqual([expect.objectContaining({ mine: false, side: 'demand', author: expect.objectContaining({ organizationName: '大连重工装备有限公司' }) })]);
    expect(await unreadMessages(university)).toBe(0);

    // The reply: the enterprise learns neither who wrote it nor what the achievement hides.
    await write(university, matchId, '可以提供，请先签署保密协议。').expect(201);
    // Its lists and the match say there is something to read.
    expect((await request(app.http).get(`/api/v1/matches/${matchId}`).set(enterprise.auth).expect(200)).body.conversation).toEqual({ messages: 2, unread: 1, documents: 0 });
    const followed = (await request(app.http).get('/api/v1/matches').query({ state: 'contacted' }).set(enterprise.auth).expect(200)).body.items as Array<{ id: string; conversation: unknown }>;
    expect(followed.find((m) => m.id === matchId)!.conversation).toEqual({ messages: 2, unread: 1, documents: 0 });
    expect((await request(app.http).get(`/api/v1/matches/${matchId}`).set(university.auth).expect(200)).body.conversation).toEqual({ messages: 2, unread: 0, documents: 0 });
    const [reply] = await notices(enterprise, matchId);
    const ours = await read(enterprise, matchId);
    // Having read every message, the enterprise is done with the notice of them.
    expect(await notices(enterprise, matchId)).toEqual([]);
    expect(ours.map((m) => [m.mine, m.body])).toEqual([
      [true, '我们对贵团队的监测技术很感兴趣，能否提供现场试验数据？'],
      [false, '可以提供，请先签署保密协议。'],
    ]);
    expect(ours[0]!.readAt).not.toBeNull();
    const acted = await request(app.http).post(`/api/v1/matches/${matchId}/actions/meet`).set(enterprise.auth).send({}).expect(200);
    expect(acted.body.conversation).toEqual({ messages: 2, unread: 0, documents: 0 });
    expect(ours[1]!.author).toBeNull();
    expect(reply!.title).toBe('风电主轴轴承早期损伤预警：对方有新留言');
    const seen = JSON.stringify([ours, reply]);
    for (const secret of ['东北轴承研究大学', HIDDEN_WORD, CONFIDENTIAL_ACHIEVEMENT.title]) expect(seen).not.toContain(secret);
    expect(seen).toContain(CONFIDENTIAL_ACHIEVEMENT.neutralTitle);
  });

  it('one unread notice stands for a conversation; reading it lets the next message notify again', async () => {
    const matchId = await freshMatch();
    for (const text of ['第一条', '第二条', '第三条']) await write(enterprise, matchId, text).expect(201);
    const pending = await notices(university, matchId);
    expect(pending).toHaveLength(1);
    expect(await unreadMessages(university)).toBe(3);
    await request(app.http).post(`/api/v1/notifications/${pending[0]!.id}/read`).set(university.auth).expect(200);
    await write(enterprise, matchId, '第四条').expect(201);
    expect((await notices(university, matchId)).map((n) => n.body)).toEqual([expect.stringContaining('第四条')]);
  });

  it('reading a page marks read only the messages on it; reading them all settles the notice, so the next message notifies again', async () => {
    const matchId = await freshMatch();
    for (const text of ['一', '二', '三']) await write(enterprise, matchId, text).expect(201);
    const page = async (n: number) =>
      (await request(app.http).get(`/api/v1/matches/${matchId}/messages`).query({ page: n, pageSize: 2 }).set(university.auth).expect(200)).body.items as Message[];
    expect((await page(1)).map((m) => m.body)).toEqual(['一', '二']);
    const read = await app.sql<{ body: string; read: boolean }>(`SELECT body, read_at IS NOT NULL AS read FROM match_messages WHERE match_id = $1 ORDER BY created_at, id`, [matchId]);
    expect(read).toEqual([
      { body: '一', read: true },
      { body: '二', read: true },
      { body: '三', read: false },
    ]);
    expect((await request(app.http).get(`/api/v1/matches/${matchId}`).set(university.auth).expect(200)).body.conversation.unread).toBe(1);
    // One still unread: the notice stands.
    expect(await notices(university, matchId)).toHaveLength(1);
    expect((await page(2)).map((m) => m.body)).toEqual(['三']);
    expect(await notices(university, matchId)).toEqual([]);
    await write(enterprise, matchId, '四').expect(201);
    expect((await notices(university, matchId)).map((n) => n.body)).toEqual([expect.stringContaining('四')]);
  });

  it('only the two sides write; outsiders see nothing; admins read without marking read', async () => {
    const matchId = await freshMatch();
    await write(enterprise, matchId, '您好').expect(201);
    await write(outsider, matchId, '我也想参与').expect(404);
    await request(app.http).get(`/api/v1/matches/${matchId}/messages`).set(outsider.auth).expect(404);
    await request(app.http).get(`/api/v1/matches/${matchId}/messages`).expect(401);
    const admin = await loginAdmin(app);
    expect((await read(admin, matchId)).map((m) => m.body)).toEqual(['您好']);
    expect((await write(admin, matchId, '平台提醒').expect(403)).body.code).toBe('not_a_side');
    expect(await unreadMessages(university)).toBeGreaterThanOrEqual(1);
    expect((await app.sql(`SELECT read_at FROM match_messages WHERE match_id = $1`, [matchId]))[0]).toEqual({ read_at: null });
    // The admin's reading is on the record; the sides' own reading is not.
    const audit = await request(app.http).get('/api/v1/admin/audit').query({ action: 'match.messages.read' }).set(admin.auth).expect(200);
    expect(audit.body.items.filter((e: { resourceId: string }) => e.resourceId === matchId)).toEqual([expect.objectContaining({ actorUserId: admin.userId })]);

    // A broker writes for the organisation it serves, under its own name.
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, enterprise.organizationId!);
    const byBroker = await write(broker, matchId, '我是企业委托的技术经纪人。').expect(201);
    const [{ display_name: brokerName }] = await app.sql<{ display_name: string }>(`SELECT display_name FROM users WHERE id = $1`, [broker.userId]);
    expect(byBroker.body).toMatchObject({ side: 'demand', author: { displayName: brokerName, organizationName: '大连重工装备有限公司' } });
    expect(await app.sql(`SELECT 1 FROM audit_entries WHERE action = 'match.message' AND resource_id = $1 AND broker_user_id = $2`, [matchId, broker.userId])).toHaveLength(1);
  });

  it('refuses blank or overlong messages, and a dismissed match until restored, changing nothing', async () => {
    const matchId = await freshMatch();
    for (const [body, code] of [['   ', 'isNotEmpty'], ['长'.repeat(2001), 'maxLength'], [42, 'isString']] as const) {
      const res = await write(enterprise, matchId, body).expect(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'body', code })]);
    }
    expect((await request(app.http).get(`/api/v1/matches/${matchId}`).set(enterprise.auth).expect(200)).body.state).toBe('suggested');
    await request(app.http).post(`/api/v1/matches/${matchId}/actions/dismiss`).set(university.auth).send({ reason: '方向不符' }).expect(200);
    const refused = await write(enterprise, matchId, '请再考虑').expect(409);
    expect(refused.body).toMatchObject({ code: 'invalid_transition', details: { from: 'dismissed', action: 'message' } });
    expect(await app.sql(`SELECT 1 FROM match_messages WHERE match_id = $1`, [matchId])).toEqual([]);
  });

  it('one person writes at most so many an hour; the one too many is a 429 that keeps nothing', async () => {
    const matchId = await freshMatch();
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, enterprise.organizationId!);
    for (let i = 1; i <= MESSAGES_PER_HOUR; i++) await write(broker, matchId, `第 ${i} 条`).expect(201);
    const refused = await write(broker, matchId, '再多一条').expect(429);
    expect(refused.body.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await app.sql(`SELECT 1 FROM match_messages WHERE match_id = $1`, [matchId])).toHaveLength(MESSAGES_PER_HOUR);
    // Others on the same side still write.
    await write(enterprise, matchId, '我方继续跟进').expect(201);
  });

  it('are part of the writer’s personal data', async () => {
    const matchId = await freshMatch();
    await write(enterprise, matchId, '我方联系人：张工').expect(201);
    const data = (await request(app.http).get('/api/v1/me/personal-data').set(enterprise.auth).expect(200)).body;
    expect(data.matchMessages).toEqual(expect.arrayContaining([expect.objectContaining({ matchId, body: '我方联系人：张工' })]));
  });
});
