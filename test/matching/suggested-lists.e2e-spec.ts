import type { INestApplicationContext } from '@nestjs/common';
import { MatchRefresher, TOP_MATCHES } from '@techbridge/matches';
import request from 'supertest';
import { loginAdmin, registerOrganization, type Session } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { eventually, startTestApp, startWorker, type TestApp } from '../support/harness';
import { copiesOf, insertMatch, matchesReady } from '../support/matching';

/** What an item's match list suggests: pairs that can still be acted on, TOP_MATCHES of them. */
describe('suggested match lists', () => {
  let app: TestApp;
  let enterprise: Session;
  let university: Session;
  let worker: INestApplicationContext | undefined;

  // No worker at first: the first test reads the lists before any job has run.
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    enterprise = await registerOrganization(app, 'enterprise');
    university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
  });
  afterAll(async () => {
    await worker?.close();
    await app.close();
  });

  const listOf = async (session: Session, path: string, query: Record<string, string> = {}) =>
    (await request(app.http).get(path).query(query).set(session.auth).expect(200)).body as { items: Array<{ id: string; achievementId: string; state: string }>; total: number };

  it('a counterpart closed, taken back to draft or archived leaves the lists and their totals at once, before its job has run; a pair someone acted on stays', async () => {
    const demand = await publishedItem(app, enterprise, 'demands');
    const achievements: Record<string, string> = {};
    const matchOf: Record<string, string> = {};
    for (const name of ['kept', 'closed', 'drafted', 'archived', 'followed']) {
      achievements[name] = (await publishedItem(app, university, 'achievements')).id;
      matchOf[name] = await insertMatch(app, demand.id, achievements[name]);
    }
    await app.sql(`UPDATE matches SET state = 'contacted' WHERE id = $1`, [matchOf.followed]);
    const act = (name: string, action: string) => request(app.http).post(`/api/v1/achievements/${achievements[name]}/actions/${action}`).set(university.auth).send({}).expect(200);
    await act('closed', 'close');
    await act('followed', 'close');
    await act('drafted', 'close');
    await act('drafted', 'reopen');
    await act('archived', 'close');
    await request(app.http).delete(`/api/v1/achievements/${achievements.archived}`).set(university.auth).expect(204);
    // No job has withdrawn them yet: their rows still hold their places in the demand's list.
    expect(await app.sql(`SELECT count(*)::int AS n FROM matches WHERE demand_id = $1 AND demand_score IS NOT NULL`, [demand.id])).toEqual([{ n: 5 }]);

    const expected = [matchOf.followed, matchOf.kept].sort();
    const own = await listOf(enterprise, `/api/v1/demands/${demand.id}/matches`, { pageSize: '1' });
    expect(own.total).toBe(2);
    expect((await listOf(enterprise, `/api/v1/demands/${demand.id}/matches`)).items.map((m) => m.id).sort()).toEqual(expected);
    const admin = await loginAdmin(app);
    expect((await listOf(admin, `/api/v1/demands/${demand.id}/matches`)).items.map((m) => m.id).sort()).toEqual(expected);
    const followed = await listOf(enterprise, '/api/v1/matches', { pageSize: '1' });
    expect(followed.total).toBe(2);
  });

  it(`dismissed pairs take no place among the ${TOP_MATCHES} kept: recomputed, the list shows ${TOP_MATCHES} with the next candidates, and recomputing again changes nothing`, async () => {
    worker = await startWorker(app.env);
    // A few close matches and more than a list's worth of weaker ones behind them.
    await copiesOf(app, (await publishedItem(app, university, 'achievements')).id, 4, 'achievements');
    const original = await publishedItem(app, university, 'achievements', WEAKER);
    const weaker = [original.id, ...(await copiesOf(app, original.id, TOP_MATCHES, 'achievements'))];
    await eventually(async () => {
      const [{ behind }] = await app.sql<{ behind: number }>(`SELECT count(*)::int AS behind FROM achievements WHERE status = 'published' AND matched_version IS DISTINCT FROM version`);
      return behind === 0 ? true : undefined;
    }, 30_000);
    const demand = await publishedItem(app, enterprise, 'demands');
    await matchesReady(app, enterprise, 'demands', demand.id);
    const before = await listOf(enterprise, `/api/v1/demands/${demand.id}/matches`, { pageSize: '100' });
    expect(before.total).toBe(TOP_MATCHES);
    const closeMatches = before.items.filter((m) => !weaker.includes(m.achievementId));
    expect(closeMatches.length).toBeGreaterThanOrEqual(5);
    for (const m of closeMatches) {
      await request(app.http).post(`/api/v1/matches/${m.id}/actions/dismiss`).set(enterprise.auth).send({ reason: '方向不符' }).expect(200);
    }

    const current = await request(app.http).get(`/api/v1/demands/${demand.id}`).set(enterprise.auth).expect(200);
    const edited = await request(app.http).patch(`/api/v1/demands/${demand.id}`).set(enterprise.auth).send({ version: current.body.version, indicators: ['提前3个月发现损伤', '误报率≤3%'] }).expect(200);
    await matchesReady(app, enterprise, 'demands', demand.id, edited.body.version);
    const after = await listOf(enterprise, `/api/v1/demands/${demand.id}/matches`, { pageSize: '100' });
    expect(after.total).toBe(TOP_MATCHES);
    expect(after.items.every((m) => weaker.includes(m.achievementId))).toBe(true);
    const listedBefore = new Set(before.items.map((m) => m.achievementId));
    expect(after.items.filter((m) => !listedBefore.has(m.achievementId))).toHaveLength(closeMatches.length);
    // The dismissed pairs are kept, and listed when asked for.
    const dismissed = await listOf(enterprise, `/api/v1/demands/${demand.id}/matches`, { state: 'dismissed', pageSize: '100' });
    expect(dismissed.items.map((m) => m.id).sort()).toEqual(closeMatches.map((m) => m.id).sort());

    // The job delivered again writes nothing; computed again (a rebuild), the list holds the same pairs.
    const rows = () => app.sql<Record<string, unknown>>(`SELECT * FROM matches WHERE demand_id = $1 ORDER BY id`, [demand.id]);
    const written = async () => (await rows()).map((r) => `${r.id} ${r.version}`);
    const stored = await written();
    expect(await worker.get(MatchRefresher).refresh('demand', demand.id)).toBe('unchanged');
    expect(await written()).toEqual(stored);
    const listed = async () => (await rows()).map((r) => `${r.achievement_id} ${r.state} ${r.demand_score !== null}`);
    const kept = await listed();
    await worker.get(MatchRefresher).refresh('demand', demand.id, { force: true });
    expect(await listed()).toEqual(kept);
  });
});

/** An achievement on the demand's topic that fits it less well than the default one. */
const WEAKER = {
  title: '轴承座振动数据采集记录仪',
  summary: '记录轴承座振动数据并定期导出，便于人工分析设备状态。',
  keywords: ['振动', '数据采集'],
};
