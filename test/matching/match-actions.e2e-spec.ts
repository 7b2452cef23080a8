import { Client } from 'pg';
import request from 'supertest';
import { assignBroker, loginAdmin, registerOrganization, type Session, userWithRole } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { eventually, startTestApp, type TestApp } from '../support/harness';
import { insertMatch, type MatchItem, matchesReady, matchList } from '../support/matching';

/** Who acts on a match, on which side, and what survives the worker changing the lists meanwhile. */
describe('acting on matches', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let demand: { id: string; version: number };

  beforeAll(async () => {
    app = await startTestApp();
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    for (let i = 0; i < 8; i++) await publishedItem(app, university, 'achievements');
    demand = await publishedItem(app, enterprise, 'demands');
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
  });
  afterAll(() => app.close());

  const suggested = async (): Promise<MatchItem> => {
    const match = (await matchList(app, enterprise, 'demands', demand.id)).find((m) => m.state === 'suggested');
    if (!match) throw new Error('no suggested match left');
    return match;
  };
  const act = (session: Session, id: string, action: string, body: Record<string, unknown> = {}) =>
    request(app.http).post(`/api/v1/matches/${id}/actions/${action}`).set(session.auth).send(body);
  /** Takes an achievement back to draft (closed, then reopened): others may no longer see it. */
  const withdrawAchievement = async (id: string): Promise<void> => {
    await request(app.http).post(`/api/v1/achievements/${id}/actions/close`).set(university.auth).send({}).expect(200);
    const draft = await request(app.http).post(`/api/v1/achievements/${id}/actions/reopen`).set(university.auth).send({}).expect(200);
    expect(draft.body.status).toBe('draft');
  };

  it('a broker serving both parties names the one it acts for; feedback lands on that side, never on the other', async () => {
    const broker = await userWithRole(app, 'broker', 'agency');
    await assignBroker(app, broker, enterprise.organizationId!);
    await assignBroker(app, broker, university.organizationId!);
    const match = await suggested();
    await request(app.http).post(`/api/v1/matches/${match.id}/feedback`).set(enterprise.auth).send({ verdict: 'interested' }).expect(200);

    const ambiguous = await request(app.http).post(`/api/v1/matches/${match.id}/feedback`).set(broker.auth).send({ verdict: 'not_relevant', reason: '代高校反馈' }).expect(400);
    expect(ambiguous.body.fields).toEqual([expect.objectContaining({ field: 'X-Acting-Organization' })]);
    const forUniversity = await request(app.http)
      .post(`/api/v1/matches/${match.id}/feedback`)
      .set({ ...broker.auth, 'X-Acting-Organization': university.organizationId! })
      .send({ verdict: 'not_relevant', reason: '代高校反馈' })
      .expect(200);
    expect(forUniversity.body.side).toBe('achievement');
    const rows = await app.sql<{ side: string; verdict: string; organization_id: string }>(
      `SELECT side, verdict, organization_id FROM match_feedback WHERE match_id = $1 ORDER BY side`,
      [match.id],
    );
    expect(rows).toEqual([
      { side: 'achievement', verdict: 'not_relevant', organization_id: university.organizationId },
      { side: 'demand', verdict: 'interested', organization_id: enterprise.organizationId },
    ]);
  });

  it('an admin reads a match but neither gives feedback nor acts for a party', async () => {
    const admin = await loginAdmin(app);
    const match = await suggested();
    const feedbackOf = () => app.sql(`SELECT side, verdict, updated_at FROM match_feedback WHERE match_id = $1 ORDER BY side`, [match.id]);
    const before = await feedbackOf();
    await request(app.http).get(`/api/v1/matches/${match.id}`).set(admin.auth).expect(200);
    const feedback = await request(app.http).post(`/api/v1/matches/${match.id}/feedback`).set(admin.auth).send({ verdict: 'not_relevant' }).expect(403);
    expect(feedback.body.code).toBe('not_a_side');
    await act(admin, match.id, 'contact').expect(403);
    expect(await feedbackOf()).toEqual(before);
    expect((await app.sql<{ state: string }>(`SELECT state FROM matches WHERE id = $1`, [match.id]))[0]!.state).toBe('suggested');
  });

  it('moving a match on tells the other side, naming a confidential mover only by its neutral face; a dismissal is not announced', async () => {
    type Notice = { kind: string; title: string; body: string; subject: Record<string, string> };
    const noticesAbout = async (session: Session, matchId: string) =>
      ((await request(app.http).get('/api/v1/notifications').query({ pageSize: 100 }).set(session.auth).expect(200)).body.items as Notice[]).filter((n) => n.subject.matchId === matchId);
    const enterpriseName = (await request(app.http).get(`/api/v1/organizations/${enterprise.organizationId}`).set(enterprise.auth).expect(200)).body.name as string;

    const open = await suggested();
    await act(enterprise, open.id, 'contact').expect(200);
    await act(enterprise, open.id, 'meet').expect(200);
    const told = await noticesAbout(university, open.id);
    expect(told.map((n) => n.kind).sort()).toEqual(['match.contacted', 'match.meeting']);
    expect(told.find((n) => n.kind === 'match.meeting')).toMatchObject({
      title: `${open.counterpart.title}：对方已标记“已约见”`,
      body: expect.stringContaining(`需求「${open.item.title}」（${enterpriseName}）`),
    });
    await act(university, open.id, 'dismiss', { reason: '方向不符' }).expect(200);
    expect(await noticesAbout(enterprise, open.id)).toEqual([]);

    const SECRET = '主轴承保密工况';
    const secret = await publishedItem(app, enterprise, 'demands', { title: `${SECRET}监测需求`, neutralTitle: '装备状态监测需求', visibility: 'confidential' });
    await matchesReady(app, enterprise, 'demands', secret.id, secret.version);
    const [hidden] = await matchList(app, enterprise, 'demands', secret.id);
    await act(enterprise, hidden!.id, 'contact').expect(200);
    const [notice] = await noticesAbout(university, hidden!.id);
    expect(notice).toMatchObject({ kind: 'match.contacted', body: expect.stringContaining('需求「装备状态监测需求」将') });
    expect(JSON.stringify(notice)).not.toContain(SECRET);
    expect(JSON.stringify(notice)).not.toContain(enterpriseName);
  });

  it('a bare `deal` is a 409 telling to record the deal, changing nothing; recording the deal moves the match to deal', async () => {
    const match = await suggested();
    for (const [session, step] of [[enterprise, 'contact'], [university, 'meet'], [enterprise, 'negotiate']] as const) await act(session, match.id, step).expect(200);
    const row = () => app.sql(`SELECT state, state_version, dealt_at FROM matches WHERE id = $1`, [match.id]);
    const before = await row();
    // Someone on neither side learns nothing, not even that a deal cannot be claimed there.
    const outsider = await registerOrganization(app, 'enterprise');
    await act(outsider, match.id, 'deal').expect(404);

    const claimed = await act(enterprise, match.id, 'deal').expect(409);
    expect(claimed.body).toMatchObject({
      code: 'deal_not_recorded',
      message: expect.stringContaining('POST /api/v1/deals'),
      fields: [expect.objectContaining({ field: 'action', code: 'deal_not_recorded' })],
      details: { from: 'negotiating', action: 'deal', to: 'deal' },
    });
    expect(await row()).toEqual(before);
    expect(await app.sql(`SELECT 1 FROM audit_entries WHERE action = 'match.deal' AND resource_id = $1`, [match.id])).toEqual([]);

    // Either party records it; the match follows, and the other party is told of the deal.
    const deal = await request(app.http).post('/api/v1/deals').set(university.auth).send({ matchId: match.id, title: '轴承监测技术许可', kind: 'license' }).expect(201);
    const closed = await request(app.http).get(`/api/v1/matches/${match.id}`).set(enterprise.auth).expect(200);
    expect(closed.body).toMatchObject({ state: 'deal', milestones: { dealtAt: expect.any(String) } });
    const told = await app.sql(`SELECT kind FROM notifications WHERE organization_id = $1 AND subject @> $2::jsonb`, [enterprise.organizationId, JSON.stringify({ dealId: deal.body.id })]);
    expect(told).toEqual([{ kind: 'deal.record' }]);
    expect((await act(enterprise, match.id, 'deal').expect(409)).body).toMatchObject({ code: 'deal_not_recorded', details: { from: 'deal' } });
  });

  it('a pair of one organisation’s own items tells that organisation nothing of its own steps, messages and documents', async () => {
    // Stored before such pairs were left out of the lists; its owner can still act on it.
    const own = await publishedItem(app, enterprise, 'achievements', { title: '本企业自研轴承监测系统' });
    await matchesReady(app, enterprise, 'achievements', own.id, own.version);
    const matchId = await insertMatch(app, demand.id, own.id);
    await request(app.http).post(`/api/v1/matches/${matchId}/messages`).set(enterprise.auth).send({ body: '内部对接' }).expect(201);
    await request(app.http)
      .post(`/api/v1/matches/${matchId}/documents`)
      .set(enterprise.auth)
      .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: '方案.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect((await act(enterprise, matchId, 'meet').expect(200)).body.state).toBe('meeting');
    expect(await app.sql(`SELECT kind, title FROM notifications WHERE subject @> $1::jsonb`, [JSON.stringify({ matchId })])).toEqual([]);
  });

  it('only the side that dismissed a match restores it, back to the state it left', async () => {
    const match = await suggested();
    await act(enterprise, match.id, 'contact').expect(200);
    await act(enterprise, match.id, 'dismiss', { reason: '我方不感兴趣' }).expect(200);
    // The reason is the dismissing side's own note.
    const read = async (s: Session) => (await request(app.http).get(`/api/v1/matches/${match.id}`).set(s.auth).expect(200)).body;
    expect(await read(enterprise)).toMatchObject({ state: 'dismissed', dismissedBy: 'demand', dismissReason: '我方不感兴趣' });
    expect(await read(university)).toMatchObject({ state: 'dismissed', dismissedBy: 'demand', dismissReason: null });
    const other = await act(university, match.id, 'restore').expect(403);
    expect(other.body.code).toBe('dismissed_by_other_side');
    const restored = await act(enterprise, match.id, 'restore').expect(200);
    expect(restored.body).toMatchObject({ state: 'contacted', dismissedBy: null, dismissReason: null });
  });

  it('null or a NUL character in a match body is a 400 naming the field, and changes nothing', async () => {
    const match = await suggested();
    const nullVersion = await act(enterprise, match.id, 'contact', { version: null }).expect(400);
    expect(nullVersion.body.fields).toEqual([expect.objectContaining({ field: 'version', code: 'isNotNull' })]);
    const nul = await request(app.http).post(`/api/v1/matches/${match.id}/feedback`).set(enterprise.auth).send({ verdict: 'interested', reason: 'a\u0000b' }).expect(400);
    expect(nul.body.fields).toEqual([expect.objectContaining({ field: 'reason', code: 'nulCharacter' })]);
    expect(await app.sql(`SELECT state, state_version FROM matches WHERE id = $1`, [match.id])).toEqual([{ state: 'suggested', state_version: match.version }]);
  });

  it('a score the worker recomputes meanwhile does not make an action on the match stale', async () => {
    const match = await suggested();
    const [before] = await app.sql<{ version: number }>(`SELECT version FROM matches WHERE id = $1`, [match.id]);
    const current = await request(app.http).get(`/api/v1/demands/${demand.id}`).set(enterprise.auth).expect(200);
    const updated = await request(app.http)
      .patch(`/api/v1/demands/${demand.id}`)
      .set(enterprise.auth)
      .send({ version: current.body.version, description: `${current.body.description}希望兼顾振动与温度的综合判断。` })
      .expect(200);
    await matchesReady(app, enterprise, 'demands', demand.id, updated.body.version);
    const [after] = await app.sql<{ version: number }>(`SELECT version FROM matches WHERE id = $1`, [match.id]);
    expect(after!.version).toBeGreaterThan(before!.version); // the worker did rewrite the row
    const contacted = await act(enterprise, match.id, 'contact', { version: match.version }).expect(200);
    expect(contacted.body.version).toBe(match.version + 1);
    await act(university, match.id, 'meet', { version: match.version }).expect(409);
  });

  it('once the counterpart is withdrawn, acting on the match is a 404 that changes nothing, and lists count only what they show', async () => {
    const match = await suggested();
    await act(enterprise, match.id, 'contact').expect(200);
    await withdrawAchievement(match.counterpart.id);

    await act(enterprise, match.id, 'meet').expect(404);
    await request(app.http).post(`/api/v1/matches/${match.id}/feedback`).set(enterprise.auth).send({ verdict: 'interested' }).expect(404);
    const [row] = await app.sql<{ state: string; state_version: number }>(`SELECT state, state_version FROM matches WHERE id = $1`, [match.id]);
    expect(row).toEqual({ state: 'contacted', state_version: match.version + 1 });
    expect(await app.sql(`SELECT 1 FROM match_feedback WHERE match_id = $1 AND side = 'demand'`, [match.id])).toEqual([]);
    const contacted = await request(app.http).get(`/api/v1/demands/${demand.id}/matches?state=contacted`).set(enterprise.auth).expect(200);
    expect(contacted.body.items.map((m: MatchItem) => m.id)).not.toContain(match.id);
    expect(contacted.body.total).toBe(contacted.body.items.length);
  });

  it('a side whose own item is withdrawn or taken down reads its matches but no longer writes on them (409), except to take back what it shared', async () => {
    const match = await suggested();
    await act(university, match.id, 'contact').expect(200);
    const shared = await request(app.http)
      .post(`/api/v1/matches/${match.id}/documents`)
      .set(university.auth)
      .attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: '资料.pdf', contentType: 'application/pdf' })
      .expect(201);
    const noticesToEnterprise = () => app.sql(`SELECT kind FROM notifications WHERE organization_id = $1 AND subject @> $2::jsonb`, [enterprise.organizationId, JSON.stringify({ matchId: match.id })]);
    const before = await noticesToEnterprise();
    await withdrawAchievement(match.counterpart.id);

    for (const refused of [
      act(university, match.id, 'meet'),
      request(app.http).post(`/api/v1/matches/${match.id}/feedback`).set(university.auth).send({ verdict: 'interested' }),
      request(app.http).post(`/api/v1/matches/${match.id}/messages`).set(university.auth).send({ body: '我方成果已撤回，仍想继续沟通' }),
      request(app.http).post(`/api/v1/matches/${match.id}/documents`).set(university.auth).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), { filename: '补充.pdf', contentType: 'application/pdf' }),
    ]) {
      const res = await refused.expect(409);
      expect(res.body.code).toBe('item_not_listed');
    }
    // Nothing reached the enterprise, which can no longer see the achievement.
    const [row] = await app.sql<{ state: string }>(`SELECT state FROM matches WHERE id = $1`, [match.id]);
    expect(row!.state).toBe('contacted');
    expect(await app.sql(`SELECT 1 FROM match_messages WHERE match_id = $1`, [match.id])).toEqual([]);
    expect(await app.sql(`SELECT 1 FROM match_feedback WHERE match_id = $1`, [match.id])).toEqual([]);
    expect(await noticesToEnterprise()).toEqual(before);
    // It still reads the match, and takes back the document it had shared.
    expect((await request(app.http).get(`/api/v1/matches/${match.id}`).set(university.auth).expect(200)).body.state).toBe('contacted');
    await request(app.http).delete(`/api/v1/attachments/${shared.body.id}`).set(university.auth).expect(204);
  });

  it('feedback committed while the worker withdraws the achievement is kept, with its match', async () => {
    const match = await suggested();
    // A feedback transaction still open when the worker starts withdrawing the achievement.
    const client = new Client({ connectionString: app.env.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO match_feedback (match_id, side, verdict, organization_id, user_id) VALUES ($1, 'demand', 'interested', $2, $3)`, [
        match.id,
        enterprise.organizationId,
        enterprise.userId,
      ]);
      const closed = await request(app.http).post(`/api/v1/achievements/${match.counterpart.id}/actions/close`).set(university.auth).send({}).expect(200);
      // The withdrawal waits for that transaction's row lock.
      await eventually(async () => {
        const waiting = await app.sql(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%withdraw_achievement_match%'`);
        return waiting.length > 0 ? true : undefined;
      });
      await client.query('COMMIT');
      await eventually(async () => {
        const [item] = await app.sql<{ matched_version: number }>(`SELECT matched_version FROM achievements WHERE id = $1`, [match.counterpart.id]);
        return item!.matched_version === closed.body.version ? true : undefined;
      });
    } finally {
      await client.end();
    }
    expect(await app.sql(`SELECT state FROM matches WHERE id = $1`, [match.id])).toEqual([{ state: 'suggested' }]);
    expect(await app.sql(`SELECT verdict FROM match_feedback WHERE match_id = $1`, [match.id])).toEqual([{ verdict: 'interested' }]);
  });
});
