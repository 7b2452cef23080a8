import { type ComputedList, MatchStore, storeCall, TOP_MATCHES } from '@techbridge/matches';
import type { Match as ScoredPair } from '@techbridge/matching';
import { DataSource } from 'typeorm';
import { registerOrganization } from '../support/accounts';
import { publishedItem, verifyOrganization } from '../support/catalog';
import { startTestApp, type TestApp } from '../support/harness';
import { copiesOf } from '../support/matching';

const pair = (demandId: string, achievementId: string, score: number): ScoredPair => ({
  demandId,
  demandVersion: 1,
  achievementId,
  achievementVersion: 1,
  score,
  components: { text: score / 100 } as unknown as ScoredPair['components'],
  weightsVersion: 'test',
  explanation: { terms: [], notes: [] },
});

describe('match lists', () => {
  let app: TestApp;
  let store: MatchStore;

  beforeEach(async () => {
    app = await startTestApp({ worker: false });
    store = new MatchStore(app.api.get(DataSource));
  });
  afterEach(() => app.close());

  it(`an achievement listed by many demands keeps its best ${TOP_MATCHES}, however many chunks write at once`, async () => {
    const enterprise = await registerOrganization(app, 'enterprise');
    const university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    const achievements = [await publishedItem(app, university, 'achievements'), await publishedItem(app, university, 'achievements')];
    const demands = await copiesOf(app, (await publishedItem(app, enterprise, 'demands')).id, 3 * TOP_MATCHES);
    // Every demand lists both achievements, in opposite orders of score, so the chunks' writes
    // cross in both achievements' lists.
    const lists: ComputedList[] = demands.map((id, i) => ({
      id,
      version: 1,
      pairs: [pair(id, achievements[0]!.id, 10 + i / 4), pair(id, achievements[1]!.id, 90 - i / 4)],
    }));
    const chunks = Array.from({ length: 15 }, (_, c) => lists.filter((_, i) => i % 15 === c));
    await Promise.all(chunks.map((chunk) => store.storeAll('demand', chunk, 'test')));

    for (const [a, best] of [
      [achievements[0]!.id, lists.slice(-TOP_MATCHES)],
      [achievements[1]!.id, lists.slice(0, TOP_MATCHES)],
    ] as const) {
      const listed = await app.sql<{ demand_id: string }>(`SELECT demand_id FROM matches WHERE achievement_id = $1 AND achievement_score IS NOT NULL`, [a]);
      expect(listed.map((r) => r.demand_id).sort()).toEqual(best.map((l) => l.id).sort());
    }
    // Each demand's own list is whole, and rows in no list were deleted.
    const own = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM matches WHERE demand_score IS NOT NULL`);
    expect(Number(own[0]!.n)).toBe(2 * demands.length);
    const marked = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM tech_demands WHERE id = ANY($1::uuid[]) AND matched_version = 1 AND matched_weights = 'test'`, [demands]);
    expect(Number(marked[0]!.n)).toBe(demands.length);
  });

  it('recomputing an unchanged item keeps it in the lists of counterparts that rank it though it does not rank them; a changed one leaves them', async () => {
    const enterprise = await registerOrganization(app, 'enterprise');
    const university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    const demand = (await publishedItem(app, enterprise, 'demands')).id;
    const [a1, a2, a3] = await copiesOf(app, (await publishedItem(app, university, 'achievements')).id, 3, 'achievements');
    // Lists of two, so the demand's list fills with a2 and a3 and has no room for a1.
    const store = (kind: 'demand' | 'achievement', list: ComputedList) => {
      const [sql, params] = storeCall(kind, [list], 'test');
      return app.sql(sql, [...params.slice(0, 3), 2, params[4]]);
    };
    const demandList = (version: number): ComputedList => ({ id: demand, version, pairs: [pair(demand, a2!, 95), pair(demand, a3!, 93)].map((p) => ({ ...p, demandVersion: version })) });
    await store('demand', demandList(1));
    await store('achievement', { id: a1!, version: 1, pairs: [pair(demand, a1!, 50)] });
    const a1Lists = async () => (await app.sql<{ demand_score: number | null; achievement_score: number | null }>(`SELECT demand_score, achievement_score FROM matches WHERE achievement_id = $1`, [a1]))[0];
    expect(await a1Lists()).toEqual({ demand_score: null, achievement_score: 50 });

    // The demand computed again on the same version (a retry, a rebuild): a1 still lists it.
    await store('demand', demandList(1));
    expect(await a1Lists()).toEqual({ demand_score: null, achievement_score: 50 });
    // The demand changed: a1's score for it was computed on its earlier text, and leaves a1's list.
    await store('demand', demandList(2));
    expect(await a1Lists()).toBeUndefined();
  });

  it('a dismissed pair takes no place in its counterpart’s list: the next pairs enter and are trimmed as if it were not there', async () => {
    const enterprise = await registerOrganization(app, 'enterprise');
    const university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    const achievement = (await publishedItem(app, university, 'achievements')).id;
    const [d1, d2, d3, d4] = await copiesOf(app, (await publishedItem(app, enterprise, 'demands')).id, 4);
    // Lists of two, each demand's computation writing its pair into the achievement's list.
    const store = (demand: string, score: number) => {
      const [sql, params] = storeCall('demand', [{ id: demand, version: 1, pairs: [pair(demand, achievement, score)] }], 'test');
      return app.sql(sql, [...params.slice(0, 3), 2, params[4]]);
    };
    const suggested = async () =>
      (await app.sql<{ demand_id: string }>(`SELECT demand_id FROM matches WHERE achievement_id = $1 AND achievement_score IS NOT NULL AND state <> 'dismissed' ORDER BY achievement_score DESC`, [achievement])).map((r) => r.demand_id);
    await store(d1!, 90);
    await store(d2!, 80);
    await app.sql(`UPDATE matches SET state = 'dismissed' WHERE demand_id = $1`, [d1]);
    await store(d3!, 70);
    expect(await suggested()).toEqual([d2, d3]);
    await store(d4!, 85);
    expect(await suggested()).toEqual([d4, d2]);
    // The dismissed pair keeps its row and its score (restored, it shows at its rank).
    expect(await app.sql(`SELECT achievement_score FROM matches WHERE demand_id = $1`, [d1])).toEqual([{ achievement_score: 90 }]);
  });

  it('demand and achievement writers storing the same pairs at once never deadlock', async () => {
    const enterprise = await registerOrganization(app, 'enterprise');
    const university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    const demands = await copiesOf(app, (await publishedItem(app, enterprise, 'demands')).id, 40);
    const achievements = await copiesOf(app, (await publishedItem(app, university, 'achievements')).id, 40, 'achievements');
    // Every demand lists every achievement and the other way round, so each demand batch and each
    // achievement batch write many of the same rows; a second round updates the rows the first made.
    const score = (d: number, a: number, round: number) => 10 + ((d * 7 + a * 3 + round * 5) % 80);
    for (const [round, version] of [[0, 1], [1, 2], [2, 3]] as const) {
      const demandLists = demands.map((d, i) => ({ id: d, version, pairs: achievements.map((a, j) => pair(d, a, score(i, j, round))) }));
      const achievementLists = achievements.map((a, j) => ({ id: a, version, pairs: demands.map((d, i) => pair(d, a, score(i, j, round) + 0.5)) }));
      const batches = (lists: ComputedList[]) => Array.from({ length: 4 }, (_, b) => lists.filter((_, i) => i % 4 === b));
      // Called bare, each on its own connection: MatchStore would retry a call aborted by a deadlock.
      const calls = [
        ...batches(demandLists).map((b) => app.sql(...storeCall('demand', b, 'test'))),
        ...batches(achievementLists).map((b) => app.sql(...storeCall('achievement', b, 'test'))),
      ];
      const results = await Promise.allSettled(calls);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    }
    const lists = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM matches WHERE demand_score IS NOT NULL AND achievement_score IS NOT NULL`);
    expect(Number(lists[0]!.n)).toBe(demands.length * achievements.length);
  });

  it('a demand whose list shrinks leaves the dropped counterpart’s list, and the row nobody acted on is deleted', async () => {
    const enterprise = await registerOrganization(app, 'enterprise');
    const university = await registerOrganization(app, 'university');
    for (const s of [enterprise, university]) await verifyOrganization(app, s.organizationId!);
    const [a, b] = [await publishedItem(app, university, 'achievements'), await publishedItem(app, university, 'achievements')];
    const demand = await publishedItem(app, enterprise, 'demands');
    await store.storeAll('demand', [{ id: demand.id, version: 1, pairs: [pair(demand.id, a.id, 80), pair(demand.id, b.id, 70)] }], 'test');
    await store.storeAll('demand', [{ id: demand.id, version: 2, pairs: [pair(demand.id, a.id, 75)] }], 'test');
    const rows = await app.sql<{ achievement_id: string; demand_score: number; achievement_score: number }>(
      `SELECT achievement_id, demand_score, achievement_score FROM matches WHERE demand_id = $1`,
      [demand.id],
    );
    expect(rows).toEqual([{ achievement_id: a.id, demand_score: 75, achievement_score: 75 }]);
  });
});
