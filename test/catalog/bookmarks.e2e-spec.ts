import request from 'supertest';
import { registerOrganization, type Session } from '../support/accounts';
import { achievementBody, publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { CONFIDENTIAL_ACHIEVEMENT, HIDDEN_WORD } from '../support/matching';

/** 收藏: each person keeps demands and achievements to come back to. */
describe('bookmarks', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(() => app.close());

  const keep = (s: Session, kind: string, id: string) => request(app.http).put(`/api/v1/me/bookmarks/${kind}/${id}`).set(s.auth);
  const kept = async (s: Session, query: Record<string, string> = {}) =>
    (await request(app.http).get('/api/v1/me/bookmarks').query(query).set(s.auth).expect(200)).body as { total: number; items: Array<{ kind: string; itemId: string; item: { title: string; redacted?: boolean } | null }> };

  it('keeps what a person can see, once, newest first, each item as they may read it today', async () => {
    const public1 = await publishedItem(app, university, 'achievements', { title: '风电轴承声发射监测系统' });
    const secret = await publishedItem(app, university, 'achievements', CONFIDENTIAL_ACHIEVEMENT);
    const demand = await publishedItem(app, enterprise, 'demands');
    for (const [kind, id] of [['achievement', public1.id], ['achievement', secret.id], ['achievement', public1.id], ['demand', demand.id]] as const) {
      await keep(enterprise, kind, id).expect(200);
    }
    const all = await kept(enterprise);
    expect(all.total).toBe(3);
    expect(all.items.map((b) => b.itemId)).toEqual([demand.id, secret.id, public1.id]);
    expect(all.items[2]!.item!.title).toBe('风电轴承声发射监测系统');
    // The confidential one shows only its neutral face.
    expect(all.items[1]!.item!.title).toBe(CONFIDENTIAL_ACHIEVEMENT.neutralTitle);
    expect(JSON.stringify(all)).not.toContain(HIDDEN_WORD);
    expect((await kept(enterprise, { kind: 'demand' })).items.map((b) => b.itemId)).toEqual([demand.id]);
    // Someone else's list is their own.
    expect((await kept(university)).total).toBe(0);

    // Taken back to draft by its owner, it stays in the list, unreadable.
    await request(app.http).post(`/api/v1/achievements/${public1.id}/actions/close`).set(university.auth).send({}).expect(200);
    await request(app.http).post(`/api/v1/achievements/${public1.id}/actions/reopen`).set(university.auth).send({}).expect(200);
    expect((await kept(enterprise)).items.find((b) => b.itemId === public1.id)!.item).toBeNull();

    await request(app.http).delete(`/api/v1/me/bookmarks/achievement/${secret.id}`).set(enterprise.auth).expect(204);
    await request(app.http).delete(`/api/v1/me/bookmarks/achievement/${secret.id}`).set(enterprise.auth).expect(404);
    expect((await kept(enterprise)).total).toBe(2);
    const personal = (await request(app.http).get('/api/v1/me/personal-data').set(enterprise.auth).expect(200)).body;
    expect(personal.bookmarks.map((b: { itemId: string }) => b.itemId).sort()).toEqual([demand.id, public1.id].sort());
  });

  it('refuses what the person cannot see, an unknown kind, and more than 500', async () => {
    const draft = (await request(app.http).post('/api/v1/achievements').set(university.auth).send(achievementBody()).expect(201)).body as { id: string };
    await keep(enterprise, 'demand', '00000000-0000-4000-8000-000000000000').expect(404);
    await keep(enterprise, 'achievement', draft.id).expect(404);
    expect((await keep(enterprise, 'event', '00000000-0000-4000-8000-000000000000').expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'kind' })]);
    const item = await publishedItem(app, university, 'achievements');
    await app.sql(
      `INSERT INTO bookmarks (user_id, item_kind, item_id) SELECT $1, 'demand', gen_random_uuid() FROM generate_series(1, 500 - (SELECT count(*)::int FROM bookmarks WHERE user_id = $1))`,
      [enterprise.userId],
    );
    expect((await keep(enterprise, 'achievement', item.id).expect(409)).body.code).toBe('too_many_bookmarks');
  });
});
