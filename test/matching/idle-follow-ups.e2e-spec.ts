import { IdleFollowUps } from '@techbridge/matches';
import { JobProducer } from '@techbridge/queue';
import request from 'supertest';
import { registerOrganization, type Session } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { eventually, startTestApp, type TestApp } from '../support/harness';
import { CONFIDENTIAL_ACHIEVEMENT, HIDDEN_WORD, insertMatch } from '../support/matching';

interface Notice {
  kind: string;
  title: string;
  body: string;
  subject: Record<string, string>;
}

/** 跟踪提醒: both sides of a match whose follow-up stalled for a month are asked where it stands, once per stall. */
describe('idle follow-up reminders', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  beforeAll(async () => {
    app = await startTestApp();
    enterprise = await registerOrganization(app, 'enterprise', { name: '鞍山重型装备有限公司' });
    university = await registerOrganization(app, 'university', { name: '辽宁轴承技术研究大学' });
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const act = (s: Session, matchId: string, action: string, body: Record<string, unknown> = {}) =>
    request(app.http).post(`/api/v1/matches/${matchId}/actions/${action}`).set(s.auth).send(body).expect(200);
  /** The enterprise's public demand and the university's confidential achievement, matched; the enterprise reached out. */
  const contacted = async (title: string) => {
    const demand = await publishedItem(app, enterprise, 'demands', { title });
    const achievement = await publishedItem(app, university, 'achievements', CONFIDENTIAL_ACHIEVEMENT);
    const id = await insertMatch(app, demand.id, achievement.id);
    await act(enterprise, id, 'contact');
    return id;
  };
  /** Moves everything that happened on the match `days` back in time. */
  const age = (id: string, days: number) =>
    app.sql(
      `WITH m AS (UPDATE matches SET contacted_at = contacted_at - make_interval(days => $2), state_changed_at = state_changed_at - make_interval(days => $2),
                  met_at = met_at - make_interval(days => $2) WHERE id = $1 RETURNING id),
            r AS (UPDATE match_idle_reminders SET reminded_at = reminded_at - make_interval(days => $2) WHERE match_id = $1)
       UPDATE match_messages SET created_at = created_at - make_interval(days => $2) WHERE match_id = (SELECT id FROM m)`,
      [id, days],
    );
  const idleNotices = async (s: Session, matchId: string): Promise<Notice[]> =>
    ((await request(app.http).get('/api/v1/notifications').query({ kind: 'match' }).set(s.auth).expect(200)).body.items as Notice[]).filter((n) => n.kind === 'match.idle' && n.subject.matchId === matchId);
  const remind = () => app.worker!.get(IdleFollowUps).remind();

  it('the daily job asks both sides of a stalled follow-up, naming the other side only as each may read it; running again asks no one twice', async () => {
    const stalled = await contacted('轧机主轴承早期损伤预警');
    const talking = await contacted('高炉风机轴承振动监测');
    const recent = await contacted('连铸辊轴承状态评估');
    const sharing = await contacted('精轧机工作辊轴承润滑监测');
    const dismissed = await contacted('冷轧机支撑辊轴承寿命预测');
    // The university withdrew its achievement from the catalogue (closed, then archived): the enterprise can no longer act on that pair.
    const gone = await contacted('矿用破碎机轴承温升预警');
    const goneAchievement = (await app.sql<{ achievement_id: string }>('SELECT achievement_id FROM matches WHERE id = $1', [gone]))[0]!.achievement_id;
    await request(app.http).post(`/api/v1/achievements/${goneAchievement}/actions/close`).set(university.auth).send({}).expect(200);
    await request(app.http).delete(`/api/v1/achievements/${goneAchievement}`).set(university.auth).expect(204);
    await age(gone, 40);
    await request(app.http).post(`/api/v1/matches/${talking}/messages`).set(university.auth).send({ body: '下周可以安排现场交流。' }).expect(201);
    await act(enterprise, dismissed, 'dismiss', { reason: '已另选方案' });
    await age(stalled, 40);
    await age(dismissed, 40);
    await age(talking, 40);
    await request(app.http).post(`/api/v1/matches/${sharing}/documents`).set(university.auth).attach('file', Buffer.from('%PDF-1.7\n试验方案'), '试验方案.pdf').expect(201);
    await age(sharing, 40);
    // The message was old too: one written a week ago counts as progress.
    await app.sql(`UPDATE match_messages SET created_at = now() - interval '7 days' WHERE match_id = $1`, [talking]);
    // So does a document shared a week ago (对接资料).
    await app.sql(`UPDATE attachments SET created_at = now() - interval '7 days' WHERE item_kind = 'match' AND item_id = $1`, [sharing]);
    await age(recent, 20);

    await app.api.get(JobProducer).enqueue('matches.remind_idle', {});
    const [toEnterprise] = await eventually(async () => ((await idleNotices(enterprise, stalled)).length ? idleNotices(enterprise, stalled) : undefined));
    expect(toEnterprise!.title).toBe('轧机主轴承早期损伤预警：对接已 40 天没有进展');
    // The confidential achievement, not disclosed to the enterprise: its neutral title, its owner unnamed.
    expect(toEnterprise!.body).toContain(`成果「${CONFIDENTIAL_ACHIEVEMENT.neutralTitle}」`);
    expect(toEnterprise!.body).toContain('停留在“已联系”已 40 天');
    expect(JSON.stringify(toEnterprise)).not.toContain(HIDDEN_WORD);
    expect(JSON.stringify(toEnterprise)).not.toContain(CONFIDENTIAL_ACHIEVEMENT.title);
    expect(JSON.stringify(toEnterprise)).not.toContain('辽宁轴承技术研究大学');
    const toUniversity = await idleNotices(university, stalled);
    expect(toUniversity).toEqual([expect.objectContaining({ title: `${CONFIDENTIAL_ACHIEVEMENT.title}：对接已 40 天没有进展`, body: expect.stringContaining('需求「轧机主轴承早期损伤预警」（鞍山重型装备有限公司）') })]);
    for (const quiet of [talking, sharing, recent, dismissed, gone]) {
      expect(await idleNotices(enterprise, quiet)).toEqual([]);
      expect(await idleNotices(university, quiet)).toEqual([]);
    }
    const bench = (await request(app.http).get('/api/v1/me/workbench').set(enterprise.auth).expect(200)).body;
    expect(bench.matches).toMatchObject({ contacted: 4, idle: 1 });

    expect(await remind()).toEqual({ reminded: 0 });
    expect(await idleNotices(enterprise, stalled)).toHaveLength(1);
  });

  it('progress after a reminder starts a new spell: a month without progress again is reminded again', async () => {
    const id = await contacted('热连轧机减速机齿轮点蚀监测');
    await age(id, 35);
    expect(await remind()).toEqual({ reminded: 1 });
    // They met; then nothing for another five weeks.
    await act(university, id, 'meet');
    expect(await remind()).toEqual({ reminded: 0 });
    await age(id, 36);
    expect(await remind()).toEqual({ reminded: 1 });
    const notices = await idleNotices(enterprise, id);
    expect(notices.map((n) => n.body.match(/停留在“(.+?)”已 (\d+) 天/)!.slice(1))).toEqual([
      ['已约见', '36'],
      ['已联系', '35'],
    ]);
  });
});
