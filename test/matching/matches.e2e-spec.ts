import request from 'supertest';
import { scoringVersion } from '@techbridge/matching';
import { readFeedbackEvents } from '@techbridge/matches';
import { loadDatabaseSet } from '../../bench/matching/database-set';
import { registerOrganization, type Session } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { eventually, startTestApp, type TestApp } from '../support/harness';
import { CONFIDENTIAL_ACHIEVEMENT as SECRET, HIDDEN_WORD, matchesReady, matchList } from '../support/matching';

const PAINT = {
  title: '水性木器清漆耐水白改性技术',
  summary: '通过核壳乳液与纳米二氧化硅复配，提高水性清漆的耐水性和早期硬度，适用于家具涂装。',
  keywords: ['水性涂料', '清漆'],
  fieldCode: 'materials',
  chainCodes: [],
  applicationScenarios: ['家具涂装'],
  innovationPoints: ['核壳乳液'],
};

describe('matches (publish → worker → stored matches → API)', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let outsider: Session;
  let demand: { id: string; version: number };
  let bearing: { id: string };
  let paint: { id: string };
  let secret: { id: string };

  beforeAll(async () => {
    app = await startTestApp();
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    outsider = await registerOrganization(app, 'enterprise');
    for (const s of [enterprise, university, outsider]) await verifyOrganization(app, s.organizationId!);
    bearing = await publishedItem(app, university, 'achievements');
    paint = await publishedItem(app, university, 'achievements', PAINT);
    secret = await publishedItem(app, university, 'achievements', SECRET);
    demand = await publishedItem(app, enterprise, 'demands');
    await matchesReady(app, enterprise, 'demands', demand.id, demand.version);
  });
  afterAll(() => app.close());

  it('a published demand shows its matching state and lists the relevant achievement first, explained in Chinese', async () => {
    const res = await request(app.http).get(`/api/v1/demands/${demand.id}`).set(enterprise.auth).expect(200);
    // Stored under the weights and the knowledge the worker scored with.
    expect(res.body.matching).toMatchObject({ state: 'ready', version: demand.version, weightsVersion: scoringVersion() });
    const list = await matchList(app, enterprise, 'demands', demand.id);
    // The two bearing-monitoring achievements lead; the varnish one, if listed at all, trails.
    expect(list.slice(0, 2).map((m) => m.counterpart.id).sort()).toEqual([bearing.id, secret.id].sort());
    const open = list.find((m) => m.counterpart.id === bearing.id)!;
    expect(open.score).toBeGreaterThan(0);
    expect(open.components.text).toBeGreaterThan(0);
    expect(open.explanation.text).toMatch(/轴承/);
    const paintMatch = list.find((m) => m.counterpart.id === paint.id);
    if (paintMatch) expect(paintMatch.score).toBeLessThan(open.score / 2);
  });

  it('the achievement side sees the same pair from its own list', async () => {
    await matchesReady(app, university, 'achievements', bearing.id);
    const list = await matchList(app, university, 'achievements', bearing.id);
    expect(list.map((m) => m.counterpart.id)).toContain(demand.id);
  });

  it('a confidential achievement appears redacted: neutral title, no hidden word anywhere, no components from hidden details', async () => {
    const list = await matchList(app, enterprise, 'demands', demand.id);
    const match = list.find((m) => m.counterpart.id === secret.id);
    expect(match).toBeDefined();
    expect(match!.counterpart).toMatchObject({ redacted: true, title: SECRET.neutralTitle });
    expect(Object.keys(match!.components).sort()).toEqual(['field', 'region']);
    const body = JSON.stringify(list);
    expect(body).not.toContain(HIDDEN_WORD);
    expect(body).not.toContain(SECRET.title);
    const one = await request(app.http).get(`/api/v1/matches/${match!.id}`).set(enterprise.auth).expect(200);
    expect(JSON.stringify(one.body)).not.toContain(HIDDEN_WORD);
  });

  it('after the owner discloses the achievement, the same match shows its details', async () => {
    await request(app.http).put(`/api/v1/achievements/${secret.id}/disclosures/${enterprise.organizationId}`).set(university.auth).expect(200);
    const list = await matchList(app, enterprise, 'demands', demand.id);
    const match = list.find((m) => m.counterpart.id === secret.id)!;
    expect(match.counterpart).toMatchObject({ redacted: false, title: SECRET.title });
    expect(Object.keys(match.components)).toContain('text');
    await request(app.http).delete(`/api/v1/achievements/${secret.id}/disclosures/${enterprise.organizationId}`).set(university.auth).expect(204);
  });

  it('others cannot read an item’s matches or a match: 403 on a visible item, 404 on the match', async () => {
    const denied = await request(app.http).get(`/api/v1/demands/${demand.id}/matches`).set(outsider.auth).expect(403);
    expect(denied.body.code).toBe('not_owner');
    const [match] = await matchList(app, enterprise, 'demands', demand.id);
    await request(app.http).get(`/api/v1/matches/${match!.id}`).set(outsider.auth).expect(404);
    await request(app.http).get(`/api/v1/demands/${demand.id}/matches`).expect(401);
  });

  it('both sides give feedback; a bad verdict is a 400 naming the field; outsiders get 404', async () => {
    const [match] = await matchList(app, enterprise, 'demands', demand.id);
    await request(app.http).post(`/api/v1/matches/${match!.id}/feedback`).set(enterprise.auth).send({ verdict: 'interested', reason: '技术路线合适' }).expect(200);
    await request(app.http).post(`/api/v1/matches/${match!.id}/feedback`).set(university.auth).send({ verdict: 'interested' }).expect(200);
    const bad = await request(app.http).post(`/api/v1/matches/${match!.id}/feedback`).set(enterprise.auth).send({ verdict: 'maybe' }).expect(400);
    expect(bad.body.fields.map((e: { field: string }) => e.field)).toContain('verdict');
    await request(app.http).post(`/api/v1/matches/${match!.id}/feedback`).set(outsider.auth).send({ verdict: 'interested' }).expect(404);
    const rows = await app.sql<{ side: string; verdict: string }>(`SELECT side, verdict FROM match_feedback WHERE match_id = $1 ORDER BY side`, [match!.id]);
    expect(rows).toEqual([
      { side: 'achievement', verdict: 'interested' },
      { side: 'demand', verdict: 'interested' },
    ]);
  });

  it('a match moves forward step by step; a step out of order is a 409 naming both states', async () => {
    const [match] = await matchList(app, enterprise, 'demands', demand.id);
    const skip = await request(app.http).post(`/api/v1/matches/${match!.id}/actions/deal`).set(enterprise.auth).send({}).expect(409);
    expect(skip.body.details).toMatchObject({ from: 'suggested', to: 'deal' });
    await request(app.http).post(`/api/v1/matches/${match!.id}/actions/contact`).set(enterprise.auth).send({}).expect(200);
    await request(app.http).post(`/api/v1/matches/${match!.id}/actions/meet`).set(university.auth).send({}).expect(200);
    const negotiating = await request(app.http).post(`/api/v1/matches/${match!.id}/actions/negotiate`).set(enterprise.auth).send({}).expect(200);
    expect(negotiating.body.state).toBe('negotiating');
    const stale = await request(app.http).post(`/api/v1/matches/${match!.id}/actions/deal`).set(enterprise.auth).send({ version: 1 }).expect(409);
    expect(stale.body.code).toBe('stale_version');
    await request(app.http).post(`/api/v1/matches/${match!.id}/actions/fly`).set(enterprise.auth).send({}).expect(400);
  });

  it('a dismissed pair leaves the list, needs a reason, and stays dismissed when the demand is recomputed', async () => {
    const list = await matchList(app, enterprise, 'demands', demand.id);
    const target = list.find((m) => m.state === 'suggested')!;
    const noReason = await request(app.http).post(`/api/v1/matches/${target.id}/actions/dismiss`).set(enterprise.auth).send({}).expect(400);
    expect(noReason.body.fields[0].field).toBe('reason');
    await request(app.http).post(`/api/v1/matches/${target.id}/actions/dismiss`).set(enterprise.auth).send({ reason: '方向不符' }).expect(200);
    expect((await matchList(app, enterprise, 'demands', demand.id)).map((m) => m.id)).not.toContain(target.id);
    expect((await matchList(app, enterprise, 'demands', demand.id, '?state=dismissed')).map((m) => m.id)).toEqual([target.id]);

    const current = await request(app.http).get(`/api/v1/demands/${demand.id}`).set(enterprise.auth).expect(200);
    const updated = await request(app.http)
      .patch(`/api/v1/demands/${demand.id}`)
      .set(enterprise.auth)
      .send({ version: current.body.version, keywords: ['轴承', '状态监测', '早期预警'] })
      .expect(200);
    await matchesReady(app, enterprise, 'demands', demand.id, updated.body.version);
    expect((await matchList(app, enterprise, 'demands', demand.id)).map((m) => m.id)).not.toContain(target.id);
    const [row] = await app.sql<{ state: string }>(`SELECT state FROM matches WHERE id = $1`, [target.id]);
    expect(row!.state).toBe('dismissed');
  });

  it('exports the stored feedback for tuning: every judgment, items named by their external reference', async () => {
    const run = (sql: string) => app.sql(sql);
    const byId = (await readFeedbackEvents(run)).filter((e) => e.demandId === demand.id);
    const [negotiated] = await app.sql<{ achievement_id: string }>(`SELECT achievement_id FROM matches WHERE demand_id = $1 AND state = 'negotiating'`, [demand.id]);
    const [dismissed] = await app.sql<{ achievement_id: string }>(`SELECT achievement_id FROM matches WHERE demand_id = $1 AND state = 'dismissed'`, [demand.id]);
    // The state people reached, and each side's "interested" on the negotiated pair.
    expect(byId).toEqual(
      expect.arrayContaining([
        { demandId: demand.id, achievementId: negotiated!.achievement_id, outcome: 'negotiating' },
        { demandId: demand.id, achievementId: negotiated!.achievement_id, outcome: 'contacted' },
        { demandId: demand.id, achievementId: dismissed!.achievement_id, outcome: 'dismissed' },
      ]),
    );
    expect(byId.filter((e) => e.outcome === 'contacted')).toHaveLength(2);
    expect(byId).toHaveLength(4);
    const refs = await app.sql<{ id: string; external_ref: string }>(
      `SELECT id, external_ref FROM tech_demands WHERE id = $1 UNION ALL SELECT id, external_ref FROM achievements WHERE id = $2`,
      [demand.id, negotiated!.achievement_id],
    );
    const byRef = await readFeedbackEvents(run, { byRef: true });
    expect(byRef).toContainEqual({ demandId: refs[0]!.external_ref, achievementId: refs[1]!.external_ref, outcome: 'negotiating' });
    expect(byRef.some((e) => e.demandId === demand.id)).toBe(false);
    // Tuning on the database's own catalogue judges each pair by the furthest it got.
    const set = await loadDatabaseSet(app.env.databaseUrl);
    expect(set.demands.map((d) => d.id)).toContain(demand.id);
    expect(Object.fromEntries(set.qrels.get(demand.id)!)).toEqual({ [negotiated!.achievement_id]: 2, [dismissed!.achievement_id]: 0 });
  });

  it('closing an achievement takes it out of the demand’s suggestions', async () => {
    const closed = await request(app.http).post(`/api/v1/achievements/${paint.id}/actions/close`).set(university.auth).send({}).expect(200);
    // The closed item's job withdraws it: its matched version catches up with its version.
    await eventually(async () => {
      const [item] = await app.sql<{ matched_version: number }>(`SELECT matched_version FROM achievements WHERE id = $1`, [paint.id]);
      return item!.matched_version === closed.body.version ? true : undefined;
    });
    const list = await matchList(app, enterprise, 'demands', demand.id);
    expect(list.map((m) => m.counterpart.id)).not.toContain(paint.id);
  });
});
